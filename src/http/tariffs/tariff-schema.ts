import { Type, type Static } from 'typebox';
import { DAY_NAMES, MONTH_NAMES, type ScheduleEntryDefinition } from '../../engine/index.ts';
import type { Tariff, TariffInput } from '../../core/tariffs/tariffs.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { idOf, stringEnum } from '../schemas.ts';
import { INVALID_CODE } from '../validation.ts';

export const TARIFF_DIRECTIONS = ['IMPORT', 'EXPORT', 'LOCAL'] as const;
export const TARIFF_TYPES = ['COMMODITY', 'NON_COMMODITY'] as const;
/** The names a schedule entry's `months` and a block's `days` accept. */
export const MONTH_TOKENS = ['All', ...MONTH_NAMES] as const;
export const DAY_TOKENS = ['All', 'Weekdays', 'Weekday', 'Weekend', ...DAY_NAMES] as const;

/** A tariff direction on input; a bad value is `tariff_direction_invalid` under either name. */
export const tariffDirectionField = (description: string, examples: string[] = []) =>
  stringEnum(TARIFF_DIRECTIONS, {
    description,
    ...(examples.length ? { examples } : {}),
    [INVALID_CODE]: 'tariff_direction_invalid',
  });

/** A tariff type on input; a bad value is `tariff_type_invalid` under either name. */
export const tariffTypeField = (description: string, examples: string[] = []) =>
  stringEnum(TARIFF_TYPES, {
    description,
    ...(examples.length ? { examples } : {}),
    [INVALID_CODE]: 'tariff_type_invalid',
  });

/**
 * The older names `tariff_direction` and `tariff_type` stand in for `direction` and `type` when
 * those are absent, before validation, so that the schema can require `direction` and `type`
 * [decision:openapi-document].
 */
export function resolveTariffAliases(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const fields = body as Record<string, unknown>;
  if (fields.direction === undefined && fields.tariff_direction !== undefined)
    fields.direction = fields.tariff_direction;
  if (fields.type === undefined && fields.tariff_type !== undefined) fields.type = fields.tariff_type;
}

const money = (description: string) =>
  Type.Optional(Type.Union([Type.Number(), Type.Null()], { description }));

/** A rung of the ladder. `value` is the older name of `fixed` (accepted on input only). */
const RateTierInput = Type.Object(
  {
    fixed: money('Price per kWh in major units; required unless market_rates'),
    value: Type.Optional(Type.Number({ description: 'Older name of fixed' })),
    to_kwh: money('Upper bound of the tier in kWh per local calendar month; null on the last tier'),
    surcharge_fixed: money('Market tariffs: added per kWh to the market price, first'),
    surcharge_percentage: money('Market tariffs: a fraction (0.05 = 5 %) applied after surcharge_fixed'),
  },
  { additionalProperties: false },
);

const HourPeriodInput = Type.Object(
  {
    valid_from: Type.Optional(Type.String({ default: '00:00:00', examples: ['07:00:00'] })),
    valid_to: Type.Optional(Type.String({ default: '00:00:00', examples: ['22:00:00'] })),
    rate: Type.Array(RateTierInput),
  },
  { additionalProperties: false },
);

const ScheduleEntryInput = Type.Object(
  {
    months: Type.Optional(Type.Array(stringEnum(MONTH_TOKENS), { examples: [['All']] })),
    dates: Type.Optional(
      Type.Union([Type.Array(Type.Integer()), Type.String(), Type.Null()], {
        description: 'Days of the month; a comma-separated string is accepted too',
      }),
    ),
    days_and_hours: Type.Array(
      Type.Object(
        {
          days: Type.Optional(Type.Array(stringEnum(DAY_TOKENS), { examples: [['Weekdays']] })),
          hours: Type.Array(HourPeriodInput),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ScheduleInput = Type.Array(ScheduleEntryInput);

export const TariffCreateBody = Type.Object(
  {
    location_id: idOf('loc', 'loc_641b90b758fb8e6293716e40'),
    direction: tariffDirectionField('Which way the energy flows under this tariff', ['IMPORT']),
    tariff_direction: Type.Optional(tariffDirectionField('Older name of direction, accepted in its place')),
    type: tariffTypeField('What the tariff prices: energy (COMMODITY) or the rest of the bill', [
      'COMMODITY',
    ]),
    tariff_type: Type.Optional(tariffTypeField('Older name of type, accepted in its place')),
    display_name: Type.Optional(Type.String({ maxLength: 200 })),
    provider_id: Type.Optional(Type.String({ maxLength: 64 })),
    market_rates: Type.Optional(Type.Boolean({ default: false })),
    contract_start_date: Type.String({ format: 'date-time', examples: ['2024-01-24T00:00:00Z'] }),
    contract_end_date: Type.String({ format: 'date-time', examples: ['2025-01-24T00:00:00Z'] }),
    schedule: Type.Optional(ScheduleInput),
    data: Type.Optional(ScheduleInput),
  },
  { additionalProperties: false },
);

export const TariffUpdateBody = Type.Object(
  {
    location_id: Type.Optional(Type.String()),
    direction: Type.Optional(tariffDirectionField('Fixed once created: must equal the current one')),
    tariff_direction: Type.Optional(tariffDirectionField('Older name of direction')),
    type: Type.Optional(tariffTypeField('Fixed once created: must equal the current one')),
    tariff_type: Type.Optional(tariffTypeField('Older name of type')),
    display_name: Type.Optional(Type.String({ maxLength: 200 })),
    provider_id: Type.Optional(Type.String({ maxLength: 64 })),
    market_rates: Type.Optional(Type.Boolean()),
    contract_start_date: Type.Optional(Type.String({ format: 'date-time' })),
    contract_end_date: Type.Optional(Type.String({ format: 'date-time' })),
    schedule: Type.Optional(ScheduleInput),
    data: Type.Optional(ScheduleInput),
  },
  { additionalProperties: false },
);

const RateTierOutput = Type.Object({
  fixed: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  to_kwh: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  surcharge_fixed: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  surcharge_percentage: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
});

export const ScheduleOutput = Type.Array(
  Type.Object({
    months: Type.Array(stringEnum(MONTH_TOKENS)),
    dates: Type.Optional(Type.Array(Type.Integer())),
    days_and_hours: Type.Array(
      Type.Object({
        days: Type.Array(stringEnum(DAY_TOKENS)),
        hours: Type.Array(
          Type.Object({
            valid_from: Type.String(),
            valid_to: Type.String(),
            rate: Type.Array(RateTierOutput),
          }),
        ),
      }),
    ),
  }),
);

export const TariffSchema = Type.Object(
  {
    id: Type.String({ examples: ['trf_66ba584eb6923d7c3b942ef6'] }),
    object: Type.Literal('tariff'),
    location_id: Type.String(),
    live_mode: Type.Boolean(),
    is_linked: Type.Boolean(),
    connection_type: stringEnum(['MANUAL', 'LIBRARY', 'DIRECT', 'MARKET'] as const),
    direction: stringEnum(TARIFF_DIRECTIONS),
    type: stringEnum(TARIFF_TYPES),
    status: stringEnum(['CONNECTED', 'ERROR'] as const),
    timezone: Type.String({ examples: ['Europe/London'] }),
    display_name: Type.Optional(Type.String()),
    provider_id: Type.Optional(Type.String()),
    market_rates: Type.Boolean(),
    market_rate_source_id: Type.Optional(Type.String({ examples: ['mrs_65792b4ef61b16685ebd2ec9'] })),
    contract_start_date: Type.String({ format: 'date-time' }),
    contract_end_date: Type.String({ format: 'date-time' }),
    schedule: ScheduleOutput,
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'Tariff' },
);

type ScheduleWire = Static<typeof ScheduleInput>;

/** Resolves the older spellings: `value` for `fixed`, `"24,25"` for `[24, 25]`; fills defaults. */
export function fromApiSchedule(schedule: ScheduleWire): ScheduleEntryDefinition[] {
  return schedule.map((entry) => {
    const dates =
      typeof entry.dates === 'string'
        ? entry.dates
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== '')
            .map(Number)
        : (entry.dates ?? undefined);
    return {
      months: (entry.months ?? ['All']) as ScheduleEntryDefinition['months'],
      ...(dates && dates.length > 0 ? { dates } : {}),
      days_and_hours: entry.days_and_hours.map((block) => ({
        days: (block.days ?? ['All']) as ScheduleEntryDefinition['days_and_hours'][number]['days'],
        hours: block.hours.map((period) => ({
          valid_from: period.valid_from ?? '00:00:00',
          valid_to: period.valid_to ?? '00:00:00',
          rate: period.rate.map(({ value, fixed, ...tier }) => ({
            ...(fixed !== undefined ? { fixed } : value !== undefined ? { fixed: value } : {}),
            ...tier,
          })),
        })),
      })),
    };
  });
}

/** Zero wrote "no end date" as year 1; Offpeak keeps such a contract open until year 9999. */
const OPEN_END = Date.parse('9999-12-31T23:59:59Z');

function instant(value: string | undefined, end = false): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return end && ms <= Date.parse('0001-01-02T00:00:00Z') ? OPEN_END : ms;
}

export function fromApiTariffBody(body: Static<typeof TariffUpdateBody>): TariffInput {
  const schedule = body.schedule ?? body.data;
  return {
    locationId: body.location_id,
    direction: body.direction ?? body.tariff_direction,
    type: body.type ?? body.tariff_type,
    displayName: body.display_name,
    providerId: body.provider_id,
    marketRates: body.market_rates,
    contractStart: instant(body.contract_start_date),
    contractEnd: instant(body.contract_end_date, true),
    schedule: schedule && fromApiSchedule(schedule),
  };
}

export function toApiTariff(tariff: Tariff): Static<typeof TariffSchema> {
  return {
    id: tariff.id,
    object: 'tariff',
    location_id: tariff.locationId,
    live_mode: tariff.liveMode,
    is_linked: tariff.isLinked,
    connection_type: tariff.connectionType,
    direction: tariff.direction,
    type: tariff.type,
    status: tariff.status,
    timezone: tariff.timezone,
    ...(tariff.displayName !== null ? { display_name: tariff.displayName } : {}),
    ...(tariff.providerId !== null ? { provider_id: tariff.providerId } : {}),
    market_rates: tariff.marketRates,
    ...(tariff.marketRateSourceId !== null ? { market_rate_source_id: tariff.marketRateSourceId } : {}),
    contract_start_date: formatUtcSeconds(tariff.contractStart),
    contract_end_date: formatUtcSeconds(tariff.contractEnd),
    schedule: tariff.schedule as Static<typeof ScheduleOutput>,
    time_created: formatUtcSeconds(tariff.createdAt),
    account_id: tariff.accountId,
  };
}

/** The reference object that `tariff.*` events carry [decision:event-payloads]. */
export function toApiTariffReference(tariff: Tariff) {
  return {
    live_mode: tariff.liveMode,
    account_id: tariff.accountId,
    location_id: tariff.locationId,
    tariff_id: tariff.id,
    ...(tariff.customerId !== null ? { customer_id: tariff.customerId } : {}),
  };
}
