import type { Kysely } from 'kysely';

// DIRECT connections a Connect session completed before the provider gave the tariff: the slot of
// the location shows PENDING, and prices answer 422 pending_connect, until the connection is
// resolved (the tariff written) or it fails. Keyed by account and mode like every account's table;
// the resolution round claims due rows across accounts (`for update skip locked`), hence the index
// on `resolve_at` alone. Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connect_connections')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('library_tariff_id', 'text')
    /** PENDING until resolved; FAILED once given up (tariff.fetch.failed sent). */
    .addColumn('status', 'text', (c) => c.notNull())
    /** When the provider answers (sandbox: pendingSeconds after completion); null once done. */
    .addColumn('resolve_at', 'timestamptz')
    /** When an unresolved connection is given up (48 h after completion). */
    .addColumn('give_up_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('connect_connections_pkey', ['account_id', 'live_mode', 'id'])
    .execute();
  await db.schema
    .createIndex('connect_connections_location')
    .on('connect_connections')
    .columns(['account_id', 'live_mode', 'location_id'])
    .execute();
  await db.schema
    .createIndex('connect_connections_resolve_at')
    .on('connect_connections')
    .column('resolve_at')
    .execute();
}
