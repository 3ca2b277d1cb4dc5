import { Type, type Static } from 'typebox';
import type { AmountPlan, AmountRequest } from '../../core/schedules/amount.ts';
import { ValidationError } from '../../core/errors.ts';
import {
  decimalToNumber,
  multiplyRatios,
  readDecimal,
  roundRatio,
  shiftDecimal,
  shiftRatio,
  type Decimal,
  type Ratio,
  type TariffDirection,
} from '../../engine/index.ts';
import { formatInOffset, formatUtcSeconds } from '../../lib/time.ts';
import { currencyOf, moneyOf, stringEnum, timeOf } from '../schemas.ts';
import { INVALID_CODE } from '../validation.ts';
import { scheduleDirectionField, scheduleDirectionOf } from './schedule-schema.ts';

const numberish = (description: string) =>
  Type.Union([Type.Number(), Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$' })], { description });

const PowerInput = Type.Object(
  {
    units: stringEnum(['W', 'KW'] as const, { [INVALID_CODE]: 'max_power_invalid' }),
    value: numberish('A number, or a numeric string'),
  },
  { additionalProperties: false },
);

export const AmountBody = Type.Object(
  {
    location_id: Type.Optional(Type.String({ description: 'Must equal the path ID when sent' })),
    max_power: PowerInput,
    shaving_threshold: Type.Optional(
      Type.Object(
        { relative: Type.Optional(Type.Number()), absolute: Type.Optional(Type.Number()) },
        { additionalProperties: false },
      ),
    ),
    data: Type.Array(
      Type.Object(
        {
          device_id: Type.String({ examples: ['dev_664525107c44d88a37ca1ad7'] }),
          tariff_direction: scheduleDirectionField('IMPORT (default) or EXPORT'),
          direction: scheduleDirectionField('Older name of tariff_direction'),
          start_time: Type.Optional(Type.String({ description: 'Default: now' })),
          end_time: Type.String({ description: 'The deadline' }),
          max_power: Type.Optional(PowerInput),
          energy: Type.Object(
            {
              units: stringEnum(['WH', 'KWH'] as const, { [INVALID_CODE]: 'energy_invalid' }),
              value: numberish('A number, or a numeric string'),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

type Body = Static<typeof AmountBody>;

function kw(power: { units: string; value: number | string }, field: string): Decimal {
  const value = readDecimal(String(power.value));
  if (value === null || value.units <= 0n)
    throw new ValidationError('max_power_invalid', `${field}.value must be above 0`);
  if (power.units === 'KW') return value;
  if (power.units === 'W') return shiftDecimal(value, -3);
  throw new ValidationError('max_power_invalid', `${field}.units must be W or KW`);
}

function kwh(energy: { units: string; value: number | string }, field: string): Decimal {
  const value = readDecimal(String(energy.value));
  if (value === null || value.units <= 0n)
    throw new ValidationError('energy_invalid', `${field}.value must be above 0`);
  if (energy.units === 'KWH') return value;
  if (energy.units === 'WH') return shiftDecimal(value, -3);
  throw new ValidationError('energy_invalid', `${field}.units must be WH or KWH`);
}

export function fromApiAmountBody(
  body: Body,
  pathId: string,
  now: number,
): { request: AmountRequest; offset: number | null } {
  if (body.location_id !== undefined && body.location_id !== pathId) {
    throw new ValidationError(
      'location_id_invalid',
      'location_id in the body must equal the location in the path',
    );
  }
  let offset: number | null = null;
  const devices = body.data.map((d, i) => {
    const end = timeOf(d.end_time, 'end_time');
    offset = end.offsetMinutes;
    const start = d.start_time === undefined ? now : timeOf(d.start_time, 'start_time').ms;
    return {
      deviceId: d.device_id,
      direction: scheduleDirectionOf(d),
      start,
      end: end.ms,
      powerKw: d.max_power ? kw(d.max_power, `data[${i}].max_power`) : null,
      energyKwh: kwh(d.energy, `data[${i}].energy`),
    };
  });
  return {
    request: {
      siteKw: kw(body.max_power, 'max_power'),
      shaving: { absolute: body.shaving_threshold?.absolute, relative: body.shaving_threshold?.relative },
      devices,
    },
    offset,
  };
}

const Money = Type.Object({ value: Type.Number(), confidence: Type.Number() });
const Savings = Type.Object({ value: Type.Number(), percentage: Type.Number() });
const Power = Type.Object({ units: Type.String(), value: Type.Number() });

export const AmountScheduleSchema = Type.Object(
  {
    id: Type.String({ examples: ['sae_65ea3fb185c1541f247c251e'] }),
    object: Type.Literal('schedule_amount'),
    live_mode: Type.Boolean(),
    location_id: Type.String(),
    location_timezone: Type.String(),
    currency_code: Type.String(),
    max_power: Power,
    shaving_threshold: Type.Optional(
      Type.Object({ relative: Type.Optional(Type.Number()), absolute: Type.Optional(Type.Number()) }),
    ),
    cost: Money,
    savings: Savings,
    data: Type.Array(
      Type.Object({
        device_id: Type.String(),
        tariff_direction: Type.String(),
        start_time: Type.String({ format: 'date-time' }),
        end_time: Type.String({ format: 'date-time' }),
        max_power: Power,
        energy: Type.Object({ units: Type.String(), value: Type.Number() }),
        cost: Money,
        savings: Savings,
        schedule: Type.Array(
          Type.Object({
            start_time: Type.String({ format: 'date-time' }),
            end_time: Type.String({ format: 'date-time' }),
            power: Power,
          }),
        ),
      }),
    ),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'ScheduleAmount' },
);

const percent = (part: Ratio | null, whole: Ratio | null): number => {
  if (!part || !whole || whole.n === 0n) return 0;
  const ratio = multiplyRatios(part, { n: 100n * whole.d, d: whole.n < 0n ? -whole.n : whole.n });
  return decimalToNumber(roundRatio(ratio, 2));
};

export function toApiAmountSchedule(
  id: string,
  plan: AmountPlan,
  body: Body,
  offset: number | null,
  now: number,
): Static<typeof AmountScheduleSchema> {
  const at = (ms: number) => formatInOffset(ms, offset);
  const site = { units: body.max_power.units, value: Number(body.max_power.value) };
  const powerIn = (units: string, kwValue: Decimal) => ({
    units,
    value: decimalToNumber(units === 'W' ? shiftDecimal(kwValue, 3) : kwValue),
  });
  return {
    id,
    object: 'schedule_amount',
    live_mode: plan.location.liveMode,
    location_id: plan.location.id,
    location_timezone: plan.location.timezone,
    currency_code: currencyOf(plan.location),
    max_power: site,
    ...(body.shaving_threshold ? { shaving_threshold: body.shaving_threshold } : {}),
    cost: { value: moneyOf(plan.cost), confidence: plan.confidence },
    savings: { value: moneyOf(plan.savings), percentage: percent(plan.savings, plan.baseline) },
    data: plan.devices.map(({ request, powerKw, plan: p }, i) => {
      const units = body.data[i]?.max_power?.units ?? body.max_power.units;
      const energyUnits = body.data[i]?.energy.units ?? 'WH';
      const energy =
        energyUnits === 'KWH' ? roundRatio(p.energyKwh, 5) : roundRatio(shiftRatio(p.energyKwh, 3), 2);
      return {
        device_id: request.deviceId,
        tariff_direction: request.direction,
        start_time: at(request.start),
        end_time: at(request.end),
        max_power: powerIn(units, powerKw),
        energy: { units: energyUnits, value: decimalToNumber(energy) },
        cost: { value: moneyOf(p.cost), confidence: p.confidence },
        savings: {
          value: p.savings ? moneyOf(p.savings) : 0,
          percentage: percent(p.savings, p.baselineCost),
        },
        schedule: p.schedule.map((slot) => ({
          start_time: at(slot.start),
          end_time: at(slot.end),
          power: powerIn(units, powerKw),
        })),
      };
    }),
    time_created: formatUtcSeconds(now),
    account_id: plan.location.accountId,
  };
}

export type { TariffDirection };
