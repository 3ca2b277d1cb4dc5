import { createCustomer } from '../../core/customers/customers.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { CustomerBody, CustomerSchema, toApiCustomer } from './customer-schema.ts';

export function registerCustomerCreate(app: App, { ctx }: HttpDeps): void {
  app.post(
    '/customers',
    {
      config: { operation: 'customer_create' },
      schema: {
        tags: ['Customers'],
        summary: 'Create a customer',
        body: CustomerBody,
        response: { 201: CustomerSchema },
      },
    },
    async (request, reply) => {
      const customer = await createCustomer(ctx, scopeOf(request), { referenceId: request.body.reference_id });
      return reply.code(201).send(toApiCustomer(customer));
    },
  );
}
