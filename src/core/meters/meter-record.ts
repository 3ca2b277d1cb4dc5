import { isId } from '../../lib/ids.ts';
import { parseRfc3339 } from '../../lib/time.ts';
import type { NewMeterRecord } from '../../store/meter-records.ts';
import { ValidationError } from '../errors.ts';

// One meter record as submitted (the documented meter record request): its checks and its stored form.
const UNITS = ['W', 'KW', 'WH', 'KWH'] as const;
const FLOWS = ['INBOUND', 'OUTBOUND'] as const;
const TARIFF_DIRECTIONS = ['IMPORT', 'EXPORT', 'LOCAL'] as const;

/** The most records one submission may carry. */
export const MAX_RECORDS_PER_SUBMISSION = 10_000;

/**
 * The most one record may carry: 1 GWh of energy, or 1 GW of power (and 1 GWh over its
 * interval). No real meter comes near; the bound keeps every energy and cost a finite number.
 */
export const MAX_RECORD_KWH = 1_000_000;
const MAX_VALUE: Record<(typeof UNITS)[number], number> = {
  W: MAX_RECORD_KWH * 1000,
  KW: MAX_RECORD_KWH,
  WH: MAX_RECORD_KWH * 1000,
  KWH: MAX_RECORD_KWH,
};

/**
 * The longest interval one record may span: a little over a year, so that an annual reading fits.
 * Pricing walks a record's whole interval, so a record spanning millennia would hold a node for
 * seconds on every report that touches it.
 */
export const MAX_RECORD_SPAN_DAYS = 400;
const MAX_RECORD_SPAN_MS = MAX_RECORD_SPAN_DAYS * 86_400_000;

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

export const text = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= 255 ? v : null;

/** Why a record is refused: a code naming the field and a message. */
export interface RecordProblem {
  code: string;
  message: string;
}

const problem = (code: string, message: string): RecordProblem => ({ code, message });

/**
 * Checks one record's fields (not yet whether its location and device exist); returns why it
 * fails. `null` stands for an item of a batch that is not a JSON object at all.
 */
export function checkRecord(input: MeterRecordInput | null): CheckedRecord | RecordProblem {
  if (input === null) return problem('request_body_invalid', 'the record must be an object');
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
  if (end.ms - start.ms > MAX_RECORD_SPAN_MS) {
    return problem(
      'time_range_invalid',
      `a record spans at most ${MAX_RECORD_SPAN_DAYS} days from start_time to end_time`,
    );
  }
  const unit = units as CheckedRecord['units'];
  if (input.value > MAX_VALUE[unit]) {
    return problem('value_invalid', `value must be at most ${MAX_VALUE[unit]} ${unit}`);
  }
  const hours = (end.ms - start.ms) / 3_600_000;
  if ((unit === 'W' || unit === 'KW') && input.value * hours > MAX_VALUE[unit]) {
    return problem(
      'value_invalid',
      `value over the record's interval must be at most ${MAX_VALUE[unit]} ${unit}H`,
    );
  }
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
    units: unit,
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
