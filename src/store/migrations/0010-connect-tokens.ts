import type { Kysely } from 'kysely';

// Connect tokens (docs/connect.md). A token authorises one Connect session; the session's state
// lives in the same row, so any node can answer any step and a restart loses nothing. Tokens are
// found by their ID alone (the session endpoint has no API key), and every row still carries its
// account and mode, which every read checks. Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connect_tokens')
    .addColumn('id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    /** The token's input, aliases resolved and defaults applied (ConnectTokenRequest). */
    .addColumn('request', 'jsonb', (c) => c.notNull())
    /** The session's state, written by the session flow; null before the first step. */
    .addColumn('session', 'jsonb')
    /** Bumped by every step that changes `session`: a step applies only on the version it read. */
    .addColumn('session_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('customer_id', 'text')
    .addColumn('location_id', 'text')
    .addColumn('tariff_id', 'text')
    /** SAVE or DISCONNECT, once the session has completed. */
    .addColumn('complete_action', 'text')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('connect_tokens_account')
    .on('connect_tokens')
    .columns(['account_id', 'live_mode', 'created_at'])
    .execute();

  // [decision:connect-local-direction] LOCAL tokens are accepted unless the operator switched them off.
  await db.schema
    .alterTable('accounts')
    .addColumn('connect_local_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
}
