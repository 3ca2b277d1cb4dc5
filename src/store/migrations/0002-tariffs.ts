import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tariffs')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('market_rates', 'boolean', (c) => c.notNull())
    .addColumn('market_rate_source_id', 'text')
    .addColumn('contract_start', 'timestamptz', (c) => c.notNull())
    .addColumn('contract_end', 'timestamptz', (c) => c.notNull())
    .addColumn('schedule', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('tariffs_pk', ['account_id', 'live_mode', 'id'])
    .execute();
  await db.schema
    .createIndex('tariffs_location')
    .on('tariffs')
    .columns(['account_id', 'live_mode', 'location_id', 'id'])
    .execute();
}
