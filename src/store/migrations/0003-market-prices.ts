import type { Kysely } from 'kysely';

// Day-ahead market prices per market source (`mrs_…`). The one table not keyed by account: market
// prices are public reference data that every account and both modes read alike, so the key is
// the source, then the interval start. Values are kept as published (exact `numeric`, with the
// feed's unit and currency); conversion to major units per MWh happens when they are read.
// Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('market_prices')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('start', 'timestamptz', (c) => c.notNull())
    .addColumn('end', 'timestamptz', (c) => c.notNull())
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('area', 'text')
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_prices_pk', ['source_id', 'start'])
    .execute();
}
