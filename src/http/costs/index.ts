export { registerCosts } from './cost-routes.ts';
