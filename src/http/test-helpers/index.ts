// Test helpers: Offpeak's extensions under /test_helpers/ that let an integrator drive test mode
// (its clock, its reset, its simulated market's scenarios). Not part of Flatpeak's API; test keys only.
import type { App, HttpDeps } from '../types.ts';
import { registerMarketScenarios } from './market-scenario-routes.ts';
import { registerTestClockRoutes } from './test-clock-routes.ts';

export { TEST_HELPERS_TAG } from './test-clock-schema.ts';

export function registerTestHelpers(app: App, deps: HttpDeps): void {
  registerTestClockRoutes(app, deps);
  registerMarketScenarios(app, deps); // [decision:market-scenarios]
}
