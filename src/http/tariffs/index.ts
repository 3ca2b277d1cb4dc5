export { registerTariffs } from './tariff-routes.ts';
