import type { App, HttpDeps } from '../types.ts';
import { registerCustomerCreate } from './customer-create.ts';
import { registerCustomerDelete } from './customer-delete.ts';
import { registerCustomerList } from './customer-list.ts';
import { registerCustomerRetrieve } from './customer-retrieve.ts';
import { registerCustomerUpdate } from './customer-update.ts';

export function registerCustomers(app: App, deps: HttpDeps): void {
  registerCustomerList(app, deps);
  registerCustomerCreate(app, deps);
  registerCustomerRetrieve(app, deps);
  registerCustomerUpdate(app, deps);
  registerCustomerDelete(app, deps);
}
