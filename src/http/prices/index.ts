export { registerPrices } from './price-routes.ts';
