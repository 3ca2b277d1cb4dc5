// Tariffs for tests and benchmarks: the documentation's example tariffs in the domain
// shape, and a deliberately complex time-of-use tariff.
import { addDecimals, formatDecimal, toDecimal } from './decimal.ts';
import type {
  DaysAndHoursDefinition,
  HourPeriodDefinition,
  RateTierDefinition,
  ScheduleEntryDefinition,
  TariffDefinition,
} from './tariff-definition.ts';

const YEAR_2025 = Date.UTC(2025, 0, 1);
const YEAR_2026 = Date.UTC(2026, 0, 1);

/** A tariff around a schedule: IMPORT, COMMODITY, Europe/London, contract 2025-01-01 → 2026-01-01 UTC. */
export function tariffWith(
  schedule: readonly ScheduleEntryDefinition[],
  overrides: Partial<TariffDefinition> = {},
): TariffDefinition {
  return {
    direction: 'IMPORT',
    type: 'COMMODITY',
    timezone: 'Europe/London',
    market_rates: false,
    contract_start_ms: YEAR_2025,
    contract_end_ms: YEAR_2026,
    schedule,
    ...overrides,
  };
}

export const period = (
  valid_from: string,
  valid_to: string,
  ...rate: RateTierDefinition[]
): HourPeriodDefinition => ({
  valid_from,
  valid_to,
  rate,
});

export const allDay = (...rate: RateTierDefinition[]): HourPeriodDefinition =>
  period('00:00:00', '00:00:00', ...rate);

export const everyDay = (...hours: HourPeriodDefinition[]): DaysAndHoursDefinition => ({
  days: ['All'],
  hours,
});

/** (a) Fixed, flat: 0.2431 all day. */
export const flatTariff = tariffWith([
  { months: ['All'], dates: [], days_and_hours: [everyDay(allDay({ fixed: 0.2431 }))] },
]);

/** (b) Time of use, weekdays and weekend. */
export const weekdayWeekendTariff = tariffWith([
  {
    months: ['All'],
    days_and_hours: [
      {
        days: ['Weekdays'],
        hours: [
          period('00:00:00', '07:00:00', { fixed: 0.09 }),
          period('07:00:00', '16:00:00', { fixed: 0.24 }),
          period('16:00:00', '19:00:00', { fixed: 0.38 }),
          period('19:00:00', '00:00:00', { fixed: 0.24 }),
        ],
      },
      {
        days: ['Weekend'],
        hours: [
          period('00:00:00', '07:00:00', { fixed: 0.09 }),
          period('07:00:00', '00:00:00', { fixed: 0.2 }),
        ],
      },
    ],
  },
]);

/** (c) Seasons with Christmas and Boxing Day at a low flat rate. */
export const seasonalTariff = tariffWith([
  { months: ['Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep'], days_and_hours: [everyDay(allDay({ fixed: 0.18 }))] },
  {
    months: ['Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar'],
    days_and_hours: [
      everyDay(
        period('00:00:00', '17:00:00', { fixed: 0.22 }),
        period('17:00:00', '20:00:00', { fixed: 0.35 }),
        period('20:00:00', '00:00:00', { fixed: 0.22 }),
      ),
    ],
  },
  { months: ['Dec'], dates: [25, 26], days_and_hours: [everyDay(allDay({ fixed: 0.1 }))] },
]);

/** (d) Consumption tiers: the first 300 kWh at 0.15, the rest at 0.21. */
export const tieredTariff = tariffWith([
  {
    months: ['All'],
    days_and_hours: [everyDay(allDay({ fixed: 0.15, to_kwh: 300 }, { fixed: 0.21, to_kwh: null }))],
  },
]);

/** (e) Market price + 0.02123 per kWh, then + 5 %, Europe/Amsterdam. */
export const marketTariff = tariffWith(
  [
    {
      months: ['All'],
      days_and_hours: [everyDay(allDay({ surcharge_fixed: 0.02123, surcharge_percentage: 0.05 }))],
    },
  ],
  { market_rates: true, timezone: 'Europe/Amsterdam', contract_end_ms: Date.UTC(2035, 0, 1) },
);

/** (f) Export at a fixed feed-in rate. */
export const exportTariff = tariffWith(
  [{ months: ['All'], days_and_hours: [everyDay(allDay({ fixed: 0.15 }))] }],
  {
    direction: 'EXPORT',
  },
);

/** (g) Grid fee (NON_COMMODITY, IMPORT) with a weekday peak. */
export const gridFeeTariff = tariffWith(
  [
    {
      months: ['All'],
      days_and_hours: [
        {
          days: ['Weekdays'],
          hours: [
            period('00:00:00', '17:00:00', { fixed: 0.05 }),
            period('17:00:00', '21:00:00', { fixed: 0.12 }),
            period('21:00:00', '00:00:00', { fixed: 0.05 }),
          ],
        },
        { days: ['Weekend'], hours: [allDay({ fixed: 0.05 })] },
      ],
    },
  ],
  { type: 'NON_COMMODITY' },
);

/** base + delta as exact decimal text (JS number sums would drift: 0.2 + 0.01 ≠ 0.21). */
const plus = (base: string, delta: string): string =>
  formatDecimal(addDecimals(toDecimal(base), toDecimal(delta)));

function fivePeriods(base: string): HourPeriodDefinition[] {
  const tiers = (price: string): RateTierDefinition[] => [
    { fixed: price, to_kwh: 250 },
    { fixed: plus(price, '0.03'), to_kwh: null },
  ];
  return [
    period('23:30:00', '05:30:00', ...tiers(plus(base, '-0.08'))),
    period('05:30:00', '07:00:00', ...tiers(plus(base, '-0.02'))),
    period('07:00:00', '16:00:00', ...tiers(base)),
    period('16:00:00', '19:30:15', ...tiers(plus(base, '0.14'))),
    period('19:30:15', '23:30:00', ...tiers(plus(base, '0.01'))),
  ];
}

function season(months: ScheduleEntryDefinition['months'], base: string): ScheduleEntryDefinition {
  return {
    months,
    days_and_hours: [
      { days: ['Weekdays'], hours: fivePeriods(base) },
      { days: ['Sat'], hours: fivePeriods(plus(base, '-0.02')) },
      { days: ['Sun'], hours: fivePeriods(plus(base, '-0.04')) },
    ],
  };
}

/** Three seasons × (weekdays, Saturday, Sunday) × five periods (one wrapping midnight, one
 * ending on a second), two special dates, two tiers everywhere; Europe/London. */
export const complexTariff = tariffWith([
  season(['Nov', 'Dec', 'Jan', 'Feb'], '0.3'),
  season(['Mar', 'Apr', 'Sep', 'Oct'], '0.25'),
  season(['May', 'Jun', 'Jul', 'Aug'], '0.2'),
  {
    months: ['Dec'],
    dates: [25],
    days_and_hours: [everyDay(allDay({ fixed: 0.1, to_kwh: 250 }, { fixed: 0.12 }))],
  },
  {
    months: ['Jan'],
    dates: [1],
    days_and_hours: [
      everyDay(
        period('00:00:00', '12:00:00', { fixed: 0.11 }),
        period('12:00:00', '00:00:00', { fixed: 0.13 }),
      ),
    ],
  },
]);
