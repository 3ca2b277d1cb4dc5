// DIRECT connections that a completed Connect session left pending (migration 0011).
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import type { Db } from './schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ConnectConnectionRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  token_id: string;
  location_id: string;
  direction: 'IMPORT' | 'EXPORT' | 'LOCAL';
  type: 'COMMODITY' | 'NON_COMMODITY';
  provider_id: string;
  library_tariff_id: string | null;
  status: 'PENDING' | 'FAILED';
  resolve_at: Timestamp | null;
  give_up_at: Timestamp;
  created_at: Timestamp;
}

export type ConnectConnectionRecord = Selectable<ConnectConnectionRow>;

const withConnections = (db: Db) => db.withTables<{ connect_connections: ConnectConnectionRow }>();

export async function insertConnectConnection(db: Db, row: ConnectConnectionRecord): Promise<void> {
  await withConnections(db).insertInto('connect_connections').values(row).execute();
}

/** The PENDING connections of some locations of a scope. */
export async function selectPendingConnections(
  db: Db,
  scope: Scope,
  locationIds: readonly string[],
): Promise<ConnectConnectionRecord[]> {
  if (locationIds.length === 0) return [];
  return withConnections(db)
    .selectFrom('connect_connections')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('location_id', 'in', [...locationIds])
    .where('status', '=', 'PENDING')
    .orderBy('id')
    .execute();
}

/**
 * Claims up to `limit` PENDING connections due at `nowMs` (to resolve, or to give up on) for this
 * transaction, across accounts: `for update skip locked`, so nodes share the work. A test mode
 * with a test clock of its own is left out: that clock resolves its connections [decision:test-clocks].
 */
export async function claimDueConnections(
  db: Db,
  nowMs: number,
  limit: number,
): Promise<ConnectConnectionRecord[]> {
  const now = new Date(nowMs);
  return withConnections(db)
    .selectFrom('connect_connections')
    .selectAll()
    .where('status', '=', 'PENDING')
    .where((eb) => eb.or([eb('resolve_at', '<=', now), eb('give_up_at', '<=', now)]))
    .where((eb) =>
      eb.or([
        eb('live_mode', '=', true),
        eb.not(
          eb.exists(sql`(select 1 from test_clocks c where c.account_id = connect_connections.account_id)`),
        ),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function deleteConnectConnection(db: Db, scope: Scope, id: string): Promise<void> {
  await withConnections(db)
    .deleteFrom('connect_connections')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .execute();
}

export async function markConnectionFailed(db: Db, scope: Scope, id: string): Promise<void> {
  await withConnections(db)
    .updateTable('connect_connections')
    .set({ status: 'FAILED', resolve_at: null })
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .execute();
}

/** Removes the PENDING connections of a slot (a later session replaced or disconnected it). */
export async function deletePendingConnectionsOfSlot(
  db: Db,
  scope: Scope,
  slot: { locationId: string; direction: string; type: string },
): Promise<void> {
  await withConnections(db)
    .deleteFrom('connect_connections')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('location_id', '=', slot.locationId)
    .where('direction', '=', slot.direction as 'IMPORT')
    .where('type', '=', slot.type as 'COMMODITY')
    .where('status', '=', 'PENDING')
    .execute();
}
