import type { Kysely } from 'kysely';

// The test clock of an account's test mode [decision:test-clocks]: absent while the clock follows
// real time. Its time is `clock_at` while frozen, else `clock_at` plus the server time elapsed
// since `server_at`. `fired_through` is the clock time up to which everything due (notices,
// simulated publications, pending connections) has been written, so a running clock's round and
// an advance never write the same thing twice. Advances lock the row (`for update`). Live mode has
// no clock, so the account alone keys it. Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('test_clocks')
    .addColumn('account_id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('frozen', 'boolean', (c) => c.notNull())
    .addColumn('clock_at', 'timestamptz', (c) => c.notNull())
    .addColumn('server_at', 'timestamptz', (c) => c.notNull())
    .addColumn('fired_through', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
