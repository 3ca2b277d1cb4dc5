import { readFileSync } from 'node:fs';
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
  type CatalogueImportResult,
  type LibraryTariffInput,
  type ProviderInput,
} from '../core/catalogue/admin.ts';
import type { LibraryTariff, Provider } from '../core/catalogue/catalogue.ts';
import type { CoreContext } from '../core/context.ts';
import { ValidationError } from '../core/errors.ts';
import type { ScheduleEntryDefinition } from '../engine/index.ts';

export const CATALOGUE_USAGE = `  catalogue import --format urdb|octopus|offpeak [--regions US-FL,…] [--provider-name …] FILE
                                          import providers and library tariffs from a file; rows the
                                          file imported before are updated, linked tariffs follow
  catalogue providers list [--country GB]
  catalogue providers show|delete <prv_id>
  catalogue providers create|update [<prv_id>] --file BODY.json
                                          BODY as for POST/PATCH /admin/catalogue/providers
  catalogue tariffs list [--provider <prv_id>]
  catalogue tariffs show|delete <trt_id>
  catalogue tariffs create|update [<trt_id>] --file BODY.json
                                          BODY as for POST/PATCH /admin/catalogue/tariffs`;

type Values = Record<string, string | boolean | undefined>;
type Json = Record<string, unknown>;

const text = (value: string | boolean | undefined): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const list = (raw: string | boolean | undefined) =>
  text(raw)
    ?.split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValidationError(
      'file_invalid',
      `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function readBody(values: Values): Json {
  const path = text(values.file);
  if (!path) throw new ValidationError('file_missing', '--file BODY.json is required');
  try {
    const body = JSON.parse(readText(path)) as unknown;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body as Json;
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError('file_invalid', `${path} must hold a JSON object`);
  }
}

/** The API's snake_case body as core input; core checks every value. */
function providerInput(body: Json): ProviderInput {
  const sandbox = body.sandbox as Json | null | undefined;
  return {
    displayName: body.display_name as string | undefined,
    logoSvg: body.logo_svg as string | null | undefined,
    countries: body.countries as string[] | undefined,
    regions: body.regions as string[] | undefined,
    connectionTypes: body.connection_types as string[] | undefined,
    marketSourceId: body.market_source_id as string | null | undefined,
    sandbox:
      sandbox === undefined || sandbox === null
        ? sandbox
        : {
            behaviour: String(sandbox.behaviour),
            pendingSeconds: sandbox.pending_seconds as number | undefined,
            libraryTariffId: sandbox.library_tariff_id as string | null | undefined,
          },
  };
}

const instant = (value: unknown): number | null | undefined =>
  value === undefined || value === null ? (value as null | undefined) : Date.parse(String(value));

function tariffInput(body: Json): LibraryTariffInput {
  return {
    providerId: body.provider_id as string | undefined,
    name: body.name as string | undefined,
    description: body.description as string | null | undefined,
    direction: body.direction as string | undefined,
    type: body.type as string | undefined,
    currencyCode: body.currency_code as string | undefined,
    regions: body.regions as string[] | undefined,
    validFrom: instant(body.valid_from),
    validTo: instant(body.valid_to),
    marketRates: body.market_rates as boolean | undefined,
    schedule: body.schedule as ScheduleEntryDefinition[] | undefined,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** What the command prints for a provider: its fields, sandbox included. */
export function showProvider(p: Provider) {
  return {
    object: 'provider',
    id: p.id,
    display_name: p.displayName,
    logo_url: p.logoUrl,
    countries: p.countries,
    regions: p.regions,
    connection_types: p.connectionTypes,
    market_source_id: p.marketSourceId,
    sandbox: p.sandbox,
  };
}

/** A library tariff with its schedule: what an operator checks after an import. */
export function showLibraryTariff(t: LibraryTariff) {
  return {
    object: 'library_tariff',
    id: t.id,
    provider_id: t.providerId,
    name: t.name,
    direction: t.direction,
    type: t.type,
    currency_code: t.currencyCode,
    regions: t.regions,
    valid_from: iso(t.validFrom),
    valid_to: iso(t.validTo),
    market_rates: t.marketRates,
    schedule: t.schedule,
  };
}

export function showCatalogueImport(r: CatalogueImportResult) {
  return {
    object: 'catalogue_import',
    providers_created: r.providersCreated,
    providers_updated: r.providersUpdated,
    tariffs_created: r.tariffsCreated,
    tariffs_updated: r.tariffsUpdated,
    linked_tariffs_updated: r.linkedTariffsUpdated,
    provider_ids: r.providerIds,
    tariff_ids: r.tariffIds,
  };
}

/**
 * `offpeak catalogue …`: the admin API's catalogue operations. Returns undefined for an unknown
 * subcommand.
 */
export async function runCatalogueCommand(
  ctx: Pick<CoreContext, 'db' | 'now' | 'publicUrl'>,
  positionals: string[],
  values: Values,
): Promise<unknown> {
  const [, what, verb, id] = positionals;
  if (what === 'import') {
    const file = verb;
    const format = text(values.format);
    if (!file || !format)
      throw new ValidationError('format_missing', 'catalogue import needs --format and a FILE');
    return showCatalogueImport(
      await importCatalogue(ctx, format, readText(file), {
        regions: list(values.regions),
        providerName: text(values['provider-name']),
      }),
    );
  }
  const need = () => {
    if (!id) throw new ValidationError('id_missing', `catalogue ${what} ${verb} needs an ID`);
    return id;
  };
  if (what === 'providers') {
    switch (verb) {
      case 'list': {
        const page = await adminListProviders(ctx, { countryCode: text(values.country) }, { limit: 500 });
        return { object: 'list', has_more: page.hasMore, data: page.data.map(showProvider) };
      }
      case 'show':
        return showProvider(await adminRetrieveProvider(ctx, need()));
      case 'create':
        return showProvider(await adminCreateProvider(ctx, providerInput(readBody(values))));
      case 'update':
        return showProvider(await adminUpdateProvider(ctx, need(), providerInput(readBody(values))));
      case 'delete':
        await adminDeleteProvider(ctx, need());
        return { id: need(), object: 'provider', deleted: true };
      default:
        return undefined;
    }
  }
  if (what === 'tariffs') {
    switch (verb) {
      case 'list': {
        const page = await adminListLibraryTariffs(
          ctx,
          { providerId: text(values.provider) },
          { limit: 500 },
        );
        return { object: 'list', has_more: page.hasMore, data: page.data.map(showLibraryTariff) };
      }
      case 'show':
        return showLibraryTariff(await adminRetrieveLibraryTariff(ctx, need()));
      case 'create':
        return showLibraryTariff(await adminCreateLibraryTariff(ctx, tariffInput(readBody(values))));
      case 'update':
        return showLibraryTariff(await adminUpdateLibraryTariff(ctx, need(), tariffInput(readBody(values))));
      case 'delete':
        await adminDeleteLibraryTariff(ctx, need());
        return { id: need(), object: 'library_tariff', deleted: true };
      default:
        return undefined;
    }
  }
  return undefined;
}
