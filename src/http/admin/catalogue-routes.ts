import { Type, type Static, type TSchema } from 'typebox';
import {
  adminCreateLibraryTariff,
  adminCreateProvider,
  adminDeleteLibraryTariff,
  adminDeleteProvider,
  adminListLibraryTariffs,
  adminListProviders,
  adminRetrieveLibraryTariff,
  adminRetrieveProvider,
  adminUpdateLibraryTariff,
  adminUpdateProvider,
  importCatalogue,
} from '../../core/catalogue/admin.ts';
import { CATALOGUE_FORMATS } from '../../core/catalogue/catalogue-data.ts';
import { idOf, stringEnum } from '../schemas.ts';
import type { App, HttpDeps } from '../types.ts';
import {
  CatalogueImportSchema,
  LIBRARY_TARIFF_EXAMPLE,
  LibraryTariffCreateBody,
  LibraryTariffSchema,
  LibraryTariffUpdateBody,
  PROVIDER_EXAMPLE,
  ProviderCreateBody,
  ProviderSchema,
  ProviderUpdateBody,
  fromApiLibraryTariffBody,
  fromApiProviderBody,
  toApiCatalogueImport,
  toApiLibraryTariff,
  toApiProvider,
} from './catalogue-schema.ts';

function described<T extends TSchema>(schema: T, description: string) {
  return Type.Unsafe<Static<T>>({ ...schema, description });
}

/** Catalogue files are small next to market feeds; 4 MiB holds a URDB page of 100 rates. */
const IMPORT_BODY_LIMIT = 4 * 1024 * 1024;

const listSchema = <T extends TSchema>(item: T, what: string) =>
  described(
    Type.Object({ object: Type.Literal('list'), has_more: Type.Boolean(), data: Type.Array(item) }),
    `A page of ${what}, by ID`,
  );

const pageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, examples: [100] })),
  starting_after: Type.Optional(
    Type.String({ pattern: '^[a-z]{3}_[0-9a-f]{24,32}$', description: 'Return the objects after this ID' }),
  ),
};

const deleted = (object: string) =>
  described(
    Type.Object({ id: Type.String(), object: Type.Literal(object), deleted: Type.Literal(true) }),
    'Deleted',
  );

/**
 * The provider and tariff-library catalogue under /admin/catalogue: one for the whole server
 * [decision:catalogue-is-global], managed with the admin token like the rest of /admin.
 */
export function registerCatalogueRoutes(app: App, { ctx }: HttpDeps): void {
  const tags = ['Admin'];
  const security = [{ adminToken: [] }];
  const route = (operation: string) => ({ operation, auth: 'admin' as const, rateLimit: false });
  const providers = '/admin/catalogue/providers';
  const tariffs = '/admin/catalogue/tariffs';

  app.get(
    providers,
    {
      config: route('admin_catalogue_provider_list'),
      schema: {
        tags,
        security,
        summary: 'List the providers of the catalogue, sandbox ones included',
        querystring: Type.Object({
          country_code: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', examples: ['GB'] })),
          ...pageQuery,
        }),
        response: { 200: listSchema(ProviderSchema, 'providers') },
      },
    },
    async function admin_catalogue_provider_list(request) {
      const page = await adminListProviders(
        ctx,
        { countryCode: request.query.country_code },
        { limit: request.query.limit ?? 100, after: request.query.starting_after },
      );
      return { object: 'list' as const, has_more: page.hasMore, data: page.data.map(toApiProvider) };
    },
  );

  app.post(
    providers,
    {
      config: route('admin_catalogue_provider_create'),
      schema: {
        tags,
        security,
        summary: 'Add a provider to the catalogue',
        body: ProviderCreateBody,
        response: { 201: described(ProviderSchema, 'The provider, created') },
      },
    },
    async function admin_catalogue_provider_create(request, reply) {
      const provider = await adminCreateProvider(ctx, fromApiProviderBody(request.body));
      return reply.code(201).send(toApiProvider(provider));
    },
  );

  const providerParams = (example: string) => Type.Object({ id: idOf('prv', example) });

  app.get(
    `${providers}/:id`,
    {
      config: route('admin_catalogue_provider_retrieve'),
      schema: {
        tags,
        security,
        summary: 'Retrieve a provider of the catalogue',
        params: providerParams(PROVIDER_EXAMPLE),
        response: { 200: described(ProviderSchema, 'The provider') },
      },
    },
    async function admin_catalogue_provider_retrieve(request) {
      return toApiProvider(await adminRetrieveProvider(ctx, request.params.id));
    },
  );

  app.patch(
    `${providers}/:id`,
    {
      config: route('admin_catalogue_provider_update'),
      schema: {
        tags,
        security,
        summary: 'Change a provider of the catalogue',
        params: providerParams(PROVIDER_EXAMPLE),
        body: ProviderUpdateBody,
        response: { 200: described(ProviderSchema, 'The provider as changed') },
      },
    },
    async function admin_catalogue_provider_update(request) {
      return toApiProvider(
        await adminUpdateProvider(ctx, request.params.id, fromApiProviderBody(request.body)),
      );
    },
  );

  app.delete(
    `${providers}/:id`,
    {
      config: route('admin_catalogue_provider_delete'),
      schema: {
        tags,
        security,
        summary: 'Remove a provider without library tariffs from the catalogue',
        // a MARKET provider of the starting catalogue (Nord Pool NO5), which has no library tariff
        params: providerParams('prv_b39068cbf60e7fe36639a19f'),
        response: { 200: deleted('provider') },
      },
    },
    async function admin_catalogue_provider_delete(request) {
      await adminDeleteProvider(ctx, request.params.id);
      return { id: request.params.id, object: 'provider' as const, deleted: true as const };
    },
  );

  app.get(
    tariffs,
    {
      config: route('admin_catalogue_tariff_list'),
      schema: {
        tags,
        security,
        summary: 'List the library tariffs of the catalogue',
        querystring: Type.Object({
          provider_id: Type.Optional(idOf('prv', PROVIDER_EXAMPLE)),
          ...pageQuery,
        }),
        response: { 200: listSchema(LibraryTariffSchema, 'library tariffs') },
      },
    },
    async function admin_catalogue_tariff_list(request) {
      const page = await adminListLibraryTariffs(
        ctx,
        { providerId: request.query.provider_id },
        { limit: request.query.limit ?? 100, after: request.query.starting_after },
      );
      return { object: 'list' as const, has_more: page.hasMore, data: page.data.map(toApiLibraryTariff) };
    },
  );

  app.post(
    tariffs,
    {
      config: route('admin_catalogue_tariff_create'),
      schema: {
        tags,
        security,
        summary: 'Add a library tariff to a provider',
        body: LibraryTariffCreateBody,
        response: { 201: described(LibraryTariffSchema, 'The library tariff, created') },
      },
    },
    async function admin_catalogue_tariff_create(request, reply) {
      const tariff = await adminCreateLibraryTariff(ctx, fromApiLibraryTariffBody(request.body));
      return reply.code(201).send(toApiLibraryTariff(tariff));
    },
  );

  const tariffParams = (example: string) => Type.Object({ id: idOf('trt', example) });

  app.get(
    `${tariffs}/:id`,
    {
      config: route('admin_catalogue_tariff_retrieve'),
      schema: {
        tags,
        security,
        summary: 'Retrieve a library tariff',
        params: tariffParams(LIBRARY_TARIFF_EXAMPLE),
        response: { 200: described(LibraryTariffSchema, 'The library tariff') },
      },
    },
    async function admin_catalogue_tariff_retrieve(request) {
      return toApiLibraryTariff(await adminRetrieveLibraryTariff(ctx, request.params.id));
    },
  );

  app.patch(
    `${tariffs}/:id`,
    {
      config: route('admin_catalogue_tariff_update'),
      schema: {
        tags,
        security,
        summary: 'Change a library tariff; the tariffs linked to it follow',
        description:
          'Every tariff of any account linked to this library tariff (`is_linked`) takes its new schedule and ' +
          'market_rates in the same transaction, with `tariff.update` and `location.update` events.',
        params: tariffParams(LIBRARY_TARIFF_EXAMPLE),
        body: LibraryTariffUpdateBody,
        response: { 200: described(LibraryTariffSchema, 'The library tariff as changed') },
      },
    },
    async function admin_catalogue_tariff_update(request) {
      return toApiLibraryTariff(
        await adminUpdateLibraryTariff(ctx, request.params.id, fromApiLibraryTariffBody(request.body)),
      );
    },
  );

  app.delete(
    `${tariffs}/:id`,
    {
      config: route('admin_catalogue_tariff_delete'),
      schema: {
        tags,
        security,
        summary: 'Remove a library tariff; tariffs linked to it keep their schedule and stop following',
        // the sandbox export tariff of the starting catalogue
        params: tariffParams('trt_a0779150060dde01d4795f11'),
        response: { 200: deleted('library_tariff') },
      },
    },
    async function admin_catalogue_tariff_delete(request) {
      await adminDeleteLibraryTariff(ctx, request.params.id);
      return { id: request.params.id, object: 'library_tariff' as const, deleted: true as const };
    },
  );

  // the file is the body, in any content type, as for market-price imports
  void app.register(async (instance) => {
    const scope = instance as unknown as App;
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/admin/catalogue/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        preValidation: async (request) => {
          if (typeof request.body !== 'string') request.body = '';
        },
        config: route('admin_catalogue_import'),
        schema: {
          tags,
          security,
          summary: 'Import providers and library tariffs from a file',
          description:
            'The body is the file: an OpenEI URDB rate answer (`urdb`), an Octopus Energy product ' +
            '(`octopus`, GET /v1/products/{code}/) or an Offpeak catalogue document (`offpeak`). Rows the same ' +
            'file imported before are updated, and tariffs linked to a changed library tariff follow it.',
          consumes: ['application/json', 'text/plain'],
          querystring: Type.Object({
            format: stringEnum(CATALOGUE_FORMATS, { examples: ['offpeak'] }),
            regions: Type.Optional(
              Type.String({
                maxLength: 2000,
                description:
                  'Comma-separated region codes the imported rows serve, such as `US-FL` (a URDB record names no state)',
              }),
            ),
            provider_name: Type.Optional(
              Type.String({ maxLength: 200, description: 'The provider name when the file has none' }),
            ),
          }),
          body: Type.String({ description: 'The file' }),
          response: { 200: described(CatalogueImportSchema, 'What the import created and updated') },
        },
      },
      async function admin_catalogue_import(request) {
        const regions = request.query.regions
          ?.split(',')
          .map((r) => r.trim())
          .filter((r) => r !== '');
        const result = await importCatalogue(ctx, request.query.format, request.body, {
          regions: regions && regions.length > 0 ? regions : undefined,
          providerName: request.query.provider_name,
        });
        return toApiCatalogueImport(result);
      },
    );
  });
}
