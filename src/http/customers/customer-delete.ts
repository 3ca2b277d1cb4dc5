import { deleteCustomer } from '../../core/customers/customers.ts';
import { Accepted, idParams } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';

export function registerCustomerDelete(app: App, { ctx }: HttpDeps): void {
  app.delete(
    '/customers/:id',
    {
      config: { operation: 'customer_delete' },
      schema: {
        tags: ['Customers'],
        summary: 'Delete a customer and its locations',
        params: idParams('cus', 'cus_65e421d1daa4a24082b4f590'),
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      await deleteCustomer(ctx, scopeOf(request), request.params.id);
      return reply.code(202).send({ message: 'Accepted' as const });
    },
  );
}
