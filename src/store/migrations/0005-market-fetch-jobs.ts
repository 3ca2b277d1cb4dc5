import type { Kysely } from 'kysely';

// One row per (market source, delivery day) that the market fetcher has to fetch: what any node
// claims (`for update skip locked`), tries, and finishes. Like market_prices, operator-level
// reference data, so it is keyed by source rather than by account. Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('market_fetch_jobs')
    .addColumn('source_id', 'text', (c) => c.notNull())
    /** The delivery day, `YYYY-MM-DD` on the market's wall clock. */
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('area', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    /** Not before this instant; a claim moves it ahead by the lease, so a crashed node's job returns. */
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_error', 'text')
    /** Set when the day's prices are stored; a done job is never claimed again. */
    .addColumn('done_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_fetch_jobs_pk', ['source_id', 'day'])
    .execute();
  await db.schema
    .createIndex('market_fetch_jobs_due')
    .on('market_fetch_jobs')
    .columns(['done_at', 'next_attempt_at'])
    .execute();
}
