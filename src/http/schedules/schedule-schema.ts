import { Type, type Static } from 'typebox';
import { ValidationError } from '../../core/errors.ts';
import type { DurationSchedule, LimitSchedule, Segment } from '../../core/schedules/schedules.ts';
import { decimalToNumber, roundDecimal, type Ratio, type TariffDirection } from '../../engine/index.ts';
import { formatInOffset, formatUtcSeconds } from '../../lib/time.ts';
import { currencyOf, directionOf, moneyOf, stringEnum } from '../schemas.ts';
import { INVALID_CODE } from '../validation.ts';

const DIRECTIONS = ['IMPORT', 'EXPORT'] as const;
export const SEGMENTS = ['LOW', 'HIGH'] as const;

/** The direction of a schedule request, under its current or older name: IMPORT or EXPORT. */
export const scheduleDirectionField = (description: string) =>
  Type.Optional(stringEnum(DIRECTIONS, { description, [INVALID_CODE]: 'tariff_direction_invalid' }));

export const segmentField = (description: string) => stringEnum(SEGMENTS, { description });

export const DurationBody = Type.Object(
  {
    start_time: Type.String({ examples: ['2024-05-19T23:21:00Z'] }),
    end_time: Type.String({
      examples: ['2024-05-20T06:00:00Z'],
      description: 'At most 3 days after start_time',
    }),
    tariff_direction: scheduleDirectionField('Which prices: IMPORT (default) or EXPORT'),
    direction: scheduleDirectionField('Older name of tariff_direction'),
    segment: segmentField('LOW (cheapest) or HIGH (most expensive)'),
    duration: Type.Number({ description: 'Minutes', exclusiveMinimum: 0, examples: [120] }),
    contiguous: Type.Optional(
      Type.Boolean({
        description: 'Offpeak: one uninterrupted run instead of the cheapest slots',
        default: false,
      }),
    ),
  },
  { additionalProperties: false },
);

export function segmentOf(value: string | undefined): Segment {
  if (value === undefined) throw new ValidationError('segment_missing', 'segment is required: LOW or HIGH');
  if (value !== 'LOW' && value !== 'HIGH')
    throw new ValidationError('segment_invalid', 'segment must be LOW or HIGH');
  return value;
}

export const scheduleDirectionOf = (body: {
  tariff_direction?: string;
  direction?: string;
}): TariffDirection => directionOf(body, DIRECTIONS);

const Slot = Type.Object({
  start_time: Type.String({ format: 'date-time' }),
  end_time: Type.String({ format: 'date-time' }),
  price: Type.Object({ average: Type.Number(), confidence: Type.Number() }),
});

const Run = Type.Object({
  start_time: Type.String({ format: 'date-time' }),
  end_time: Type.String({ format: 'date-time' }),
  cost: Type.Number({ description: 'What a constant 1 kW load pays over this time' }),
  average: Type.Number(),
});

export const DurationScheduleSchema = Type.Object(
  {
    id: Type.String({ examples: ['std_65e42cdd73e9f861edda35d7'] }),
    object: Type.Literal('schedule_duration'),
    live_mode: Type.Boolean(),
    location_id: Type.String(),
    location_timezone: Type.String(),
    currency_code: Type.String(),
    tariff_direction: stringEnum(DIRECTIONS),
    next_update: Type.String({ format: 'date-time' }),
    request: Type.Object({
      tariff_direction: stringEnum(DIRECTIONS),
      segment: stringEnum(SEGMENTS),
      duration: Type.Number(),
      start_time: Type.String({ format: 'date-time' }),
      end_time: Type.String({ format: 'date-time' }),
      contiguous: Type.Boolean(),
    }),
    data: Type.Array(Slot),
    explanation: Type.Object(
      {
        cost: Type.Number({ description: 'What a constant 1 kW load pays over the chosen slots' }),
        run_at_once: Type.Optional(Run),
        next_best: Type.Optional(Run),
      },
      {
        description:
          'Offpeak: why these slots — the cost of the choice beside starting at once and the next best start',
      },
    ),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'ScheduleDuration' },
);

export function toApiDurationSchedule(
  id: string,
  schedule: DurationSchedule,
  request: {
    direction: TariffDirection;
    segment: Segment;
    minutes: number;
    start: number;
    end: number;
    contiguous: boolean;
  },
  offset: number | null,
  now: number,
): Static<typeof DurationScheduleSchema> {
  const at = (ms: number) => formatInOffset(ms, offset);
  const run = (r: { start: number; end: number; cost: Ratio; averagePrice: Ratio }) => ({
    start_time: at(r.start),
    end_time: at(r.end),
    cost: moneyOf(r.cost),
    average: moneyOf(r.averagePrice),
  });
  const { runAtOnce, alternative } = schedule.explanation;
  return {
    id,
    object: 'schedule_duration',
    live_mode: schedule.location.liveMode,
    location_id: schedule.location.id,
    location_timezone: schedule.location.timezone,
    currency_code: currencyOf(schedule.location),
    tariff_direction: request.direction as 'IMPORT' | 'EXPORT',
    next_update: at(schedule.nextUpdate),
    request: {
      tariff_direction: request.direction as 'IMPORT' | 'EXPORT',
      segment: request.segment,
      duration: request.minutes,
      start_time: at(request.start),
      end_time: at(request.end),
      contiguous: request.contiguous,
    },
    data: schedule.slots.map((slot) => ({
      start_time: at(slot.start),
      end_time: at(slot.end),
      price: { average: moneyOf(slot.averagePrice), confidence: slot.confidence },
    })),
    explanation: {
      cost: moneyOf(schedule.explanation.cost),
      ...(runAtOnce ? { run_at_once: run(runAtOnce) } : {}),
      ...(alternative ? { next_best: run(alternative) } : {}),
    },
    time_created: formatUtcSeconds(now),
    account_id: schedule.location.accountId,
  };
}

export const LimitBody = Type.Object(
  {
    start_time: Type.String({ examples: ['2022-12-28T00:00:00Z'] }),
    end_time: Type.String({
      examples: ['2022-12-28T06:00:00Z'],
      description: 'At most 3 days after start_time',
    }),
    tariff_direction: scheduleDirectionField('Which prices: IMPORT (default) or EXPORT'),
    direction: scheduleDirectionField('Older name of tariff_direction'),
    segment: segmentField('LOW: at or below the limit; HIGH: at or above it'),
    relative: Type.Optional(
      Type.Number({
        description: '0.01 to 1: a position between the lowest and highest price of the window',
      }),
    ),
    absolute: Type.Optional(Type.Number({ description: 'A price per kWh; overrides relative' })),
  },
  { additionalProperties: false },
);

export const LimitScheduleSchema = Type.Object(
  {
    id: Type.String({ examples: ['spl_65e42cdd73e9f861edda35d7'] }),
    object: Type.Literal('schedule_limit'),
    live_mode: Type.Boolean(),
    location_id: Type.String(),
    location_timezone: Type.String(),
    currency_code: Type.String(),
    tariff_direction: stringEnum(DIRECTIONS),
    duration: Type.Number({ description: 'Total minutes of the slots' }),
    next_update: Type.String({ format: 'date-time' }),
    request: Type.Object({
      tariff_direction: stringEnum(DIRECTIONS),
      segment: stringEnum(SEGMENTS),
      absolute: Type.Optional(Type.Number()),
      relative: Type.Optional(Type.Number()),
      start_time: Type.String({ format: 'date-time' }),
      end_time: Type.String({ format: 'date-time' }),
    }),
    data: Type.Array(Slot),
    explanation: Type.Object(
      { threshold: Type.Number({ description: 'The price limit applied, per kWh' }) },
      { description: 'Offpeak: the limit the slots were compared with' },
    ),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'ScheduleLimit' },
);

export function toApiLimitSchedule(
  id: string,
  schedule: LimitSchedule,
  request: {
    direction: TariffDirection;
    segment: Segment;
    absolute?: number | undefined;
    relative?: number | undefined;
    start: number;
    end: number;
  },
  offset: number | null,
  now: number,
): Static<typeof LimitScheduleSchema> {
  const at = (ms: number) => formatInOffset(ms, offset);
  const direction = request.direction as 'IMPORT' | 'EXPORT';
  return {
    id,
    object: 'schedule_limit',
    live_mode: schedule.location.liveMode,
    location_id: schedule.location.id,
    location_timezone: schedule.location.timezone,
    currency_code: currencyOf(schedule.location),
    tariff_direction: direction,
    duration: schedule.durationMs / 60_000,
    next_update: at(schedule.nextUpdate),
    request: {
      tariff_direction: direction,
      segment: request.segment,
      ...(request.absolute !== undefined ? { absolute: request.absolute } : {}),
      ...(request.relative !== undefined ? { relative: request.relative } : {}),
      start_time: at(request.start),
      end_time: at(request.end),
    },
    data: schedule.slots.map((slot) => ({
      start_time: at(slot.start),
      end_time: at(slot.end),
      price: { average: moneyOf(slot.averagePrice), confidence: slot.confidence },
    })),
    explanation: { threshold: decimalToNumber(roundDecimal(schedule.threshold, 5)) },
    time_created: formatUtcSeconds(now),
    account_id: schedule.location.accountId,
  };
}
