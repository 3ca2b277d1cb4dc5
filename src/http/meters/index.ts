export { registerMeters } from './meter-routes.ts';
