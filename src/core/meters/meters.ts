import { newId } from '../../lib/ids.ts';
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
import { markDevicesSeen } from '../devices/devices.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import {
  checkRecord,
  MAX_RECORDS_PER_SUBMISSION,
  text,
  toNewMeterRecord,
  type CheckedRecord,
  type MeterRecordInput,
} from './meter-record.ts';

/** One failed item of a meter submission: its 0-based position and why, as the API writes it. */
export interface FailedRecord {
  record_num: number;
  record_reference_id?: string;
  error: string;
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

/** IDs among `ids` that `existing` (one query over the distinct IDs) does not return. */
async function missing(
  ids: Iterable<string>,
  existing: (ids: readonly string[]) => Promise<Set<string>>,
): Promise<Set<string>> {
  const distinct = [...new Set(ids)];
  const found = await existing(distinct);
  return new Set(distinct.filter((id) => !found.has(id)));
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

/** An item of a submission (a record, or a register read) that passed its own checks. */
export interface PassedItem {
  /** 0-based position in the submission. */
  recordNum: number;
  referenceId: string | null;
  locationId: string;
  deviceId: string | null;
}

/** A checked submission: what failed, what passed, and the records the passed items give. */
export interface Submission {
  /** Items received: records, or reads for cumulative submissions. */
  submitted: number;
  failed: FailedRecord[];
  passed: PassedItem[];
  /** Each with the position of the item it comes from. */
  records: { recordNum: number; record: CheckedRecord }[];
}

export const failure = (recordNum: number, referenceId: string | null, error: string): FailedRecord => ({
  record_num: recordNum,
  ...(referenceId !== null ? { record_reference_id: referenceId } : {}),
  error,
});

/**
 * Stores the records of a submission whose items passed their checks and whose location and
 * device exist in this scope (one query each for the whole submission); every other item is a
 * failed record of the batch, which is stored with its counts. A record with the same owner,
 * directions and interval as a stored one replaces it, so a submission repeated is stored once.
 */
export async function storeRecords(
  ctx: CoreContext,
  scope: Scope,
  submission: Submission,
  /** More writes that must commit with the records (a cumulative series' last read); skipped
   * when an item failed because its owner does not exist. */
  alongside?: (db: Db) => Promise<void>,
): Promise<MeterBatch> {
  const { passed } = submission;
  const now = ctx.now(scope);
  return ctx.db.transaction().execute(async (trx: Db) => {
    const absentLocations = await missing(
      passed.map((item) => item.locationId),
      (ids) => selectExistingIds(trx, scope, 'locations', ids),
    );
    const absentDevices = await missing(
      passed.flatMap((item) => (item.deviceId ? [item.deviceId] : [])),
      (ids) => selectExistingIds(trx, scope, 'devices', ids),
    );
    const orphans = new Set<number>();
    const failed = [...submission.failed];
    for (const item of passed) {
      const reason = absentLocations.has(item.locationId)
        ? `location_id ${item.locationId} does not exist`
        : item.deviceId && absentDevices.has(item.deviceId)
          ? `device_id ${item.deviceId} does not exist`
          : undefined;
      if (reason) {
        orphans.add(item.recordNum);
        failed.push(failure(item.recordNum, item.referenceId, reason));
      }
    }

    const seen = passed.filter((item) => item.deviceId !== null && !orphans.has(item.recordNum));
    await markDevicesSeen(
      trx,
      scope,
      seen.map((item) => item.deviceId as string),
      now,
    );

    const batchId = newId('bat', now);
    const byKey = new Map<string, NewMeterRecord>();
    for (const { recordNum, record } of submission.records) {
      if (orphans.has(recordNum)) continue;
      const ownerId = record.deviceId ?? record.locationId;
      const key = `${ownerId}|${record.tariffDirection}|${record.energyFlowDirection}|${record.start}|${record.end}`;
      byKey.set(key, toNewMeterRecord(record, newId('mre', now)));
    }
    await upsertMeterRecords(
      trx,
      { accountId: scope.accountId, liveMode: scope.liveMode, batchId, createdAt: new Date(now) },
      [...byKey.values()],
    );
    // Processing is synchronous: every accepted item is processed within the request.
    const accepted = passed.length - orphans.size;
    const batch: MeterBatchRecord = {
      account_id: scope.accountId,
      live_mode: scope.liveMode,
      id: batchId,
      records_submitted: submission.submitted,
      records_accepted: accepted,
      records_processed: accepted,
      failed_records: failed.sort((a, b) => a.record_num - b.record_num),
      created_at: new Date(Math.floor(now / 1000) * 1000),
    };
    await insertMeterBatch(trx, batch);
    if (alongside && orphans.size === 0) await alongside(trx);
    return toBatch(batch);
  });
}

/**
 * `PUT /meters/interval`: up to 10,000 records. A record that fails its checks is listed in
 * `failed_records` (0-based `record_num`) and the others are stored: a bad record never fails
 * the batch. `null` stands for an item that is not a JSON object.
 */
export async function submitIntervalRecords(
  ctx: CoreContext,
  scope: Scope,
  records: readonly (MeterRecordInput | null)[],
): Promise<MeterBatch> {
  if (records.length > MAX_RECORDS_PER_SUBMISSION) {
    throw new ValidationError(
      'records_limit_exceeded',
      `At most ${MAX_RECORDS_PER_SUBMISSION} records can be submitted at once; got ${records.length}`,
    );
  }
  const submission: Submission = { submitted: records.length, failed: [], passed: [], records: [] };
  records.forEach((input, recordNum) => {
    const result = checkRecord(input);
    if ('code' in result) {
      submission.failed.push(failure(recordNum, text(input?.record_reference_id), result.message));
      return;
    }
    submission.passed.push({
      recordNum,
      referenceId: result.recordReferenceId,
      locationId: result.locationId,
      deviceId: result.deviceId,
    });
    submission.records.push({ recordNum, record: result });
  });
  return storeRecords(ctx, scope, submission);
}

export async function retrieveMeterBatch(ctx: CoreContext, scope: Scope, id: string): Promise<MeterBatch> {
  const row = await selectMeterBatchById(ctx.db, scope, id);
  if (!row) throw new NotFoundError('meter_batch', id);
  return toBatch(row);
}
