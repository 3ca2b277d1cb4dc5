import type { Kysely } from 'kysely';

// A tariff's market source follows its location's address (the location's market_sources), so it
// is worked out when the tariff is read rather than stored: a stored copy went stale when the
// location's address changed. Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tariffs').dropColumn('market_rate_source_id').execute();
}
