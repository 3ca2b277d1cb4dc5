// Test clocks (migration 0012) and what moving one, or resetting test mode, does to the other
// tables of an account's test mode. Test mode only: every statement here fixes live_mode = false.
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { Db } from './schema.ts';
import type { TariffRecord } from './tariffs.ts';
import type { ConnectConnectionRecord } from './connect-connections.ts';
import { deleteMarketScenarios } from './market-scenarios.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface TestClockRow {
  account_id: string;
  frozen: boolean;
  clock_at: Timestamp;
  server_at: Timestamp;
  fired_through: Timestamp;
  updated_at: Timestamp;
}

export type TestClockRecord = Selectable<TestClockRow>;

const withClocks = (db: Db) => db.withTables<{ test_clocks: TestClockRow }>();

export async function selectTestClock(db: Db, accountId: string): Promise<TestClockRecord | undefined> {
  return withClocks(db)
    .selectFrom('test_clocks')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The clock row of an account locked for the caller's transaction, when it has one. */
export async function selectTestClockForUpdate(
  db: Db,
  accountId: string,
): Promise<TestClockRecord | undefined> {
  return withClocks(db)
    .selectFrom('test_clocks')
    .selectAll()
    .where('account_id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
}

/** Every test clock, for the round that fires what running clocks make due. */
export async function selectTestClocks(db: Db): Promise<TestClockRecord[]> {
  return withClocks(db).selectFrom('test_clocks').selectAll().orderBy('account_id').execute();
}

/**
 * The clock row of an account, locked for the caller's transaction; made first (as `initial`) when
 * the account has none, so that two concurrent callers queue on the same row.
 */
export async function lockTestClock(
  db: Db,
  accountId: string,
  initial: Omit<TestClockRecord, 'account_id'>,
): Promise<TestClockRecord> {
  await withClocks(db)
    .insertInto('test_clocks')
    .values({ account_id: accountId, ...initial })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  return withClocks(db)
    .selectFrom('test_clocks')
    .selectAll()
    .where('account_id', '=', accountId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function updateTestClockRow(
  db: Db,
  accountId: string,
  patch: Partial<Omit<TestClockRecord, 'account_id'>>,
): Promise<TestClockRecord> {
  return withClocks(db)
    .updateTable('test_clocks')
    .set(patch)
    .where('account_id', '=', accountId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteTestClock(db: Db, accountId: string): Promise<void> {
  await withClocks(db).deleteFrom('test_clocks').where('account_id', '=', accountId).execute();
}

// ---- what became due in an account's test mode ----

/** Test-mode tariffs of an account whose next contract notice is due at `through`, locked. */
export async function selectTestTariffsWithNoticeDue(
  db: Db,
  accountId: string,
  through: Date,
): Promise<TariffRecord[]> {
  return db
    .selectFrom('tariffs')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('live_mode', '=', false)
    .where('next_notice_at', '<=', through)
    .orderBy('next_notice_at')
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Pending test-mode connections of an account that resolve or give up by `through`, locked. */
export async function selectTestConnectionsDue(
  db: Db,
  accountId: string,
  through: Date,
): Promise<ConnectConnectionRecord[]> {
  const { rows } = await sql<ConnectConnectionRecord>`
    select * from connect_connections
     where account_id = ${accountId} and live_mode = false and status = 'PENDING'
       and (resolve_at <= ${through} or give_up_at <= ${through})
     order by id
     for update`.execute(db);
  return rows;
}

/**
 * Brings the account's pending test-mode webhook deliveries `byMs` earlier: their due times are
 * kept in server time, and the account's clock just moved that far ahead [decision:test-clock-webhooks].
 */
export async function shiftTestDeliveries(db: Db, accountId: string, byMs: number): Promise<number> {
  const result = await sql`
    update webhook_deliveries
       set next_attempt_at = next_attempt_at - make_interval(secs => ${byMs / 1000})
     where account_id = ${accountId} and live_mode = false and status = 'pending'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The tables whose test-mode rows a reset removes, dependants first. */
const TEST_MODE_TABLES = [
  'connect_connections',
  'connect_tokens',
  'meter_register_reads',
  'meter_records',
  'meter_batches',
  'tariffs',
  'devices',
  'locations',
  'customers',
  'events',
  'idempotency_keys',
] as const;

/**
 * Deletes every test-mode object of an account: its webhook endpoints with their deliveries and
 * attempts, then every table keyed by account and mode, and its market scenarios. Live rows and
 * API keys stay.
 * Returns the rows removed per table.
 */
export async function deleteTestModeRows(db: Db, accountId: string): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const attempts = await sql`
    delete from webhook_attempts a
     using webhook_endpoints w
     where a.account_id = ${accountId} and w.account_id = a.account_id and w.id = a.endpoint_id
       and w.live_mode = false`.execute(db);
  removed.webhook_attempts = Number(attempts.numAffectedRows ?? 0);
  for (const table of ['webhook_deliveries', 'webhook_endpoints', ...TEST_MODE_TABLES]) {
    const result = await sql`
      delete from ${sql.table(table)} where account_id = ${accountId} and live_mode = false`.execute(db);
    removed[table] = Number(result.numAffectedRows ?? 0);
  }
  // Market scenarios exist in test mode only [decision:market-scenarios].
  removed.market_scenarios = await deleteMarketScenarios(db, accountId);
  return removed;
}
