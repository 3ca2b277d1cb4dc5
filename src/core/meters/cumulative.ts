import {
  compareDecimals,
  formatDecimal,
  readDecimal,
  registerReadsToIntervals,
  type RegisterReadFailure,
} from '../../engine/index.ts';
import { selectRegisterRead, upsertRegisterRead } from '../../store/meter-records.ts';
import type { CoreContext, Scope } from '../context.ts';
import { ValidationError } from '../errors.ts';
import {
  checkRecord,
  MAX_RECORD_KWH,
  MAX_RECORD_SPAN_DAYS,
  MAX_RECORDS_PER_SUBMISSION,
  text,
} from './meter-record.ts';
import { failure, storeRecords, type MeterBatch, type Submission } from './meters.ts';

/** A cumulative submission with the older names resolved; values still unchecked. */
export interface CumulativeInput {
  location_id?: unknown;
  device_id?: unknown;
  units?: unknown;
  data?: unknown;
  session_reference_id?: unknown;
  energy_flow_direction?: unknown;
  tariff_direction?: unknown;
}

/** Reads further apart than this are still one interval; the gap is noted in the decisions doc. */
const GAP_MS = 24 * 3600 * 1000;

/** A register above 1 TWh is no meter's: the bound keeps every difference a finite number. */
const MAX_REGISTER_KWH = 1_000_000_000;

const conversionError = (code: RegisterReadFailure, index: number): string =>
  code === 'duplicate_time'
    ? `data[${index}].time repeats the time of an earlier read`
    : code === 'register_decreased'
      ? `data[${index}].value is below the previous read`
      : `data[${index}] is invalid`;

/**
 * `PUT /meters/cumulative/epoch`: register reads become interval records between consecutive
 * reads [decision:cumulative-reads]. The first read continues the series' last stored read when that is earlier.
 * Each read is an item of the batch: a read that is malformed, repeats a time, is below the read
 * before it (a failed record, never taken for a reset) or adds more than 1 GWh is listed in
 * `failed_records`, and the series continues from the reads that remain. A bad shared field
 * (location, device, units, directions) fails every read. Only a body without a `data` list, or
 * with more than 10,000 reads, is refused as a whole.
 */
export async function submitCumulativeReads(
  ctx: CoreContext,
  scope: Scope,
  input: CumulativeInput,
): Promise<MeterBatch> {
  if (!Array.isArray(input.data)) {
    throw new ValidationError(
      input.data === undefined ? 'data_missing' : 'data_invalid',
      'data must be a list of reads',
    );
  }
  const data: unknown[] = input.data;
  if (data.length > MAX_RECORDS_PER_SUBMISSION) {
    throw new ValidationError(
      'records_limit_exceeded',
      `At most ${MAX_RECORDS_PER_SUBMISSION} reads can be submitted at once; got ${data.length}`,
    );
  }
  const reads = data.map((raw: unknown) => {
    const read = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    return { time: read.time, value: read.value, reference: text(read.record_reference_id) };
  });
  const submission: Submission = { submitted: data.length, failed: [], passed: [], records: [] };
  const fail = (index: number, error: string) =>
    submission.failed.push(failure(index, reads[index]?.reference ?? null, error));

  // The shared fields are checked once, as a record spanning a nominal second.
  const shared = checkRecord({
    location_id: input.location_id,
    device_id: input.device_id,
    units: 'KWH',
    value: 0,
    start_time: '2000-01-01T00:00:00Z',
    end_time: '2000-01-01T00:00:01Z',
    session_reference_id: input.session_reference_id,
    energy_flow_direction: input.energy_flow_direction,
    tariff_direction: input.tariff_direction,
  });
  const unitProblem =
    input.units === 'WH' || input.units === 'KWH'
      ? undefined
      : input.units === undefined
        ? 'units is required'
        : 'units must be WH or KWH';
  if ('code' in shared || unitProblem) {
    const error = 'code' in shared ? shared.message : (unitProblem as string);
    reads.forEach((_, index) => fail(index, error));
    return storeRecords(ctx, scope, submission);
  }

  const unit = input.units === 'WH' ? 'Wh' : 'kWh';
  const maxRegister = unit === 'Wh' ? MAX_REGISTER_KWH * 1000 : MAX_REGISTER_KWH;
  const good: { time: number; value: number; index: number }[] = [];
  reads.forEach((read, index) => {
    if (typeof read.time !== 'number' || !Number.isSafeInteger(read.time) || read.time < 0) {
      fail(index, `data[${index}].time must be Unix epoch seconds`);
    } else if (
      typeof read.value !== 'number' ||
      !Number.isFinite(read.value) ||
      read.value < 0 ||
      read.value > maxRegister
    ) {
      fail(index, `data[${index}].value must be a number from 0 to ${maxRegister} ${input.units}`);
    } else good.push({ time: read.time * 1000, value: read.value, index });
  });

  const ownerId = shared.deviceId ?? shared.locationId;
  const seriesKey = [
    ownerId,
    shared.energyFlowDirection,
    shared.tariffDirection,
    shared.sessionReferenceId ?? '',
  ].join('|');
  const stored = await selectRegisterRead(ctx.db, scope, seriesKey);
  const previous = stored && {
    time: stored.readAt.getTime(),
    // stored in kWh; the converter wants the batch's unit
    value: unit === 'Wh' ? Number(stored.valueKwh) * 1000 : stored.valueKwh,
  };
  const converted = registerReadsToIntervals(
    good.map((r) => ({ time: r.time, value: r.value })),
    { unit, onDecrease: 'fail', maxGapMs: GAP_MS, ...(previous ? { previous } : {}) },
  );
  // The converter numbers the reads it was given; the batch numbers every read submitted.
  const indexOf = (position: number) => good[position]?.index ?? -1;
  const refused = new Set<number>();
  for (const f of converted.failed) {
    refused.add(indexOf(f.index));
    fail(indexOf(f.index), conversionError(f.code, indexOf(f.index)));
  }
  const maxEnergy = readDecimal(MAX_RECORD_KWH);
  for (const interval of converted.intervals) {
    const index = indexOf(interval.toIndex);
    if (maxEnergy && compareDecimals(interval.energyKwh, maxEnergy) > 0) {
      refused.add(index);
      fail(index, `data[${index}].value is more than ${MAX_RECORD_KWH} KWH above the read before it`);
      continue;
    }
    if (interval.end - interval.start > MAX_RECORD_SPAN_DAYS * 86_400_000) {
      refused.add(index);
      fail(index, `data[${index}].time is more than ${MAX_RECORD_SPAN_DAYS} days after the read before it`);
      continue;
    }
    submission.records.push({
      recordNum: index,
      record: {
        ...shared,
        units: 'KWH',
        value: formatDecimal(interval.energyKwh),
        start: interval.start,
        end: interval.end,
        recordReferenceId: reads[index]?.reference ?? null,
      },
    });
  }
  for (const { index } of good) {
    if (refused.has(index)) continue;
    submission.passed.push({
      recordNum: index,
      referenceId: reads[index]?.reference ?? null,
      locationId: shared.locationId,
      deviceId: shared.deviceId,
    });
  }
  const last = converted.last;
  return storeRecords(ctx, scope, submission, async (db) => {
    if (last)
      await upsertRegisterRead(db, scope, seriesKey, new Date(last.time), formatDecimal(last.valueKwh));
  });
}
