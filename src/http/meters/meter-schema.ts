import { Type, type Static } from 'typebox';
import type { MeterRecordInput } from '../../core/meters/meter-record.ts';
import type { MeterBatch } from '../../core/meters/meters.ts';
import { formatUtcSeconds } from '../../lib/time.ts';

/**
 * A meter record as submitted. Fields are checked record by record in core, so that a batch can
 * list every bad record and store the others; here they are documented.
 */
const field = (description: string, examples: unknown[]) =>
  Type.Optional(Type.Unknown({ description, examples }));

export const MeterRecordRequest = Type.Object(
  {
    location_id: field('Required: the location (loc_…)', ['loc_641b90b758fb8e6293716e40']),
    device_id: field('The device; the record then belongs to it', ['dev_65e6d8334c8d715963d99db3']),
    units: field('Required: W, KW (constant power) or WH, KWH (energy)', ['W']),
    value: field(
      'Required: a number ≥ 0 in units; at most 1 GWh (power: 1 GW, and 1 GWh over the record)',
      [20567],
    ),
    start_time: field('Required: RFC 3339', ['2022-02-01T10:30:00Z']),
    end_time: field('Required: RFC 3339, after start_time', ['2022-02-01T11:00:00Z']),
    session_reference_id: field('Your grouping key, e.g. a charging session', ['SESSION1234567890']),
    record_reference_id: field('Your ID for this record', ['MET1234567890']),
    energy_flow_direction: field('INBOUND (default) or OUTBOUND', ['INBOUND']),
    tariff_direction: field('IMPORT, EXPORT or LOCAL; follows the flow by default', ['IMPORT']),
    confidence: field('(0, 1], default 1', [1]),
    direction: field('Older name of energy_flow_direction: IMPORT or EXPORT', ['IMPORT']),
    tariff_rate: field('Older name of tariff_direction', ['IMPORT']),
    measurand: field('Older field, ignored', ['TRANSFERRED']),
  },
  { additionalProperties: false },
);

type RecordWire = Static<typeof MeterRecordRequest>;

/**
 * An item of a batch: documented as a record, but without `type: object`, so that an item that is
 * not an object reaches core and becomes a failed record instead of failing the batch.
 */
const MeterRecordItem = Type.Unsafe<RecordWire>({
  properties: MeterRecordRequest.properties,
  additionalProperties: false,
  description: 'A meter record; an item that is not an object is listed in failed_records',
});

export const MeterIntervalBody = Type.Union([
  Type.Array(MeterRecordItem, { description: 'Up to 10,000 records' }),
  MeterRecordRequest,
]);

export const MeterBatchSchema = Type.Object(
  {
    id: Type.String({ examples: ['bat_65e42b7827c0526548432b9f'] }),
    object: Type.Literal('meter_batch'),
    records_submitted: Type.Integer(),
    records_accepted: Type.Integer(),
    records_processed: Type.Integer(),
    failed_records: Type.Array(
      Type.Object({
        record_num: Type.Integer(),
        record_reference_id: Type.Optional(Type.String()),
        error: Type.String(),
      }),
    ),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'MeterBatch' },
);

const FLOW_OF_OLD_DIRECTION: Record<string, string> = { IMPORT: 'INBOUND', EXPORT: 'OUTBOUND' };

/** Resolves the early anode names [decision:field-aliases]: the current name wins when both are sent. */
export function fromApiMeterRecord(record: RecordWire): MeterRecordInput {
  const { direction, tariff_rate, measurand: _ignored, ...rest } = record;
  const flow =
    rest.energy_flow_direction ??
    (typeof direction === 'string' ? (FLOW_OF_OLD_DIRECTION[direction] ?? direction) : direction);
  return {
    ...rest,
    ...(flow !== undefined ? { energy_flow_direction: flow } : {}),
    ...((rest.tariff_direction ?? tariff_rate) !== undefined
      ? { tariff_direction: rest.tariff_direction ?? tariff_rate }
      : {}),
  };
}

export function toApiMeterBatch(batch: MeterBatch): Static<typeof MeterBatchSchema> {
  return {
    id: batch.id,
    object: 'meter_batch',
    records_submitted: batch.recordsSubmitted,
    records_accepted: batch.recordsAccepted,
    records_processed: batch.recordsProcessed,
    failed_records: batch.failedRecords,
    time_created: formatUtcSeconds(batch.createdAt),
    account_id: batch.accountId,
  };
}

export const CumulativeBody = Type.Object(
  {
    location_id: field('Required: the location (loc_…)', ['loc_641b90b758fb8e6293716e40']),
    device_id: field('The device; the reads then belong to it', ['dev_65e6d8334c8d715963d99db3']),
    units: field('Required: WH or KWH', ['KWH']),
    data: Type.Unknown({
      description: 'Reads [{time: epoch seconds, value: register total, record_reference_id?}]',
      examples: [[{ time: 1721991392, value: 1553 }]],
    }),
    session_reference_id: field('Applies to every read', ['SESSION1234567890']),
    energy_flow_direction: field('INBOUND (default) or OUTBOUND', ['INBOUND']),
    tariff_direction: field('IMPORT, EXPORT or LOCAL; follows the flow by default', ['IMPORT']),
    direction: field('Older name of energy_flow_direction: IMPORT or EXPORT', ['IMPORT']),
    tariff_rate: field('Older name of tariff_direction', ['IMPORT']),
  },
  { additionalProperties: false },
);
