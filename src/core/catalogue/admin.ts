// The operator's side of the catalogue: create, update and delete providers and library tariffs,
// import files, and load the starting catalogue. One catalogue for the server
// [decision:catalogue-is-global]; every write is one transaction, and a library tariff's change
// reaches the tariffs linked to it in that transaction [decision:linked-tariffs-read-only].
import { validateTariff, type ScheduleEntryDefinition } from '../../engine/index.ts';
import { isId, newId } from '../../lib/ids.ts';
import type { Db } from '../../store/database.ts';
import {
  countLibraryTariffsOfProvider,
  deleteLibraryTariffRow,
  deleteProviderRow,
  insertLibraryTariff,
  insertProvider,
  selectLibraryTariffById,
  selectLibraryTariffsPage,
  selectProviderById,
  selectProvidersPage,
  updateLibraryTariffRow,
  updateProviderRow,
  type CatalogueProviderRecord,
  type CatalogueTariffRecord,
} from '../../store/catalogue.ts';
import { SERVER } from '../clock.ts';
import type { CoreContext } from '../context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { checkMarketSourceId } from '../market-data/market-sources.ts';
import { followLibraryTariffIn } from '../tariffs/tariffs.ts';
import {
  libraryTariffOf,
  providerOf,
  type LibraryTariff,
  type Provider,
  type SandboxBehaviour,
} from './catalogue.ts';
import type { CatalogueData, CatalogueFormat, ImportOptions } from './catalogue-data.ts';
import type { ConnectionType } from './connection-type.ts';
import { importOctopus } from './formats/octopus.ts';
import { importOffpeak } from './formats/offpeak.ts';
import { importUrdb } from './formats/urdb.ts';
import { idForRef } from './ids.ts';

type AdminContext = Pick<CoreContext, 'db' | 'now'> & { publicUrl?: string | undefined };

export interface ProviderInput {
  displayName?: string | undefined;
  logoSvg?: string | null | undefined;
  countries?: string[] | undefined;
  regions?: string[] | undefined;
  connectionTypes?: string[] | undefined;
  marketSourceId?: string | null | undefined;
  sandbox?:
    | { behaviour: string; pendingSeconds?: number | undefined; libraryTariffId?: string | null | undefined }
    | null
    | undefined;
}

export interface LibraryTariffInput {
  providerId?: string | undefined;
  name?: string | undefined;
  description?: string | null | undefined;
  direction?: string | undefined;
  type?: string | undefined;
  currencyCode?: string | undefined;
  regions?: string[] | undefined;
  validFrom?: number | null | undefined;
  validTo?: number | null | undefined;
  marketRates?: boolean | undefined;
  schedule?: ScheduleEntryDefinition[] | undefined;
}

const OFFERED: readonly string[] = ['DIRECT', 'LIBRARY', 'MARKET'];
const COUNTRY = /^[A-Z]{2}$/;
const REGION = /^[A-Z]{2}-[A-Za-z0-9_]{1,16}$/;
const CURRENCY = /^[A-Z]{3}$/;
const BEHAVIOURS: readonly string[] = ['connect', 'pending', 'fail'];
/** An SVG logo of a provider's own is kept small: it is served from the database. */
const MAX_LOGO_BYTES = 64 * 1024;

function checkProvider(row: CatalogueProviderRecord): void {
  if (row.display_name.trim() === '')
    throw new ValidationError('display_name_invalid', 'display_name must not be empty');
  if (row.countries.length === 0)
    throw new ValidationError('countries_missing', 'countries must name at least one country');
  for (const c of row.countries) {
    // `*` (every country) is for sandbox providers only
    if (!(COUNTRY.test(c) || (c === '*' && row.sandbox !== null)))
      throw new ValidationError('countries_invalid', `countries must be ISO 3166-1 alpha-2 codes, got ${c}`);
  }
  for (const r of row.regions) {
    if (!REGION.test(r) || !(row.countries.includes(r.slice(0, 2)) || row.countries.includes('*')))
      throw new ValidationError(
        'regions_invalid',
        `regions must be <country>-<code> of a country served, got ${r}`,
      );
  }
  if (row.connection_types.length === 0 || row.connection_types.some((t) => !OFFERED.includes(t)))
    throw new ValidationError(
      'connection_types_invalid',
      'connection_types must be some of DIRECT, LIBRARY, MARKET',
    );
  if (row.market_source_id !== null) checkMarketSourceId(row.market_source_id);
  if (
    row.logo_svg !== null &&
    (Buffer.byteLength(row.logo_svg) > MAX_LOGO_BYTES || !/<svg[\s>]/.test(row.logo_svg))
  )
    throw new ValidationError('logo_svg_invalid', 'logo_svg must be an SVG document of at most 64 KiB');
  if (row.sandbox !== null) {
    if (!BEHAVIOURS.includes(row.sandbox.behaviour))
      throw new ValidationError('sandbox_invalid', 'sandbox.behaviour must be connect, pending or fail');
    if (
      !Number.isInteger(row.sandbox.pending_seconds) ||
      row.sandbox.pending_seconds < 0 ||
      row.sandbox.pending_seconds > 86_400
    )
      throw new ValidationError(
        'sandbox_invalid',
        'sandbox.pending_seconds must be an integer from 0 to 86400',
      );
  }
}

function checkLibraryTariff(row: CatalogueTariffRecord): void {
  if (row.name.trim() === '') throw new ValidationError('name_invalid', 'name must not be empty');
  if (row.direction !== 'IMPORT' && row.direction !== 'EXPORT')
    throw new ValidationError('direction_invalid', 'direction must be IMPORT or EXPORT');
  if (row.type !== 'COMMODITY' && row.type !== 'NON_COMMODITY')
    throw new ValidationError('type_invalid', 'type must be COMMODITY or NON_COMMODITY');
  if (!CURRENCY.test(row.currency_code))
    throw new ValidationError('currency_code_invalid', 'currency_code must be ISO 4217');
  for (const r of row.regions)
    if (!REGION.test(r))
      throw new ValidationError('regions_invalid', `regions must be <country>-<code>, got ${r}`);
  if (row.valid_from && row.valid_to && row.valid_to.getTime() <= row.valid_from.getTime())
    throw new ValidationError('valid_to_invalid', 'valid_to must be after valid_from');
  // the engine's rules for a schedule, as for POST /tariffs
  const [issue] = validateTariff({
    direction: row.direction,
    type: row.type,
    timezone: 'UTC',
    market_rates: row.market_rates,
    contract_start_ms: 0,
    contract_end_ms: Number.POSITIVE_INFINITY,
    schedule: row.schedule as ScheduleEntryDefinition[],
  });
  if (issue) throw new ValidationError(issue.code, issue.message);
}

const nowOf = (ctx: Pick<CoreContext, 'now'>) => ctx.now(SERVER);

// Providers

export async function adminRetrieveProvider(ctx: AdminContext, id: string): Promise<Provider> {
  const row = isId(id, 'prv') ? await selectProviderById(ctx.db, id) : undefined;
  if (!row) throw new NotFoundError('provider', id);
  return providerOf(row, ctx.publicUrl);
}

export async function adminListProviders(
  ctx: AdminContext,
  filter: { countryCode?: string | undefined },
  page: { limit: number; after?: string | undefined },
): Promise<{ data: Provider[]; hasMore: boolean }> {
  const { rows, hasMore } = await selectProvidersPage(ctx.db, filter, page);
  return { data: rows.map((r) => providerOf(r, ctx.publicUrl)), hasMore };
}

function sandboxRow(input: ProviderInput['sandbox'], current: CatalogueProviderRecord['sandbox']) {
  if (input === undefined) return current;
  if (input === null) return null;
  return {
    behaviour: input.behaviour as SandboxBehaviour,
    pending_seconds: input.pendingSeconds ?? current?.pending_seconds ?? 60,
    library_tariff_id:
      input.libraryTariffId === undefined ? (current?.library_tariff_id ?? null) : input.libraryTariffId,
  };
}

async function checkSandboxTariff(db: Db, row: CatalogueProviderRecord): Promise<void> {
  const id = row.sandbox?.library_tariff_id;
  if (id === null || id === undefined) return;
  const tariff = await selectLibraryTariffById(db, id);
  if (!tariff || tariff.provider_id !== row.id)
    throw new ValidationError(
      'sandbox_invalid',
      `sandbox.library_tariff_id ${id} is not a library tariff of this provider`,
    );
}

export async function adminCreateProvider(ctx: AdminContext, input: ProviderInput): Promise<Provider> {
  if (input.displayName === undefined)
    throw new ValidationError('display_name_missing', 'display_name is required');
  if (input.countries === undefined) throw new ValidationError('countries_missing', 'countries is required');
  if (input.connectionTypes === undefined)
    throw new ValidationError('connection_types_missing', 'connection_types is required');
  const now = nowOf(ctx);
  const row: CatalogueProviderRecord = {
    id: newId('prv', now),
    display_name: input.displayName,
    logo_svg: input.logoSvg ?? null,
    countries: input.countries,
    regions: input.regions ?? [],
    connection_types: input.connectionTypes,
    market_source_id: input.marketSourceId ?? null,
    sandbox: sandboxRow(input.sandbox, null),
    external_ref: null,
    created_at: new Date(now),
    updated_at: new Date(now),
  };
  checkProvider(row);
  if (row.sandbox?.library_tariff_id)
    throw new ValidationError(
      'sandbox_invalid',
      'a new provider has no library tariff yet: set sandbox.library_tariff_id by an update',
    );
  await insertProvider(ctx.db, row);
  return providerOf(row, ctx.publicUrl);
}

export async function adminUpdateProvider(
  ctx: AdminContext,
  id: string,
  input: ProviderInput,
): Promise<Provider> {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const current = isId(id, 'prv') ? await selectProviderById(trx, id) : undefined;
    if (!current) throw new NotFoundError('provider', id);
    const row: CatalogueProviderRecord = {
      ...current,
      display_name: input.displayName ?? current.display_name,
      logo_svg: input.logoSvg === undefined ? current.logo_svg : input.logoSvg,
      countries: input.countries ?? current.countries,
      regions: input.regions ?? current.regions,
      connection_types: input.connectionTypes ?? current.connection_types,
      market_source_id: input.marketSourceId === undefined ? current.market_source_id : input.marketSourceId,
      sandbox: sandboxRow(input.sandbox, current.sandbox),
      updated_at: new Date(now),
    };
    checkProvider(row);
    await checkSandboxTariff(trx, row);
    await updateProviderRow(trx, row);
    return providerOf(row, ctx.publicUrl);
  });
}

/** A provider with library tariffs cannot be deleted: delete its tariffs first. */
export async function adminDeleteProvider(ctx: AdminContext, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = isId(id, 'prv') ? await selectProviderById(trx, id) : undefined;
    if (!current) throw new NotFoundError('provider', id);
    if ((await countLibraryTariffsOfProvider(trx, id)) > 0)
      throw new ConflictError('provider_has_tariffs', `provider ${id} still has library tariffs`);
    await deleteProviderRow(trx, id);
  });
}

// Library tariffs

export async function adminRetrieveLibraryTariff(ctx: AdminContext, id: string): Promise<LibraryTariff> {
  const row = isId(id, 'trt') ? await selectLibraryTariffById(ctx.db, id) : undefined;
  if (!row) throw new NotFoundError('library_tariff', id);
  return libraryTariffOf(row);
}

export async function adminListLibraryTariffs(
  ctx: AdminContext,
  filter: { providerId?: string | undefined },
  page: { limit: number; after?: string | undefined },
): Promise<{ data: LibraryTariff[]; hasMore: boolean }> {
  const { rows, hasMore } = await selectLibraryTariffsPage(ctx.db, filter, page);
  return { data: rows.map(libraryTariffOf), hasMore };
}

const dateOrNull = (ms: number | null | undefined): Date | null =>
  ms === null || ms === undefined ? null : new Date(ms);

export async function adminCreateLibraryTariff(
  ctx: AdminContext,
  input: LibraryTariffInput,
): Promise<LibraryTariff> {
  for (const [field, value] of [
    ['provider_id', input.providerId],
    ['name', input.name],
    ['direction', input.direction],
    ['currency_code', input.currencyCode],
  ] as const) {
    if (value === undefined) throw new ValidationError(`${field}_missing`, `${field} is required`);
  }
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const providerId = input.providerId as string;
    if (!isId(providerId, 'prv') || !(await selectProviderById(trx, providerId)))
      throw new ValidationError('provider_id_invalid', `provider_id ${providerId} does not exist`);
    const row: CatalogueTariffRecord = {
      id: newId('trt', now),
      provider_id: providerId,
      name: input.name as string,
      description: input.description ?? null,
      direction: input.direction as CatalogueTariffRecord['direction'],
      type: (input.type ?? 'COMMODITY') as CatalogueTariffRecord['type'],
      currency_code: input.currencyCode as string,
      regions: input.regions ?? [],
      valid_from: dateOrNull(input.validFrom),
      valid_to: dateOrNull(input.validTo),
      market_rates: input.marketRates ?? false,
      schedule: input.schedule ?? [],
      external_ref: null,
      created_at: new Date(now),
      updated_at: new Date(now),
    };
    checkLibraryTariff(row);
    await insertLibraryTariff(trx, row);
    return libraryTariffOf(row);
  });
}

async function writeLibraryTariffChange(
  ctx: AdminContext,
  trx: Db,
  current: CatalogueTariffRecord,
  row: CatalogueTariffRecord,
): Promise<void> {
  checkLibraryTariff(row);
  await updateLibraryTariffRow(trx, row);
  if (
    JSON.stringify(row.schedule) !== JSON.stringify(current.schedule) ||
    row.market_rates !== current.market_rates
  ) {
    await followLibraryTariffIn(trx, (scope) => ctx.now(scope), row.id, {
      schedule: row.schedule as ScheduleEntryDefinition[],
      marketRates: row.market_rates,
      linked: true,
    });
  }
}

/** A partial update; the tariffs linked to it follow in the same transaction. */
export async function adminUpdateLibraryTariff(
  ctx: AdminContext,
  id: string,
  input: LibraryTariffInput,
): Promise<LibraryTariff> {
  const now = nowOf(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const current = isId(id, 'trt') ? await selectLibraryTariffById(trx, id) : undefined;
    if (!current) throw new NotFoundError('library_tariff', id);
    if (input.providerId !== undefined && input.providerId !== current.provider_id)
      throw new ValidationError('provider_id_invalid', 'provider_id cannot be changed after creation');
    const row: CatalogueTariffRecord = {
      ...current,
      name: input.name ?? current.name,
      description: input.description === undefined ? current.description : input.description,
      direction: (input.direction ?? current.direction) as CatalogueTariffRecord['direction'],
      type: (input.type ?? current.type) as CatalogueTariffRecord['type'],
      currency_code: input.currencyCode ?? current.currency_code,
      regions: input.regions ?? current.regions,
      valid_from: input.validFrom === undefined ? current.valid_from : dateOrNull(input.validFrom),
      valid_to: input.validTo === undefined ? current.valid_to : dateOrNull(input.validTo),
      market_rates: input.marketRates ?? current.market_rates,
      schedule: input.schedule ?? current.schedule,
      updated_at: new Date(now),
    };
    await writeLibraryTariffChange(ctx, trx, current, row);
    return libraryTariffOf(row);
  });
}

/** Deletes a library tariff; the tariffs linked to it keep their schedule and stop following it. */
export async function adminDeleteLibraryTariff(ctx: AdminContext, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = isId(id, 'trt') ? await selectLibraryTariffById(trx, id) : undefined;
    if (!current) throw new NotFoundError('library_tariff', id);
    await followLibraryTariffIn(trx, (scope) => ctx.now(scope), id, {
      schedule: [],
      marketRates: false,
      linked: false,
    });
    await deleteLibraryTariffRow(trx, id);
  });
}

// Import

/** Parses a file of one of the formats into catalogue data (pure). */
export function parseCatalogueFile(format: string, text: string, options: ImportOptions = {}): CatalogueData {
  switch (format as CatalogueFormat) {
    case 'urdb':
      return importUrdb(text, options);
    case 'octopus':
      return importOctopus(text, options);
    case 'offpeak':
      return importOffpeak(text, options);
    default:
      throw new ValidationError('format_invalid', 'format must be urdb, octopus or offpeak');
  }
}

/** Catalogue data as rows, IDs derived from the refs; every tariff checked by the engine. */
export function catalogueRows(
  data: CatalogueData,
  nowMs: number,
): { providers: CatalogueProviderRecord[]; tariffs: CatalogueTariffRecord[] } {
  const at = new Date(nowMs);
  const tariffs = data.tariffs.map((t): CatalogueTariffRecord => ({
    id: idForRef('trt', t.ref),
    provider_id: idForRef('prv', t.providerRef),
    name: t.name,
    description: t.description,
    direction: t.direction,
    type: t.type,
    currency_code: t.currencyCode,
    regions: t.regions,
    valid_from: dateOrNull(t.validFrom),
    valid_to: dateOrNull(t.validTo),
    market_rates: t.marketRates,
    schedule: t.schedule,
    external_ref: t.ref,
    created_at: at,
    updated_at: at,
  }));
  const providers = data.providers.map((p): CatalogueProviderRecord => ({
    id: idForRef('prv', p.ref),
    display_name: p.displayName,
    logo_svg: null,
    countries: p.countries,
    regions: p.regions,
    connection_types: p.connectionTypes as ConnectionType[],
    market_source_id: p.marketSourceId,
    sandbox: p.sandbox
      ? {
          behaviour: p.sandbox.behaviour,
          pending_seconds: p.sandbox.pendingSeconds,
          library_tariff_id:
            p.sandbox.libraryTariffRef === null ? null : idForRef('trt', p.sandbox.libraryTariffRef),
        }
      : null,
    external_ref: p.ref,
    created_at: at,
    updated_at: at,
  }));
  for (const p of providers) checkProvider(p);
  for (const t of tariffs) {
    try {
      checkLibraryTariff(t);
    } catch (error) {
      if (error instanceof ValidationError)
        throw new ValidationError(error.code, `library tariff ${t.external_ref ?? t.id}: ${error.message}`);
      throw error;
    }
  }
  return { providers, tariffs };
}

export interface CatalogueImportResult {
  providersCreated: number;
  providersUpdated: number;
  tariffsCreated: number;
  tariffsUpdated: number;
  /** Tariffs of accounts that followed a changed library tariff. */
  linkedTariffsUpdated: number;
  providerIds: string[];
  tariffIds: string[];
}

/**
 * Imports a file: new providers and tariffs are created, those the file had given before (same
 * ref, same ID) are updated, and tariffs linked to a changed library tariff follow it; one
 * transaction.
 */
export async function importCatalogue(
  ctx: AdminContext,
  format: string,
  text: string,
  options: ImportOptions = {},
): Promise<CatalogueImportResult> {
  const now = nowOf(ctx);
  const rows = catalogueRows(parseCatalogueFile(format, text, options), now);
  return ctx.db.transaction().execute(async (trx) => {
    const result: CatalogueImportResult = {
      providersCreated: 0,
      providersUpdated: 0,
      tariffsCreated: 0,
      tariffsUpdated: 0,
      linkedTariffsUpdated: 0,
      providerIds: rows.providers.map((p) => p.id),
      tariffIds: rows.tariffs.map((t) => t.id),
    };
    for (const p of rows.providers) {
      const current = await selectProviderById(trx, p.id);
      if (current) {
        await updateProviderRow(trx, { ...p, logo_svg: current.logo_svg, created_at: current.created_at });
        result.providersUpdated++;
      } else {
        await insertProvider(trx, p);
        result.providersCreated++;
      }
    }
    for (const t of rows.tariffs) {
      const current = await selectLibraryTariffById(trx, t.id);
      if (!current) {
        if (!(await selectProviderById(trx, t.provider_id)))
          throw new ValidationError(
            'provider_id_invalid',
            `library tariff ${t.external_ref} has no provider`,
          );
        await insertLibraryTariff(trx, t);
        result.tariffsCreated++;
        continue;
      }
      await updateLibraryTariffRow(trx, { ...t, created_at: current.created_at });
      result.tariffsUpdated++;
      if (
        JSON.stringify(t.schedule) !== JSON.stringify(current.schedule) ||
        t.market_rates !== current.market_rates
      ) {
        result.linkedTariffsUpdated += await followLibraryTariffIn(trx, (scope) => ctx.now(scope), t.id, {
          schedule: t.schedule as ScheduleEntryDefinition[],
          marketRates: t.market_rates,
          linked: true,
        });
      }
    }
    return result;
  });
}
