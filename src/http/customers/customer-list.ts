import { Type } from 'typebox';
import { listCustomers } from '../../core/customers/customers.ts';
import { listOf, PageQuerySchema, ReferenceIdQuery, toApiList, toPageQuery } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { CustomerSchema, toApiCustomer } from './customer-schema.ts';

export function registerCustomerList(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/customers',
    {
      config: { operation: 'customer_list' },
      schema: {
        tags: ['Customers'],
        summary: 'List customers, newest first',
        querystring: Type.Object({ ...PageQuerySchema, ...ReferenceIdQuery }),
        response: { 200: listOf(CustomerSchema, '/customers') },
      },
    },
    async (request) => {
      const page = await listCustomers(
        ctx,
        scopeOf(request),
        { referenceId: request.query.reference_id },
        toPageQuery(request.query),
      );
      return toApiList('/customers', { data: page.data.map(toApiCustomer), hasMore: page.hasMore });
    },
  );
}
