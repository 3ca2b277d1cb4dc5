import { newId } from '../../lib/ids.ts';
import type { Db } from '../../store/database.ts';
import {
  deleteDeviceRow,
  insertDevice,
  selectDeviceById,
  selectDevicesPage,
  updateDeviceRow,
  updateDevicesLastSeen,
  type DeviceRecord,
} from '../../store/devices.ts';
import type { CoreContext, Scope } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { recordEvent } from '../events/events.ts';
import { selectPage, type Page, type PageQuery } from '../pagination.ts';

export interface Device {
  id: string;
  accountId: string;
  liveMode: boolean;
  referenceId: string | null;
  /** Solar-forecast fields sent by the PV guide; stored and echoed only when set. */
  pvSystem: Record<string, unknown> | null;
  lastSeen: number | null;
  createdAt: number;
}

export interface DeviceInput {
  referenceId?: string | undefined;
  pvSystem?: Record<string, unknown> | undefined;
}

function fromRecord(row: DeviceRecord): Device {
  return {
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    referenceId: row.reference_id,
    pvSystem: row.pv_system,
    lastSeen: row.last_seen?.getTime() ?? null,
    createdAt: row.created_at.getTime(),
  };
}

/**
 * Records that the devices were used at `now` ([decision:devices]: a meter record, cost or schedule
 * request named them). Not a change the client made, so no `device.update` event.
 */
export async function markDevicesSeen(
  db: Db,
  scope: Scope,
  ids: readonly string[],
  now: number,
): Promise<void> {
  await updateDevicesLastSeen(db, scope, ids, new Date(now));
}

async function load(db: Db, scope: Scope, id: string): Promise<Device> {
  const row = await selectDeviceById(db, scope, id);
  if (!row) throw new NotFoundError('device', id);
  return fromRecord(row);
}

export async function createDevice(ctx: CoreContext, scope: Scope, input: DeviceInput): Promise<Device> {
  const now = ctx.now(scope);
  const record: DeviceRecord = {
    account_id: scope.accountId,
    live_mode: scope.liveMode,
    id: newId('dev', now),
    reference_id: input.referenceId ?? null,
    pv_system: input.pvSystem ?? null,
    last_seen: null,
    created_at: new Date(Math.floor(now / 1000) * 1000),
  };
  const device = fromRecord(record);
  await ctx.db.transaction().execute(async (trx) => {
    await insertDevice(trx, record);
    await recordEvent(trx, scope, now, 'device.create', device);
  });
  return device;
}

export async function retrieveDevice(ctx: CoreContext, scope: Scope, id: string): Promise<Device> {
  return load(ctx.db, scope, id);
}

export async function listDevices(
  ctx: CoreContext,
  scope: Scope,
  filter: { referenceId?: string | undefined },
  page: PageQuery,
): Promise<Page<Device>> {
  const { rows, hasMore } = await selectPage(
    page,
    (keyset) => selectDevicesPage(ctx.db, scope, filter, keyset),
    (id) => selectDeviceById(ctx.db, scope, id),
  );
  return { data: rows.map(fromRecord), hasMore };
}

export async function updateDevice(
  ctx: CoreContext,
  scope: Scope,
  id: string,
  input: DeviceInput,
): Promise<Device> {
  const now = ctx.now(scope);
  return ctx.db.transaction().execute(async (trx) => {
    await load(trx, scope, id);
    await updateDeviceRow(trx, scope, id, {
      ...(input.referenceId !== undefined ? { reference_id: input.referenceId } : {}),
      ...(input.pvSystem !== undefined ? { pv_system: input.pvSystem } : {}),
    });
    const device = await load(trx, scope, id);
    await recordEvent(trx, scope, now, 'device.update', device);
    return device;
  });
}

export async function deleteDevice(ctx: CoreContext, scope: Scope, id: string): Promise<void> {
  const now = ctx.now(scope);
  await ctx.db.transaction().execute(async (trx) => {
    const device = await load(trx, scope, id);
    await deleteDeviceRow(trx, scope, id);
    await recordEvent(trx, scope, now, 'device.delete', device);
  });
}
