import type { Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import { cursorRow, selectKeysetPage, type KeysetRequest } from './pages.ts';
import type { Db, DeviceRow } from './schema.ts';

export type DeviceRecord = Selectable<DeviceRow>;

function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode);
}

export async function insertDevice(db: Db, record: DeviceRecord): Promise<void> {
  await db
    .insertInto('devices')
    .values({
      ...record,
      pv_system: record.pv_system === null ? null : JSON.stringify(record.pv_system),
    } as never)
    .execute();
}

export async function selectDeviceById(db: Db, scope: Scope, id: string): Promise<DeviceRecord | undefined> {
  return scoped(db, scope).where('id', '=', id).executeTakeFirst();
}

export async function selectDevicesPage(
  db: Db,
  scope: Scope,
  filter: { referenceId?: string | undefined },
  page: KeysetRequest,
): Promise<{ rows: DeviceRecord[]; hasMore: boolean }> {
  let query = scoped(db, scope);
  if (filter.referenceId !== undefined) query = query.where('reference_id', '=', filter.referenceId);
  return selectKeysetPage(query, (id) => cursorRow(db, scope, 'devices', id), page);
}

export async function updateDeviceRow(
  db: Db,
  scope: Scope,
  id: string,
  patch: { reference_id?: string | null; pv_system?: Record<string, unknown> | null },
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  const { pv_system, ...rest } = patch;
  await db
    .updateTable('devices')
    .set({ ...rest, ...(pv_system !== undefined ? { pv_system: JSON.stringify(pv_system) } : {}) })
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .execute();
}

export async function deleteDeviceRow(db: Db, scope: Scope, id: string): Promise<void> {
  await db
    .deleteFrom('devices')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .execute();
}

/** Sets `last_seen` of the devices among `ids` to `at`, unless a later time is already there. */
export async function updateDevicesLastSeen(
  db: Db,
  scope: Scope,
  ids: readonly string[],
  at: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('devices')
    .set({ last_seen: at })
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', 'in', [...new Set(ids)])
    .where((eb) => eb.or([eb('last_seen', 'is', null), eb('last_seen', '<', at)]))
    .execute();
}
