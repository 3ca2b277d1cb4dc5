import { registerAdmin as registerAccountAdmin } from './admin-routes.ts';
import { registerCatalogueLogoRoutes } from './catalogue-logo-routes.ts';
import { registerCatalogueRoutes } from './catalogue-routes.ts';
import { registerMarketPriceRoutes } from './market-price-routes.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';
import type { App, HttpDeps } from '../types.ts';

/**
 * The admin surface: accounts and keys, market-price imports, webhook endpoints and keys, the
 * provider and tariff-library catalogue (and its public logos).
 */
export function registerAdmin(app: App, deps: HttpDeps): void {
  registerAccountAdmin(app, deps);
  registerMarketPriceRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerCatalogueRoutes(app, deps);
  registerCatalogueLogoRoutes(app, deps);
}
