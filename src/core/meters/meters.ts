import { isId, newId } from '../../lib/ids.ts';
import { parseRfc3339 } from '../../lib/time.ts';
import type { Db } from '../../store/database.ts';
import { selectExistingIds } from '../../store/pages.ts';
import {
  insertMeterBatch,
  selectMeterBatchById,
  upsertMeterRecords,
  type MeterBatchRecord,
  type NewMeterRecord,
} from '../../store/meter-records.ts';
import type { CoreContext, Scope } from '../context.ts';
import { NotFoundError, RecordsInvalidError, ValidationError, type FailedRecord } from '../errors.ts';

/** The most records one submission may carry. */
export const MAX_RECORDS_PER_SUBMISSION = 10_000;

const UNITS = ['W', 'KW', 'WH', 'KWH'] as const;
const FLOWS = ['INBOUND', 'OUTBOUND'] as const;
const TARIFF_DIRECTIONS = ['IMPORT', 'EXPORT', 'LOCAL'] as const;

/** A submitted record with the older field names already resolved; values still unchecked. */
export interface MeterRecordInput {
  location_id?: unknown;
  device_id?: unknown;
  units?: unknown;
  value?: unknown;
  start_time?: unknown;
  end_time?: unknown;
  session_reference_id?: unknown;
  record_reference_id?: unknown;
  energy_flow_direction?: unknown;
  tariff_direction?: unknown;
  confidence?: unknown;
}

export interface MeterBatch {
  id: string;
  accountId: string;
  liveMode: boolean;
  recordsSubmitted: number;
  recordsAccepted: number;
  recordsProcessed: number;
  failedRecords: FailedRecord[];
  createdAt: number;
}

/** A record that passed validation, ready to store. */
export interface CheckedRecord {
  locationId: string;
  deviceId: string | null;
  units: (typeof UNITS)[number];
  value: string;
  start: number;
  end: number;
  energyFlowDirection: (typeof FLOWS)[number];
  tariffDirection: (typeof TARIFF_DIRECTIONS)[number];
  confidence: number;
  sessionReferenceId: string | null;
  recordReferenceId: string | null;
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= 255 ? v : null;

/** Why a record is refused: a code naming the field and a message. */
export interface RecordProblem {
  code: string;
  message: string;
}

const problem = (code: string, message: string): RecordProblem => ({ code, message });

/** Checks one record's fields (not yet whether its location and device exist); returns why it fails. */
export function checkRecord(input: MeterRecordInput): CheckedRecord | RecordProblem {
  if (input.location_id === undefined) return problem('location_id_missing', 'location_id is required');
  if (typeof input.location_id !== 'string' || !isId(input.location_id, 'loc'))
    return problem('location_id_invalid', 'location_id is not a location ID');
  if (
    input.device_id !== undefined &&
    (typeof input.device_id !== 'string' || !isId(input.device_id, 'dev'))
  ) {
    return problem('device_id_invalid', 'device_id is not a device ID');
  }
  if (input.units === undefined) return problem('units_missing', 'units is required');
  const units = typeof input.units === 'string' ? input.units.toUpperCase() : '';
  if (!(UNITS as readonly string[]).includes(units))
    return problem('units_invalid', 'units must be one of W, KW, WH, KWH');
  if (input.value === undefined) return problem('value_missing', 'value is required');
  if (typeof input.value !== 'number' || !Number.isFinite(input.value) || input.value < 0) {
    return problem('value_invalid', 'value must be a number ≥ 0');
  }
  if (input.start_time === undefined) return problem('start_time_missing', 'start_time is required');
  if (input.end_time === undefined) return problem('end_time_missing', 'end_time is required');
  const start = typeof input.start_time === 'string' ? parseRfc3339(input.start_time) : undefined;
  if (!start)
    return problem('start_time_invalid', 'start_time must be an RFC 3339 timestamp with Z or an offset');
  const end = typeof input.end_time === 'string' ? parseRfc3339(input.end_time) : undefined;
  if (!end) return problem('end_time_invalid', 'end_time must be an RFC 3339 timestamp with Z or an offset');
  if (end.ms <= start.ms) return problem('time_range_invalid', 'end_time must not be before start_time');
  const flow = input.energy_flow_direction ?? 'INBOUND';
  if (!(FLOWS as readonly unknown[]).includes(flow))
    return problem('energy_flow_direction_invalid', 'energy_flow_direction must be INBOUND or OUTBOUND');
  // The price follows the flow unless named [decision:tariff-direction-default].
  const tariffDirection = input.tariff_direction ?? (flow === 'OUTBOUND' ? 'EXPORT' : 'IMPORT');
  if (!(TARIFF_DIRECTIONS as readonly unknown[]).includes(tariffDirection)) {
    return problem('tariff_direction_invalid', 'tariff_direction must be IMPORT, EXPORT or LOCAL');
  }
  const confidence = input.confidence ?? 1;
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence <= 1))
    return problem('confidence_invalid', 'confidence must be in (0, 1]');
  for (const field of ['session_reference_id', 'record_reference_id'] as const) {
    if (input[field] !== undefined && text(input[field]) === null)
      return problem(`${field}_invalid`, `${field} must be a string of 1 to 255 characters`);
  }
  return {
    locationId: input.location_id,
    deviceId: (input.device_id as string | undefined) ?? null,
    units: units as CheckedRecord['units'],
    value: String(input.value),
    start: start.ms,
    end: end.ms,
    energyFlowDirection: flow as CheckedRecord['energyFlowDirection'],
    tariffDirection: tariffDirection as CheckedRecord['tariffDirection'],
    confidence,
    sessionReferenceId: text(input.session_reference_id),
    recordReferenceId: text(input.record_reference_id),
  };
}

/** IDs among `ids` that `existing` (one query over the distinct IDs) does not return. */
async function missing(
  ids: Iterable<string>,
  existing: (ids: readonly string[]) => Promise<Set<string>>,
): Promise<Set<string>> {
  const distinct = [...new Set(ids)];
  const found = await existing(distinct);
  return new Set(distinct.filter((id) => !found.has(id)));
}

/** A checked record, or the ValidationError of its first problem (for one-record calls). */
export function checkRecordOrThrow(input: MeterRecordInput): CheckedRecord {
  const result = checkRecord(input);
  if ('code' in result) throw new ValidationError(result.code, result.message);
  return result;
}

/** The stored form of a checked record: it belongs to its device, else to its location. */
export function toNewMeterRecord(record: CheckedRecord, id: string): NewMeterRecord {
  return {
    id,
    owner_id: record.deviceId ?? record.locationId,
    location_id: record.locationId,
    device_id: record.deviceId,
    tariff_direction: record.tariffDirection,
    energy_flow_direction: record.energyFlowDirection,
    start: record.start,
    end: record.end,
    units: record.units,
    value: record.value,
    confidence: record.confidence,
    session_reference_id: record.sessionReferenceId,
    record_reference_id: record.recordReferenceId,
  };
}

function toBatch(row: MeterBatchRecord): MeterBatch {
  return {
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    recordsSubmitted: row.records_submitted,
    recordsAccepted: row.records_accepted,
    recordsProcessed: row.records_processed,
    failedRecords: row.failed_records,
    createdAt: row.created_at.getTime(),
  };
}

/**
 * Stores checked records all or nothing: every record's owner must exist in this scope, or the
 * whole submission is refused listing each bad record. A record with the same owner, directions
 * and interval as a stored one replaces it, so a submission repeated is stored once.
 */
export async function storeRecords(
  ctx: CoreContext,
  scope: Scope,
  submitted: number,
  checked: readonly (CheckedRecord | { failed: FailedRecord })[],
  /** More writes that must commit with the records (a cumulative series' last read). */
  alongside?: (db: Db) => Promise<void>,
): Promise<MeterBatch> {
  const failed: FailedRecord[] = checked.flatMap((r) => ('failed' in r ? [r.failed] : []));
  const good = checked.flatMap((r, i) => ('failed' in r ? [] : [{ record: r, index: i }]));
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx: Db) => {
    const absentLocations = await missing(
      good.map((g) => g.record.locationId),
      (ids) => selectExistingIds(trx, scope, 'locations', ids),
    );
    const absentDevices = await missing(
      good.flatMap((g) => (g.record.deviceId ? [g.record.deviceId] : [])),
      (ids) => selectExistingIds(trx, scope, 'devices', ids),
    );
    for (const { record, index } of good) {
      const reason = absentLocations.has(record.locationId)
        ? `location_id ${record.locationId} does not exist`
        : record.deviceId && absentDevices.has(record.deviceId)
          ? `device_id ${record.deviceId} does not exist`
          : undefined;
      if (reason) {
        failed.push({
          record_num: index,
          ...(record.recordReferenceId ? { record_reference_id: record.recordReferenceId } : {}),
          error: reason,
        });
      }
    }
    if (failed.length > 0) throw new RecordsInvalidError(failed.sort((a, b) => a.record_num - b.record_num));

    const batchId = newId('bat', now);
    const byKey = new Map<string, NewMeterRecord>();
    for (const { record } of good) {
      const ownerId = record.deviceId ?? record.locationId;
      const key = `${ownerId}|${record.tariffDirection}|${record.energyFlowDirection}|${record.start}|${record.end}`;
      byKey.set(key, toNewMeterRecord(record, newId('mre', now)));
    }
    await upsertMeterRecords(
      trx,
      { accountId: scope.accountId, liveMode: scope.liveMode, batchId, createdAt: new Date(now) },
      [...byKey.values()],
    );
    const batch: MeterBatchRecord = {
      account_id: scope.accountId,
      live_mode: scope.liveMode,
      id: batchId,
      records_submitted: submitted,
      records_accepted: good.length,
      records_processed: good.length,
      failed_records: [],
      created_at: new Date(Math.floor(now / 1000) * 1000),
    };
    await insertMeterBatch(trx, batch);
    if (alongside) await alongside(trx);
    return toBatch(batch);
  });
}

/** `PUT /meters/interval`: up to 10,000 records, validated all or nothing. */
export async function submitIntervalRecords(
  ctx: CoreContext,
  scope: Scope,
  records: readonly MeterRecordInput[],
): Promise<MeterBatch> {
  if (records.length > MAX_RECORDS_PER_SUBMISSION) {
    throw new ValidationError(
      'records_limit_exceeded',
      `At most ${MAX_RECORDS_PER_SUBMISSION} records can be submitted at once; got ${records.length}`,
    );
  }
  if (records.length === 0) throw new ValidationError('records_missing', 'The submission holds no records');
  const checked = records.map((input, index) => {
    const result = checkRecord(input);
    if (!('code' in result)) return result;
    const reference = text(input.record_reference_id);
    return {
      failed: {
        record_num: index,
        ...(reference ? { record_reference_id: reference } : {}),
        error: result.message,
      },
    };
  });
  return storeRecords(ctx, scope, records.length, checked);
}

export async function retrieveMeterBatch(ctx: CoreContext, scope: Scope, id: string): Promise<MeterBatch> {
  const row = await selectMeterBatchById(ctx.db, scope, id);
  if (!row) throw new NotFoundError('meter_batch', id);
  return toBatch(row);
}
