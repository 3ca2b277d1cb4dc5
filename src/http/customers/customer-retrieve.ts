import { retrieveCustomer } from '../../core/customers/customers.ts';
import { idParams } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { CustomerSchema, toApiCustomer } from './customer-schema.ts';

export function registerCustomerRetrieve(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/customers/:id',
    {
      config: { operation: 'customer_retrieve' },
      schema: {
        tags: ['Customers'],
        summary: 'Retrieve a customer',
        params: idParams('cus', 'cus_65e421d1daa4a24082b4f590'),
        response: { 200: CustomerSchema },
      },
    },
    async (request) => toApiCustomer(await retrieveCustomer(ctx, scopeOf(request), request.params.id)),
  );
}
