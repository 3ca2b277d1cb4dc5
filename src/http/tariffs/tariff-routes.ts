import { Type } from 'typebox';
import {
  createTariff,
  deleteTariff,
  listTariffs,
  retrieveTariff,
  updateTariff,
} from '../../core/tariffs/tariffs.ts';
import {
  Accepted,
  idParams,
  listOf,
  PageQuerySchema,
  sendAccepted,
  toApiList,
  toPageQuery,
} from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import {
  fromApiTariffBody,
  resolveTariffAliases,
  TariffCreateBody,
  tariffDirectionField,
  TariffSchema,
  tariffTypeField,
  TariffUpdateBody,
  toApiTariff,
} from './tariff-schema.ts';

const params = idParams('trf', 'trf_66ba584eb6923d7c3b942ef6');
const tags = ['Tariffs'];

/** The anode paths, and zero's `/tariffs/elements` aliases with operation names of their own. */
const PATHS = [
  {
    base: '/tariffs',
    hide: false,
    operations: {
      list: 'tariff_list',
      create: 'tariff_create',
      retrieve: 'tariff_retrieve',
      update: 'tariff_update',
      delete: 'tariff_delete',
    },
  },
  {
    base: '/tariffs/elements',
    hide: true,
    operations: {
      list: 'tariff_element_list',
      create: 'tariff_element_create',
      retrieve: 'tariff_element_retrieve',
      update: 'tariff_element_update',
      delete: 'tariff_element_delete',
    },
  },
] as const;

/**
 * The tariff endpoints, served at the anode paths and at zero's `/tariffs/elements` paths, which
 * take the same bodies. The zero aliases keep their own operation names so that errors say which
 * path was called.
 */
export function registerTariffs(app: App, { ctx }: HttpDeps): void {
  for (const { base, hide, operations } of PATHS) {
    app.get(
      base,
      {
        config: { operation: operations.list },
        schema: {
          tags,
          hide,
          summary: 'List tariffs, newest first',
          querystring: Type.Object({
            ...PageQuerySchema,
            location_id: Type.Optional(Type.String({ description: 'Only the tariffs of this location' })),
            direction: Type.Optional(tariffDirectionField('Only the tariffs of this direction')),
            tariff_direction: Type.Optional(tariffDirectionField('Alias of direction')),
            type: Type.Optional(tariffTypeField('Only the tariffs of this type')),
            tariff_type: Type.Optional(tariffTypeField('Alias of type')),
          }),
          response: { 200: listOf(TariffSchema, '/tariffs') },
        },
      },
      async function tariff_list(request) {
        const query = request.query;
        const page = await listTariffs(
          ctx,
          scopeOf(request),
          {
            locationId: query.location_id,
            direction: query.direction ?? query.tariff_direction,
            type: query.type ?? query.tariff_type,
          },
          toPageQuery(query),
        );
        return toApiList(base, page, toApiTariff);
      },
    );

    app.post(
      base,
      {
        config: { operation: operations.create },
        // `tariff_direction`/`tariff_type` alone stand for the required `direction`/`type`.
        preValidation: async (request) => resolveTariffAliases(request.body),
        schema: {
          tags,
          hide,
          summary: 'Create a tariff',
          body: TariffCreateBody,
          response: { 201: TariffSchema },
        },
      },
      async function tariff_create(request, reply) {
        const tariff = await createTariff(ctx, scopeOf(request), fromApiTariffBody(request.body));
        return reply.code(201).send(toApiTariff(tariff));
      },
    );

    app.get(
      `${base}/:id`,
      {
        config: { operation: operations.retrieve },
        schema: { tags, hide, summary: 'Retrieve a tariff', params, response: { 200: TariffSchema } },
      },
      async function tariff_retrieve(request) {
        return toApiTariff(await retrieveTariff(ctx, scopeOf(request), request.params.id));
      },
    );

    app.patch(
      `${base}/:id`,
      {
        config: { operation: operations.update },
        schema: {
          tags,
          hide,
          summary: 'Update a tariff (partial; location, direction and type are fixed)',
          params,
          body: TariffUpdateBody,
          response: { 200: TariffSchema },
        },
      },
      async function tariff_update(request) {
        return toApiTariff(
          await updateTariff(ctx, scopeOf(request), request.params.id, fromApiTariffBody(request.body)),
        );
      },
    );

    app.delete(
      `${base}/:id`,
      {
        config: { operation: operations.delete },
        schema: { tags, hide, summary: 'Delete a tariff', params, response: { 202: Accepted } },
      },
      async function tariff_delete(request, reply) {
        await deleteTariff(ctx, scopeOf(request), request.params.id);
        return sendAccepted(reply);
      },
    );
  }
}
