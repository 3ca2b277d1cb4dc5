import { Type } from 'typebox';
import { deleteLocation } from '../../core/cascade/cascade.ts';
import {
  createLocation,
  listLocations,
  retrieveLocation,
  updateLocation,
} from '../../core/locations/locations.ts';
import { retrieveLocationStatus } from '../../core/tariffs/location-status.ts';
import {
  Accepted,
  idParams,
  listOf,
  PageQuerySchema,
  ReferenceIdQuery,
  sendAccepted,
  toApiList,
  toPageQuery,
} from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import {
  fromApiLocationBody,
  LocationBody,
  LocationCreateBody,
  LocationSchema,
  LocationStatusSchema,
  toApiLocation,
  toApiLocationStatus,
} from './location-schema.ts';

const params = idParams('loc', 'loc_641b90b758fb8e6293716e40');
const tags = ['Locations'];

export function registerLocations(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/locations',
    {
      config: { operation: 'location_list' },
      schema: {
        tags,
        summary: 'List locations, newest first',
        querystring: Type.Object({
          ...PageQuerySchema,
          ...ReferenceIdQuery,
          customer_id: Type.Optional(Type.String({ description: 'Only the locations of this customer' })),
        }),
        response: { 200: listOf(LocationSchema, '/locations') },
      },
    },
    async function location_list(request) {
      const page = await listLocations(
        ctx,
        scopeOf(request),
        { referenceId: request.query.reference_id, customerId: request.query.customer_id },
        toPageQuery(request.query),
      );
      return toApiList('/locations', page, toApiLocation);
    },
  );

  app.post(
    '/locations',
    {
      config: { operation: 'location_create' },
      schema: {
        tags,
        summary: 'Create a location',
        body: LocationCreateBody,
        response: { 201: LocationSchema },
      },
    },
    async function location_create(request, reply) {
      const location = await createLocation(ctx, scopeOf(request), fromApiLocationBody(request.body));
      return reply.code(201).send(toApiLocation(location));
    },
  );

  app.get(
    '/locations/:id',
    {
      config: { operation: 'location_retrieve' },
      schema: { tags, summary: 'Retrieve a location', params, response: { 200: LocationSchema } },
    },
    async function location_retrieve(request) {
      return toApiLocation(await retrieveLocation(ctx, scopeOf(request), request.params.id));
    },
  );

  app.patch(
    '/locations/:id',
    {
      config: { operation: 'location_update' },
      schema: {
        tags,
        summary: 'Update a location',
        params,
        body: LocationBody,
        response: { 200: LocationSchema },
      },
    },
    async function location_update(request) {
      return toApiLocation(
        await updateLocation(ctx, scopeOf(request), request.params.id, fromApiLocationBody(request.body)),
      );
    },
  );

  app.delete(
    '/locations/:id',
    {
      config: { operation: 'location_delete' },
      schema: { tags, summary: 'Delete a location and its tariffs', params, response: { 202: Accepted } },
    },
    async function location_delete(request, reply) {
      await deleteLocation(ctx, scopeOf(request), request.params.id);
      return sendAccepted(reply);
    },
  );

  app.get(
    '/locations/:id/status',
    {
      config: { operation: 'location_status_retrieve' },
      schema: {
        tags,
        summary: 'Retrieve the tariff connection status of each slot',
        params,
        response: { 200: LocationStatusSchema },
      },
    },
    async function location_status_retrieve(request) {
      return toApiLocationStatus(await retrieveLocationStatus(ctx, scopeOf(request), request.params.id));
    },
  );
}
