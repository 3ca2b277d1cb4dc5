import { updateCustomer } from '../../core/customers/customers.ts';
import { idParams } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { CustomerBody, CustomerSchema, toApiCustomer } from './customer-schema.ts';

export function registerCustomerUpdate(app: App, { ctx }: HttpDeps): void {
  app.patch(
    '/customers/:id',
    {
      config: { operation: 'customer_update' },
      schema: {
        tags: ['Customers'],
        summary: 'Update a customer (202 with the customer, as the anode reference documents)',
        params: idParams('cus', 'cus_65e421d1daa4a24082b4f590'),
        body: CustomerBody,
        response: { 202: CustomerSchema },
      },
    },
    async (request, reply) => {
      const customer = await updateCustomer(ctx, scopeOf(request), request.params.id, {
        referenceId: request.body.reference_id,
      });
      return reply.code(202).send(toApiCustomer(customer));
    },
  );
}
