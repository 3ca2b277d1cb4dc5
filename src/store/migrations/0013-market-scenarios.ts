import type { Kysely } from 'kysely';

// Market scenarios of the test-mode market [decision:market-scenarios]: an account's instructions
// to its simulated day-ahead market (a negative, spiking or flat day, a missing or late
// publication) for a source and a range of delivery days. Test mode only, so keyed by account
// alone; `start_date` and `end_date` are local days of the market's zone, inclusive, as
// `YYYY-MM-DD` text (compared as text; a `date` column would come back through the driver's zone). Pricing reads
// the rows of one account and source that overlap a span, hence the index. Portable SQL only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('market_scenarios')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    /** `late` only: minutes the publication is delayed by. */
    .addColumn('delay_minutes', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_scenarios_pkey', ['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('market_scenarios_source')
    .on('market_scenarios')
    .columns(['account_id', 'source_id', 'end_date'])
    .execute();
}
