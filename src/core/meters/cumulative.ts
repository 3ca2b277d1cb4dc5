import { formatDecimal, registerReadsToIntervals } from '../../engine/index.ts';
import { selectRegisterRead, upsertRegisterRead } from '../../store/meter-records.ts';
import type { CoreContext, Scope } from '../context.ts';
import { RecordsInvalidError, ValidationError, type FailedRecord } from '../errors.ts';
import { checkRecord, MAX_RECORDS_PER_SUBMISSION, storeRecords, type MeterBatch } from './meters.ts';

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

/**
 * `PUT /meters/cumulative/epoch`: register reads become interval records between consecutive
 * reads [decision:cumulative-reads]. The first read continues the series' last stored read when that is earlier; a
 * register that goes down was reset and the interval holds the new reading. All or nothing, like
 * interval records: any bad read refuses the submission, listing each one.
 */
export async function submitCumulativeReads(
  ctx: CoreContext,
  scope: Scope,
  input: CumulativeInput,
): Promise<MeterBatch> {
  if (input.units !== 'WH' && input.units !== 'KWH') {
    throw new ValidationError(
      input.units === undefined ? 'units_missing' : 'units_invalid',
      'units must be WH or KWH',
    );
  }
  if (!Array.isArray(input.data)) {
    throw new ValidationError(
      input.data === undefined ? 'data_missing' : 'data_invalid',
      'data must be a list of reads',
    );
  }
  if (input.data.length > MAX_RECORDS_PER_SUBMISSION) {
    throw new ValidationError(
      'records_limit_exceeded',
      `At most ${MAX_RECORDS_PER_SUBMISSION} reads can be submitted at once; got ${input.data.length}`,
    );
  }
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
  if ('code' in shared) throw new ValidationError(shared.code, shared.message);

  const failed: FailedRecord[] = [];
  const reads = input.data.map((raw: unknown, index) => {
    const read = (raw ?? {}) as { time?: unknown; value?: unknown; record_reference_id?: unknown };
    const reference =
      typeof read.record_reference_id === 'string' ? { record_reference_id: read.record_reference_id } : {};
    if (typeof read.time !== 'number' || !Number.isInteger(read.time) || read.time < 0) {
      failed.push({ record_num: index, ...reference, error: 'time must be Unix epoch seconds' });
    } else if (typeof read.value !== 'number' || !Number.isFinite(read.value) || read.value < 0) {
      failed.push({ record_num: index, ...reference, error: 'value must be a number ≥ 0' });
    }
    return {
      time: Number(read.time) * 1000,
      value: Number(read.value),
      reference: reference.record_reference_id,
    };
  });
  if (failed.length > 0) throw new RecordsInvalidError(failed);

  const ownerId = shared.deviceId ?? shared.locationId;
  const seriesKey = [
    ownerId,
    shared.energyFlowDirection,
    shared.tariffDirection,
    shared.sessionReferenceId ?? '',
  ].join('|');
  const stored = await selectRegisterRead(ctx.db, scope, seriesKey);
  const unit = input.units === 'WH' ? 'Wh' : 'kWh';
  const previous = stored && {
    time: stored.readAt.getTime(),
    // stored in kWh; the converter wants the batch's unit
    value: unit === 'Wh' ? Number(stored.valueKwh) * 1000 : stored.valueKwh,
  };
  const converted = registerReadsToIntervals(
    reads.map((r) => ({ time: r.time, value: r.value })),
    { unit, onDecrease: 'reset', maxGapMs: GAP_MS, ...(previous ? { previous } : {}) },
  );
  if (converted.failed.length > 0) {
    throw new RecordsInvalidError(
      converted.failed.map((f) => ({
        record_num: f.index,
        ...(reads[f.index]?.reference ? { record_reference_id: reads[f.index]?.reference as string } : {}),
        error: f.message,
      })),
    );
  }
  const records = converted.intervals.map((interval) => ({
    ...shared,
    units: 'KWH' as const,
    value: formatDecimal(interval.energyKwh),
    start: interval.start,
    end: interval.end,
    recordReferenceId: reads[interval.toIndex]?.reference ?? null,
  }));
  const last = converted.last;
  return storeRecords(ctx, scope, input.data.length, records, async (db) => {
    if (last)
      await upsertRegisterRead(db, scope, seriesKey, new Date(last.time), formatDecimal(last.valueKwh));
  });
}
