import { sql, type Kysely } from 'kysely';

// The provider and tariff-library catalogue of Connect (docs/connect.md, "Providers and the tariff
// library"). The catalogue is one for the whole server and read-only to accounts, so its tables are
// not keyed by account [decision:catalogue-is-global]. A tariff made from a library tariff records
// how it was connected and, when it follows the library, which library tariff it follows.
// Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('catalogue_providers')
    .addColumn('id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    /** An SVG logo of the provider's own; null = the generated monogram. */
    .addColumn('logo_svg', 'text')
    /** JSON arrays: ISO 3166-1 alpha-2 countries; region codes (empty = whole countries); connection types. */
    .addColumn('countries', 'jsonb', (c) => c.notNull())
    .addColumn('regions', 'jsonb', (c) => c.notNull())
    .addColumn('connection_types', 'jsonb', (c) => c.notNull())
    .addColumn('market_source_id', 'text')
    /** Test-mode sandbox behaviour; null for real providers. */
    .addColumn('sandbox', 'jsonb')
    /** Where the row came from (an importer's key such as `urdb:<label>`); null when made by hand. */
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('catalogue_providers_external_ref')
    .on('catalogue_providers')
    .column('external_ref')
    .unique()
    .where(sql.ref('external_ref'), 'is not', null)
    .execute();

  await db.schema
    .createTable('catalogue_tariffs')
    .addColumn('id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('currency_code', 'text', (c) => c.notNull())
    .addColumn('regions', 'jsonb', (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz')
    .addColumn('valid_to', 'timestamptz')
    .addColumn('market_rates', 'boolean', (c) => c.notNull())
    .addColumn('schedule', 'jsonb', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('catalogue_tariffs_provider')
    .on('catalogue_tariffs')
    .columns(['provider_id', 'id'])
    .execute();
  await db.schema
    .createIndex('catalogue_tariffs_external_ref')
    .on('catalogue_tariffs')
    .column('external_ref')
    .unique()
    .where(sql.ref('external_ref'), 'is not', null)
    .execute();

  /** One row per committed data set loaded (the starting catalogue): written with the data, once. */
  await db.schema
    .createTable('catalogue_loads')
    .addColumn('name', 'text', (c) => c.notNull().primaryKey())
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('tariffs')
    .addColumn('connection_type', 'text', (c) => c.notNull().defaultTo('MANUAL'))
    .execute();
  await db.schema
    .alterTable('tariffs')
    .addColumn('is_linked', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable('tariffs').addColumn('library_tariff_id', 'text').execute();
  // A library tariff's change finds the tariffs that follow it, in every account.
  await db.schema
    .createIndex('tariffs_library_tariff')
    .on('tariffs')
    .column('library_tariff_id')
    .where(sql.ref('library_tariff_id'), 'is not', null)
    .execute();
}
