import { Type, type Static } from 'typebox';
import type { CostItem, CostReport, InstantCost } from '../../core/costs/costs.ts';
import {
  decimalToNumber,
  roundRatio,
  shiftRatio,
  type Ratio,
  type TariffDirection,
} from '../../engine/index.ts';
import { ValidationError } from '../../core/errors.ts';
import { formatInOffset, formatUtcSeconds } from '../../lib/time.ts';
import { MeterRecordRequest } from '../meters/meter-schema.ts';
import { currencyOf, directionOf, moneyOf, stringEnum } from '../schemas.ts';
import { INVALID_CODE } from '../validation.ts';

const DIRECTIONS = ['IMPORT', 'EXPORT', 'LOCAL'] as const;

/** A direction of prices or records on input, under its current or older name. */
const directionField = (description: string) =>
  Type.Optional(stringEnum(DIRECTIONS, { description, [INVALID_CODE]: 'tariff_direction_invalid' }));

const record = MeterRecordRequest.properties;

/**
 * One record, priced at once: what fails a record in a batch fails this request, so the fields
 * core requires are required here (same codes: `location_id_missing`, …).
 */
export const InstantCostBody = Type.Object(
  {
    ...record,
    location_id: Type.Unknown({ ...record.location_id }),
    // Read in any case (`kWh`), so documented rather than an enum [decision:openapi-document].
    units: Type.Unknown({
      ...record.units,
      description: 'Required: W, KW (power) or WH, KWH (energy), in any case',
    }),
    value: Type.Unknown({ ...record.value }),
    start_time: Type.Unknown({ ...record.start_time }),
    end_time: Type.Unknown({ ...record.end_time }),
    energy_flow_direction: Type.Optional(
      stringEnum(['INBOUND', 'OUTBOUND'] as const, { description: 'Default INBOUND', examples: ['INBOUND'] }),
    ),
    tariff_direction: Type.Optional(
      stringEnum(DIRECTIONS, {
        description: 'Which prices; follows the flow by default',
        examples: ['IMPORT'],
      }),
    ),
    non_persistent: Type.Optional(
      Type.Boolean({ description: 'As the query parameter non_persistent (default false)' }),
    ),
  },
  { additionalProperties: false },
);

export const InstantCostQuery = Type.Object({
  non_persistent: Type.Optional(
    Type.Boolean({ description: 'true: price the record and store nothing (default false)' }),
  ),
});

const directionQuery = {
  tariff_direction: directionField('Which records and prices to report (default IMPORT)'),
  direction: directionField('Older name of tariff_direction'),
};

export const IntervalCostQuery = Type.Object({
  ...directionQuery,
  aggregation: Type.Optional(
    stringEnum(['DAY', 'MONTH'] as const, {
      description: 'Buckets of local days or months; absent: one item per record',
    }),
  ),
});

export const SessionCostQuery = Type.Object(directionQuery);

export const IntervalCostBody = Type.Object(
  {
    start_time: Type.String({ examples: ['2025-08-01T00:00:00Z'] }),
    end_time: Type.String({ examples: ['2025-09-01T00:00:00Z'] }),
    tariff_direction: directionField('As the query parameter: IMPORT (default), EXPORT or LOCAL'),
    direction: directionField('Older name of tariff_direction'),
    aggregation: Type.Optional(
      stringEnum(['DAY', 'MONTH'] as const, {
        description: 'As the query parameter, in the location time zone',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SessionCostBody = Type.Object(
  {
    tariff_direction: directionField('As the query parameter: IMPORT (default), EXPORT or LOCAL'),
    direction: directionField('Older name of tariff_direction'),
  },
  { additionalProperties: false },
);

const Money = Type.Object({ value: Type.Number(), confidence: Type.Number() });
const CostItemSchema = Type.Object({
  start_time: Type.String({ format: 'date-time' }),
  end_time: Type.String({ format: 'date-time' }),
  session_reference_id: Type.Optional(Type.String()),
  record_reference_id: Type.Optional(Type.String()),
  energy: Type.Object({ value: Type.Integer({ description: 'Wh, rounded half up' }) }),
  cost: Money,
});

export const MeterRecordSchema = Type.Object(
  {
    id: Type.String({ examples: ['mre_65e42b7827c0526548432b9f'] }),
    object: Type.Literal('meter_record'),
    live_mode: Type.Boolean(),
    energy_flow_direction: stringEnum(['INBOUND', 'OUTBOUND'] as const),
    tariff_direction: stringEnum(DIRECTIONS),
    currency_code: Type.String(),
    energy_units: Type.Literal('WH'),
    request: Type.Record(Type.String(), Type.Unknown()),
    data: CostItemSchema,
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'MeterRecord' },
);

export const EnergyCostSchema = Type.Object(
  {
    id: Type.String({ examples: ['ecs_65e42b7827c0526548432b9f'] }),
    object: Type.Literal('energy_cost'),
    object_id: Type.String(),
    live_mode: Type.Boolean(),
    tariff_direction: stringEnum(DIRECTIONS),
    location_timezone: Type.Optional(
      Type.String({ description: 'Absent only for a device that has never been metered' }),
    ),
    currency_code: Type.Optional(
      Type.String({ description: 'Absent only for a device that has never been metered' }),
    ),
    energy_units: Type.Literal('WH'),
    data: Type.Array(CostItemSchema),
    account_id: Type.String(),
  },
  { title: 'EnergyCost' },
);

type DirectionForm = { tariff_direction?: string | undefined; direction?: string | undefined };

/**
 * A parameter the specification documents in the query string and Offpeak also accepts in the
 * body: either form, or both when they agree; `400 <name>_conflict` when they do not.
 */
export function queryOrBody<T>(name: string, query: T | undefined, body: T | undefined): T | undefined {
  if (query !== undefined && body !== undefined && query !== body) {
    throw new ValidationError(
      `${name}_conflict`,
      `${name} is ${String(query)} in the query but ${String(body)} in the body`,
    );
  }
  return query ?? body;
}

/** The report's tariff direction from the query and the body, each under either name; IMPORT by default. */
export function tariffDirectionOf(query: DirectionForm, body: DirectionForm): TariffDirection {
  const named = (form: DirectionForm) =>
    form.tariff_direction !== undefined || form.direction !== undefined
      ? directionOf(form, DIRECTIONS)
      : undefined;
  return queryOrBody('tariff_direction', named(query), named(body)) ?? 'IMPORT';
}

const wh = (kwh: Ratio) => decimalToNumber(roundRatio(shiftRatio(kwh, 3), 0));

function toApiItem(item: CostItem, offset: number | null, lastSecond = false): Static<typeof CostItemSchema> {
  return {
    start_time: formatInOffset(item.start, offset),
    // A bucket's end is written as its last second [decision:bucket-ends].
    end_time: formatInOffset(lastSecond ? item.end - 1000 : item.end, offset),
    ...(item.sessionReferenceId !== null ? { session_reference_id: item.sessionReferenceId } : {}),
    ...(item.recordReferenceId !== null ? { record_reference_id: item.recordReferenceId } : {}),
    energy: { value: wh(item.energyKwh) },
    cost: { value: moneyOf(item.cost), confidence: item.confidence },
  };
}

export function toApiMeterRecord(
  result: InstantCost,
  scope: { accountId: string; liveMode: boolean },
  offset: number | null,
): Static<typeof MeterRecordSchema> {
  const r = result.record;
  return {
    id: result.id,
    object: 'meter_record',
    live_mode: scope.liveMode,
    energy_flow_direction: r.energyFlowDirection,
    tariff_direction: r.tariffDirection,
    currency_code: currencyOf(result.location),
    energy_units: 'WH',
    request: {
      location_id: r.locationId,
      ...(r.deviceId !== null ? { device_id: r.deviceId } : {}),
      units: r.units,
      value: Number(r.value),
      start_time: formatInOffset(r.start, offset),
      end_time: formatInOffset(r.end, offset),
      ...(r.sessionReferenceId !== null ? { session_reference_id: r.sessionReferenceId } : {}),
      ...(r.recordReferenceId !== null ? { record_reference_id: r.recordReferenceId } : {}),
      energy_flow_direction: r.energyFlowDirection,
      tariff_direction: r.tariffDirection,
      confidence: r.confidence,
      non_persistent: !result.stored,
    },
    data: toApiItem(result.item, offset),
    time_created: formatUtcSeconds(result.createdAt),
    account_id: scope.accountId,
  };
}

export function toApiEnergyCost(
  id: string,
  report: CostReport,
  scope: { accountId: string; liveMode: boolean },
  offset: number | null,
  aggregated: boolean,
): Static<typeof EnergyCostSchema> {
  return {
    id,
    object: 'energy_cost',
    object_id: report.objectId,
    live_mode: scope.liveMode,
    tariff_direction: report.direction,
    ...(report.location
      ? { location_timezone: report.location.timezone, currency_code: currencyOf(report.location) }
      : {}),
    energy_units: 'WH',
    data: report.items.map((item) => toApiItem(item, offset, aggregated)),
    account_id: scope.accountId,
  };
}
