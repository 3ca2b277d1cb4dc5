import { Type, type Static } from 'typebox';
import type { CatalogueImportResult } from '../../core/catalogue/admin.ts';
import type { LibraryTariff, Provider } from '../../core/catalogue/catalogue.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { idOf, stringEnum } from '../schemas.ts';
import { ScheduleInput, ScheduleOutput, fromApiSchedule } from '../tariffs/tariff-schema.ts';

/** Wire shapes of the provider and tariff-library catalogue; shared by the admin API and the CLI. */

export const PROVIDER_EXAMPLE = 'prv_1bb46bdc353187ef52b95d51';
export const LIBRARY_TARIFF_EXAMPLE = 'trt_3c41851acf7b254def055bca';

const OFFERED = ['DIRECT', 'LIBRARY', 'MARKET'] as const;
const COUNTRIES = Type.Array(Type.String({ pattern: '^([A-Z]{2}|\\*)$', examples: ['GB'] }), {
  minItems: 1,
  maxItems: 300,
  description: 'ISO 3166-1 alpha-2 codes; `*` (every country) for sandbox providers only',
});
const REGIONS = Type.Array(Type.String({ pattern: '^[A-Z]{2}-[A-Za-z0-9_]{1,16}$', examples: ['US-FL'] }), {
  maxItems: 500,
  description: '`<country>-<code>` (US-FL, SE-SE3, GB-A); none of a country = all of it',
});
const SANDBOX_BEHAVIOURS = ['connect', 'pending', 'fail'] as const;

const SandboxOutput = Type.Union([
  Type.Object({
    behaviour: stringEnum(SANDBOX_BEHAVIOURS),
    pending_seconds: Type.Integer(),
    library_tariff_id: Type.Union([Type.String(), Type.Null()]),
  }),
  Type.Null(),
]);

export const ProviderSchema = Type.Object(
  {
    id: Type.String({ examples: [PROVIDER_EXAMPLE] }),
    object: Type.Literal('provider'),
    display_name: Type.String(),
    logo_url: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
    countries: Type.Array(Type.String()),
    regions: Type.Array(Type.String()),
    connection_types: Type.Array(stringEnum(['DIRECT', 'LIBRARY', 'MARKET', 'MANUAL'] as const)),
    market_source_id: Type.Union([Type.String(), Type.Null()]),
    sandbox: SandboxOutput,
    time_updated: Type.String({ format: 'date-time' }),
  },
  { title: 'Provider' },
);

const SandboxInput = Type.Union([
  Type.Object(
    {
      behaviour: stringEnum(SANDBOX_BEHAVIOURS),
      pending_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
      library_tariff_id: Type.Optional(Type.Union([idOf('trt', LIBRARY_TARIFF_EXAMPLE), Type.Null()])),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

const providerFields = {
  display_name: Type.String({ minLength: 1, maxLength: 200, examples: ['Acme Energy'] }),
  logo_svg: Type.Union([Type.String({ maxLength: 65_536 }), Type.Null()], {
    description: 'An SVG logo of its own; null: the generated monogram',
  }),
  countries: COUNTRIES,
  regions: REGIONS,
  connection_types: Type.Array(stringEnum(OFFERED), { minItems: 1, maxItems: 3 }),
  market_source_id: Type.Union([idOf('mrs', 'mrs_65792b4ef61b16685ebd2ec9'), Type.Null()]),
  sandbox: SandboxInput,
};

export const ProviderCreateBody = Type.Object(
  {
    display_name: providerFields.display_name,
    logo_svg: Type.Optional(providerFields.logo_svg),
    countries: providerFields.countries,
    regions: Type.Optional(providerFields.regions),
    connection_types: providerFields.connection_types,
    market_source_id: Type.Optional(providerFields.market_source_id),
    sandbox: Type.Optional(providerFields.sandbox),
  },
  { additionalProperties: false },
);

export const ProviderUpdateBody = Type.Partial(Type.Object(providerFields), { additionalProperties: false });

type ProviderBody = Static<typeof ProviderUpdateBody>;

export function fromApiProviderBody(body: ProviderBody) {
  return {
    displayName: body.display_name,
    logoSvg: body.logo_svg,
    countries: body.countries,
    regions: body.regions,
    connectionTypes: body.connection_types,
    marketSourceId: body.market_source_id,
    sandbox:
      body.sandbox === undefined || body.sandbox === null
        ? body.sandbox
        : {
            behaviour: body.sandbox.behaviour,
            pendingSeconds: body.sandbox.pending_seconds,
            libraryTariffId: body.sandbox.library_tariff_id,
          },
  };
}

export function toApiProvider(provider: Provider): Static<typeof ProviderSchema> {
  return {
    id: provider.id,
    object: 'provider',
    display_name: provider.displayName,
    logo_url: provider.logoUrl,
    countries: provider.countries,
    regions: provider.regions,
    connection_types: provider.connectionTypes,
    market_source_id: provider.marketSourceId,
    sandbox: provider.sandbox && {
      behaviour: provider.sandbox.behaviour,
      pending_seconds: provider.sandbox.pendingSeconds,
      library_tariff_id: provider.sandbox.libraryTariffId,
    },
    time_updated: formatUtcSeconds(provider.updatedAt),
  };
}

const dateTimeOrNull = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const LibraryTariffSchema = Type.Object(
  {
    id: Type.String({ examples: [LIBRARY_TARIFF_EXAMPLE] }),
    object: Type.Literal('library_tariff'),
    provider_id: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    direction: stringEnum(['IMPORT', 'EXPORT'] as const),
    type: stringEnum(['COMMODITY', 'NON_COMMODITY'] as const),
    currency_code: Type.String(),
    regions: Type.Array(Type.String()),
    valid_from: dateTimeOrNull,
    valid_to: dateTimeOrNull,
    market_rates: Type.Boolean(),
    schedule: ScheduleOutput,
    time_updated: Type.String({ format: 'date-time' }),
  },
  { title: 'LibraryTariff' },
);

const tariffFields = {
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['Standard Variable'] }),
  description: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  direction: stringEnum(['IMPORT', 'EXPORT'] as const),
  type: stringEnum(['COMMODITY', 'NON_COMMODITY'] as const),
  currency_code: Type.String({ pattern: '^[A-Z]{3}$', examples: ['GBP'] }),
  regions: REGIONS,
  valid_from: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  valid_to: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  market_rates: Type.Boolean(),
  schedule: ScheduleInput,
};

export const LibraryTariffCreateBody = Type.Object(
  {
    provider_id: idOf('prv', PROVIDER_EXAMPLE),
    name: tariffFields.name,
    description: Type.Optional(tariffFields.description),
    direction: tariffFields.direction,
    type: Type.Optional(tariffFields.type),
    currency_code: tariffFields.currency_code,
    regions: Type.Optional(tariffFields.regions),
    valid_from: Type.Optional(tariffFields.valid_from),
    valid_to: Type.Optional(tariffFields.valid_to),
    market_rates: Type.Optional(tariffFields.market_rates),
    schedule: Type.Optional(tariffFields.schedule),
  },
  { additionalProperties: false },
);

export const LibraryTariffUpdateBody = Type.Partial(Type.Object(tariffFields), {
  additionalProperties: false,
});

const instantOrNull = (value: string | null | undefined): number | null | undefined =>
  value === undefined || value === null ? value : Date.parse(value);

export function fromApiLibraryTariffBody(
  body: Static<typeof LibraryTariffUpdateBody> & { provider_id?: string },
) {
  return {
    providerId: body.provider_id,
    name: body.name,
    description: body.description,
    direction: body.direction,
    type: body.type,
    currencyCode: body.currency_code,
    regions: body.regions,
    validFrom: instantOrNull(body.valid_from),
    validTo: instantOrNull(body.valid_to),
    marketRates: body.market_rates,
    schedule: body.schedule && fromApiSchedule(body.schedule),
  };
}

export function toApiLibraryTariff(tariff: LibraryTariff): Static<typeof LibraryTariffSchema> {
  return {
    id: tariff.id,
    object: 'library_tariff',
    provider_id: tariff.providerId,
    name: tariff.name,
    description: tariff.description,
    direction: tariff.direction,
    type: tariff.type,
    currency_code: tariff.currencyCode,
    regions: tariff.regions,
    valid_from: tariff.validFrom === null ? null : formatUtcSeconds(tariff.validFrom),
    valid_to: tariff.validTo === null ? null : formatUtcSeconds(tariff.validTo),
    market_rates: tariff.marketRates,
    schedule: tariff.schedule as Static<typeof ScheduleOutput>,
    time_updated: formatUtcSeconds(tariff.updatedAt),
  };
}

export const CatalogueImportSchema = Type.Object(
  {
    object: Type.Literal('catalogue_import'),
    providers_created: Type.Integer(),
    providers_updated: Type.Integer(),
    tariffs_created: Type.Integer(),
    tariffs_updated: Type.Integer(),
    linked_tariffs_updated: Type.Integer({
      description: 'Tariffs of accounts that followed a changed library tariff',
    }),
    provider_ids: Type.Array(Type.String()),
    tariff_ids: Type.Array(Type.String()),
  },
  { title: 'CatalogueImport' },
);

export function toApiCatalogueImport(result: CatalogueImportResult): Static<typeof CatalogueImportSchema> {
  return {
    object: 'catalogue_import',
    providers_created: result.providersCreated,
    providers_updated: result.providersUpdated,
    tariffs_created: result.tariffsCreated,
    tariffs_updated: result.tariffsUpdated,
    linked_tariffs_updated: result.linkedTariffsUpdated,
    provider_ids: result.providerIds,
    tariff_ids: result.tariffIds,
  };
}
