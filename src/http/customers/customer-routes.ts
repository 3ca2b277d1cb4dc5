import { Type } from 'typebox';
import { deleteCustomer } from '../../core/cascade/cascade.ts';
import {
  createCustomer,
  listCustomers,
  retrieveCustomer,
  updateCustomer,
} from '../../core/customers/customers.ts';
import {
  Accepted,
  idParams,
  listOf,
  PageQuerySchema,
  ReferenceIdQuery,
  sendAccepted,
  sendJsonList,
  toPageQuery,
} from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { CustomerBody, CustomerSchema, customerJson, toApiCustomer } from './customer-schema.ts';

const params = idParams('cus', 'cus_65e421d1daa4a24082b4f590');
const tags = ['Customers'];

export function registerCustomers(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/customers',
    {
      config: { operation: 'customer_list' },
      schema: {
        tags,
        summary: 'List customers, newest first',
        querystring: Type.Object({ ...PageQuerySchema, ...ReferenceIdQuery }),
        response: { 200: listOf(CustomerSchema, '/customers') },
      },
    },
    async function customer_list(request, reply) {
      const page = await listCustomers(
        ctx,
        scopeOf(request),
        { referenceId: request.query.reference_id },
        toPageQuery(request.query),
      );
      // The hottest read: each customer is written as JSON directly (customerJson).
      return sendJsonList(reply, '/customers', page, customerJson);
    },
  );

  app.post(
    '/customers',
    {
      config: { operation: 'customer_create' },
      schema: { tags, summary: 'Create a customer', body: CustomerBody, response: { 201: CustomerSchema } },
    },
    async function customer_create(request, reply) {
      const customer = await createCustomer(ctx, scopeOf(request), {
        referenceId: request.body.reference_id,
      });
      return reply.code(201).send(toApiCustomer(customer));
    },
  );

  app.get(
    '/customers/:id',
    {
      config: { operation: 'customer_retrieve' },
      schema: { tags, summary: 'Retrieve a customer', params, response: { 200: CustomerSchema } },
    },
    async function customer_retrieve(request) {
      return toApiCustomer(await retrieveCustomer(ctx, scopeOf(request), request.params.id));
    },
  );

  app.patch(
    '/customers/:id',
    {
      config: { operation: 'customer_update' },
      schema: {
        tags,
        summary: 'Update a customer (202 with the customer, as the anode reference documents)',
        params,
        body: CustomerBody,
        response: { 202: CustomerSchema },
      },
    },
    async function customer_update(request, reply) {
      const customer = await updateCustomer(ctx, scopeOf(request), request.params.id, {
        referenceId: request.body.reference_id,
      });
      return reply.code(202).send(toApiCustomer(customer));
    },
  );

  app.delete(
    '/customers/:id',
    {
      config: { operation: 'customer_delete' },
      schema: { tags, summary: 'Delete a customer and its locations', params, response: { 202: Accepted } },
    },
    async function customer_delete(request, reply) {
      await deleteCustomer(ctx, scopeOf(request), request.params.id);
      return sendAccepted(reply);
    },
  );
}
