export { registerCustomers } from './customer-routes.ts';
