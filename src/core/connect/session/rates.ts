// The rate pages' input checks and the schedules they make. Pure.
import {
  validateTariff,
  validateTariffSchedule,
  type ScheduleEntryDefinition,
  type TariffDirection,
  type TariffType,
} from '../../../engine/index.ts';

/** A page's input refused: the page code and a message naming the field. */
export class PageInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PageInputError';
  }
}

const DAY = 86_400;
const TIME = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function dataObject(data: unknown): Record<string, unknown> {
  if (!isRecord(data)) throw new PageInputError('data_json_invalid', 'data must be a JSON object');
  return data;
}

export function objectField(data: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = data[field];
  if (!isRecord(value)) throw new PageInputError('data_json_invalid', `data.${field} must be a JSON object`);
  return value;
}

/** A cost in major units: a finite number above zero. */
export function checkCost(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PageInputError('data_json_invalid', `${field} must be a number`);
  }
  if (value === 0) throw new PageInputError('cost_value_zero', `${field} must not be zero`);
  if (value < 0) throw new PageInputError('cost_value_negative', `${field} must not be negative`);
  return value;
}

/** One period every day of the year. */
function everyDay(
  hours: ScheduleEntryDefinition['days_and_hours'][number]['hours'],
): ScheduleEntryDefinition[] {
  return [{ months: ['All'], days_and_hours: [{ days: ['All'], hours }] }];
}

/** `rate_fixed_capture`: one price all day. */
export function fixedSchedule(cost: number): ScheduleEntryDefinition[] {
  return everyDay([{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: cost }] }]);
}

const seconds = (time: string): number => {
  const [h, m, s] = time.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
};
const clock = (at: number): string =>
  [Math.floor(at / 3600), Math.floor((at % 3600) / 60), at % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');

export interface HourInput {
  cost: number;
  valid_from: string;
  valid_to: string;
}

/**
 * `rate_tod_capture`: periods covering the 24 hours of the day. `00:00:00` as an end is 24:00 and
 * an end before its start wraps past midnight [decision:connect-time-of-day-capture]. A hole
 * between two periods is `gap_in_time_period`; a day not covered from its start or to its end
 * (no period reaching round midnight) is `incomplete_time_period`; overlaps are the tariff
 * engine's `overlap_in_time_period`.
 */
export function checkHours(value: unknown): HourInput[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new PageInputError('data_json_invalid', 'data.hours must be a non-empty array');
  }
  const hours = value.map((item, index): HourInput => {
    if (!isRecord(item))
      throw new PageInputError('data_json_invalid', `data.hours[${index}] must be an object`);
    const cost = checkCost(item.cost, `data.hours[${index}].cost`);
    for (const field of ['valid_from', 'valid_to'] as const) {
      const time = item[field];
      if (typeof time !== 'string' || !TIME.test(time)) {
        throw new PageInputError(`${field}_invalid`, `data.hours[${index}].${field} must be HH:mm:ss`);
      }
    }
    return { cost, valid_from: item.valid_from as string, valid_to: item.valid_to as string };
  });
  // Each period as one or two same-day pieces [from, to) in seconds.
  const pieces: [number, number][] = [];
  for (const { valid_from, valid_to } of hours) {
    const from = seconds(valid_from);
    const to = seconds(valid_to) === 0 ? DAY : seconds(valid_to);
    if (to > from) pieces.push([from, to]);
    else if (from === seconds(valid_to)) pieces.push([0, DAY]);
    else pieces.push([from, DAY], [0, to]);
  }
  pieces.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let reached = 0;
  let first = true;
  for (const [from, to] of pieces) {
    if (from > reached) {
      if (first) break;
      throw new PageInputError(
        'gap_in_time_period',
        `Gap between ${clock(reached)} and ${clock(from)}: the periods must cover 24 hours without gaps`,
      );
    }
    first = false;
    reached = Math.max(reached, to);
  }
  if ((pieces[0]?.[0] ?? DAY) > 0 || reached < DAY) {
    throw new PageInputError(
      'incomplete_time_period',
      'The periods must cover 24 hours, from 00:00:00 to 24:00:00',
    );
  }
  const schedule = todSchedule(hours);
  const [issue] = validateTariffSchedule(schedule, { marketRates: false });
  if (issue) throw new PageInputError(issue.code, issue.message);
  return hours;
}

export function todSchedule(hours: readonly HourInput[]): ScheduleEntryDefinition[] {
  return everyDay(
    hours.map((h) => ({ valid_from: h.valid_from, valid_to: h.valid_to, rate: [{ fixed: h.cost }] })),
  );
}

/** A percent as a fraction, without binary noise (`18.5` → `0.185`, `0.07` → `0.0007`). */
export function percentToFraction(percent: number): number {
  return Number((percent / 100).toPrecision(15));
}

/**
 * `surcharge_capture`: a market tariff, the fixed part added first, then the percentage. The
 * percent entered is stored as a fraction [decision:connect-surcharge-percent].
 */
export function checkSurcharge(data: Record<string, unknown>): { fixed: number; percentage: number } {
  const surcharge = objectField(data, 'surcharge');
  const fixed = surcharge.fixed ?? 0;
  const percentage = surcharge.percentage ?? 0;
  if (typeof fixed !== 'number' || !Number.isFinite(fixed)) {
    throw new PageInputError('data_json_invalid', 'data.surcharge.fixed must be a number');
  }
  if (typeof percentage !== 'number' || !Number.isFinite(percentage) || percentage < 0) {
    throw new PageInputError(
      'surcharge_percentage_invalid',
      'data.surcharge.percentage must be a number of percent, not negative',
    );
  }
  return { fixed, percentage };
}

export function marketSchedule(surcharge: { fixed: number; percentage: number }): ScheduleEntryDefinition[] {
  return everyDay([
    {
      valid_from: '00:00:00',
      valid_to: '00:00:00',
      rate: [
        { surcharge_fixed: surcharge.fixed, surcharge_percentage: percentToFraction(surcharge.percentage) },
      ],
    },
  ]);
}

/**
 * `rate_advanced_capture`: the tariff checked like `POST /tariffs` (fields, schedule, precedence),
 * its issue code answered as it is.
 */
export function checkAdvancedTariff(tariff: {
  direction: TariffDirection;
  type: TariffType;
  timezone: string;
  marketRates: boolean;
  contractStart: number;
  contractEnd: number;
  schedule: unknown;
}): void {
  const [issue] = validateTariff({
    direction: tariff.direction,
    type: tariff.type,
    timezone: tariff.timezone,
    market_rates: tariff.marketRates,
    contract_start_ms: tariff.contractStart,
    contract_end_ms: tariff.contractEnd,
    schedule: tariff.schedule as ScheduleEntryDefinition[],
  });
  if (issue) throw new PageInputError(issue.code, issue.message);
}
