import { sql, type ColumnType, type Selectable } from 'kysely';
import type { Db } from './schema.ts';

// The provider and tariff-library catalogue (migration 0009): one for the whole server, so no
// account key [decision:catalogue-is-global]. SQL only; the rules live in core/catalogue.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface SandboxJson {
  behaviour: 'connect' | 'pending' | 'fail';
  pending_seconds: number;
  library_tariff_id: string | null;
}

export interface CatalogueProviderRow {
  id: string;
  display_name: string;
  logo_svg: string | null;
  countries: Json<string[]>;
  regions: Json<string[]>;
  connection_types: Json<string[]>;
  market_source_id: string | null;
  sandbox: ColumnType<SandboxJson | null, string | null, string | null>;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CatalogueTariffRow {
  id: string;
  provider_id: string;
  name: string;
  description: string | null;
  direction: 'IMPORT' | 'EXPORT';
  type: 'COMMODITY' | 'NON_COMMODITY';
  currency_code: string;
  regions: Json<string[]>;
  valid_from: Timestamp | null;
  valid_to: Timestamp | null;
  market_rates: boolean;
  schedule: Json<unknown[]>;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CatalogueLoadRow {
  name: string;
  loaded_at: Timestamp;
}

export type CatalogueProviderRecord = Selectable<CatalogueProviderRow>;
export type CatalogueTariffRecord = Selectable<CatalogueTariffRow>;

const withCatalogue = (db: Db) =>
  db.withTables<{
    catalogue_providers: CatalogueProviderRow;
    catalogue_tariffs: CatalogueTariffRow;
    catalogue_loads: CatalogueLoadRow;
  }>();

const providerValues = (r: CatalogueProviderRecord) => ({
  ...r,
  countries: JSON.stringify(r.countries),
  regions: JSON.stringify(r.regions),
  connection_types: JSON.stringify(r.connection_types),
  sandbox: r.sandbox === null ? null : JSON.stringify(r.sandbox),
});

const tariffValues = (r: CatalogueTariffRecord) => ({
  ...r,
  regions: JSON.stringify(r.regions),
  schedule: JSON.stringify(r.schedule),
});

/** Rows per INSERT statement when loading many (well under PostgreSQL's 65,535 parameters). */
const CHUNK = 500;

/**
 * Inserts providers and tariffs in a few multi-row statements; rows whose ID or external reference
 * exists already are skipped (`on conflict do nothing`), so loading the same data twice is harmless.
 */
export async function insertCatalogueRows(
  db: Db,
  providers: readonly CatalogueProviderRecord[],
  tariffs: readonly CatalogueTariffRecord[],
): Promise<void> {
  const c = withCatalogue(db);
  for (let i = 0; i < providers.length; i += CHUNK) {
    await c
      .insertInto('catalogue_providers')
      .values(providers.slice(i, i + CHUNK).map(providerValues))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (let i = 0; i < tariffs.length; i += CHUNK) {
    await c
      .insertInto('catalogue_tariffs')
      .values(tariffs.slice(i, i + CHUNK).map(tariffValues))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/**
 * Claims a named data set for loading: true for the one caller that records it (inside its
 * transaction, so a concurrent caller waits for that commit and then gets false).
 */
export async function claimCatalogueLoad(db: Db, name: string, now: Date): Promise<boolean> {
  const rows = await withCatalogue(db)
    .insertInto('catalogue_loads')
    .values({ name, loaded_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .execute();
  return rows.length === 1;
}

export async function selectCatalogueLoads(db: Db): Promise<string[]> {
  const rows = await withCatalogue(db).selectFrom('catalogue_loads').select('name').execute();
  return rows.map((r) => r.name);
}

/**
 * Providers that serve a country (every region of it or some, or every country: `*`), sandbox
 * ones included only when asked.
 */
export async function selectProvidersOfCountry(
  db: Db,
  countryCode: string,
  includeSandbox: boolean,
): Promise<CatalogueProviderRecord[]> {
  let query = withCatalogue(db)
    .selectFrom('catalogue_providers')
    .selectAll()
    .where(
      sql<boolean>`(countries @> ${JSON.stringify([countryCode])}::jsonb or countries @> '["*"]'::jsonb)`,
    );
  if (!includeSandbox) query = query.where('sandbox', 'is', null);
  return query.orderBy('display_name').orderBy('id').execute();
}

export async function selectProviderById(db: Db, id: string): Promise<CatalogueProviderRecord | undefined> {
  return withCatalogue(db)
    .selectFrom('catalogue_providers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function selectProviderByExternalRef(
  db: Db,
  ref: string,
): Promise<CatalogueProviderRecord | undefined> {
  return withCatalogue(db)
    .selectFrom('catalogue_providers')
    .selectAll()
    .where('external_ref', '=', ref)
    .executeTakeFirst();
}

/** A page of providers by ID (oldest first), optionally of one country. */
export async function selectProvidersPage(
  db: Db,
  filter: { countryCode?: string | undefined },
  page: { limit: number; after?: string | undefined },
): Promise<{ rows: CatalogueProviderRecord[]; hasMore: boolean }> {
  let query = withCatalogue(db).selectFrom('catalogue_providers').selectAll();
  if (filter.countryCode !== undefined)
    query = query.where(sql<boolean>`countries @> ${JSON.stringify([filter.countryCode])}::jsonb`);
  if (page.after !== undefined) query = query.where('id', '>', page.after);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export async function insertProvider(db: Db, record: CatalogueProviderRecord): Promise<void> {
  await withCatalogue(db).insertInto('catalogue_providers').values(providerValues(record)).execute();
}

export async function updateProviderRow(db: Db, record: CatalogueProviderRecord): Promise<void> {
  const { id, created_at: _created, ...rest } = providerValues(record);
  await withCatalogue(db).updateTable('catalogue_providers').set(rest).where('id', '=', id).execute();
}

export async function deleteProviderRow(db: Db, id: string): Promise<void> {
  await withCatalogue(db).deleteFrom('catalogue_providers').where('id', '=', id).execute();
}

/** The library tariffs of a provider, oldest first. */
export async function selectTariffsOfProvider(db: Db, providerId: string): Promise<CatalogueTariffRecord[]> {
  return withCatalogue(db)
    .selectFrom('catalogue_tariffs')
    .selectAll()
    .where('provider_id', '=', providerId)
    .orderBy('id')
    .execute();
}

export async function selectLibraryTariffById(
  db: Db,
  id: string,
): Promise<CatalogueTariffRecord | undefined> {
  return withCatalogue(db)
    .selectFrom('catalogue_tariffs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function selectLibraryTariffByExternalRef(
  db: Db,
  ref: string,
): Promise<CatalogueTariffRecord | undefined> {
  return withCatalogue(db)
    .selectFrom('catalogue_tariffs')
    .selectAll()
    .where('external_ref', '=', ref)
    .executeTakeFirst();
}

/** A page of library tariffs by ID (oldest first), optionally of one provider. */
export async function selectLibraryTariffsPage(
  db: Db,
  filter: { providerId?: string | undefined },
  page: { limit: number; after?: string | undefined },
): Promise<{ rows: CatalogueTariffRecord[]; hasMore: boolean }> {
  let query = withCatalogue(db).selectFrom('catalogue_tariffs').selectAll();
  if (filter.providerId !== undefined) query = query.where('provider_id', '=', filter.providerId);
  if (page.after !== undefined) query = query.where('id', '>', page.after);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export async function insertLibraryTariff(db: Db, record: CatalogueTariffRecord): Promise<void> {
  await withCatalogue(db).insertInto('catalogue_tariffs').values(tariffValues(record)).execute();
}

export async function updateLibraryTariffRow(db: Db, record: CatalogueTariffRecord): Promise<void> {
  const { id, created_at: _created, ...rest } = tariffValues(record);
  await withCatalogue(db).updateTable('catalogue_tariffs').set(rest).where('id', '=', id).execute();
}

export async function deleteLibraryTariffRow(db: Db, id: string): Promise<void> {
  await withCatalogue(db).deleteFrom('catalogue_tariffs').where('id', '=', id).execute();
}

export async function countLibraryTariffsOfProvider(db: Db, providerId: string): Promise<number> {
  const row = await withCatalogue(db)
    .selectFrom('catalogue_tariffs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('provider_id', '=', providerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
