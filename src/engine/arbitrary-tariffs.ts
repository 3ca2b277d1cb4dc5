// fast-check arbitraries for the engine's property tests (test support; not used by the engine).
// Every generated tariff is valid by construction: blocks tile their day, entries and blocks never
// tie under [decision:schedule-precedence].
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { formatClockTime } from './calendar.ts';
import { toDecimal } from './decimal.ts';
import type { MarketPrice } from './price-series.ts';
import type {
  DaysAndHoursDefinition,
  DayToken,
  HourPeriodDefinition,
  RateTierDefinition,
  ScheduleEntryDefinition,
  TariffDefinition,
} from './tariff-definition.ts';
import { MONTH_NAMES } from './tariff-definition.ts';

/** Zones with 1 h, 30 min and no DST, DST on either hemisphere, and DST at midnight (Santiago). */
export const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Santiago',
  'Australia/Lord_Howe',
  'UTC',
] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = (s: number): string => (s === 86_400 ? '00:00:00' : formatClockTime(s));

/** Clock times that sit on or inside DST hours in the zones above, plus any second of the day. */
const timeArb = fc.oneof(
  fc.constantFrom(0, 1800, 3600, 5400, 7200, 9000, 10_800, 12_600, 84_600),
  fc.integer({ min: 1, max: 86_399 }),
);

const priceArb = fc.constantFrom(0.1, 0.15, 0.2, -0.05, 0.2431, 0.3);

/** A rate ladder of one or two tiers: fixed prices, or market surcharges (negative ones too). */
function rateArb(market: boolean): fc.Arbitrary<RateTierDefinition[]> {
  const tier = market
    ? fc.record({
        surcharge_fixed: fc.constantFrom(0, 0.02123, -0.01, null),
        surcharge_percentage: fc.constantFrom(0, 0.05, -0.1, 0.185),
      })
    : fc.record({ fixed: priceArb });
  return fc.oneof(
    tier.map((t) => [t]),
    fc.tuple(tier, tier, fc.constantFrom(100, 250.5)).map(([a, b, kwh]) => [
      { ...a, to_kwh: kwh },
      { ...b, to_kwh: null },
    ]),
  );
}

/** Periods tiling a day: sorted cut points, either as [0, c1) … [ck, 24:00) or rotated so that the
 * last period wraps past midnight. */
export function hoursArb(market: boolean): fc.Arbitrary<HourPeriodDefinition[]> {
  return fc
    .record({
      cuts: fc.uniqueArray(timeArb, { minLength: 1, maxLength: 5 }),
      wrap: fc.boolean(),
      rates: fc.array(rateArb(market), { minLength: 6, maxLength: 6 }),
    })
    .map(({ cuts, wrap, rates }) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const rate = (i: number): RateTierDefinition[] => rates[i % rates.length] ?? [];
      if (wrap && sorted.length >= 2) {
        return sorted.map((from, i) => ({
          valid_from: clock(from),
          valid_to: clock(sorted[(i + 1) % sorted.length] ?? 0),
          rate: rate(i),
        }));
      }
      const points = [...new Set([0, ...sorted])];
      return points.map((from, i) => ({
        valid_from: clock(from),
        valid_to: clock(points[i + 1] ?? 86_400),
        rate: rate(i),
      }));
    });
}

const DAY_LAYOUTS: readonly (readonly (readonly DayToken[])[])[] = [
  [['All']],
  [['Weekdays'], ['Weekend']],
  [['Weekday'], ['Sat'], ['Sun']],
  [['All'], ['Mon'], ['Weekend']],
];

function blocksArb(market: boolean): fc.Arbitrary<DaysAndHoursDefinition[]> {
  return fc
    .constantFrom(...DAY_LAYOUTS)
    .chain((layout) => fc.tuple(...layout.map((days) => hoursArb(market).map((hours) => ({ days, hours })))));
}

const monthArb = fc.constantFrom(...MONTH_NAMES);

/** Base entries (one for all months, seasons, or all months plus an explicit-month override) and
 * up to two special-date entries that never tie. */
export function scheduleArb(market: boolean): fc.Arbitrary<ScheduleEntryDefinition[]> {
  const seasons = fc
    .uniqueArray(fc.integer({ min: 1, max: 11 }), { minLength: 0, maxLength: 2 })
    .map((cuts) => {
      const edges = [0, ...[...cuts].sort((a, b) => a - b), 12];
      return edges.slice(0, -1).map((from, i) => MONTH_NAMES.slice(from, edges[i + 1]));
    });
  const base = fc.oneof(
    seasons.chain((groups) =>
      fc.tuple(...groups.map((months) => blocksArb(market).map((b) => ({ months, days_and_hours: b })))),
    ),
    fc
      .tuple(blocksArb(market), blocksArb(market), fc.uniqueArray(monthArb, { minLength: 1, maxLength: 3 }))
      .map(([all, override, months]): ScheduleEntryDefinition[] => [
        { months: ['All'], days_and_hours: all },
        { months, days_and_hours: override },
      ]),
  );
  const dates = fc.uniqueArray(fc.integer({ min: 1, max: 31 }), { minLength: 1, maxLength: 3 });
  const special = fc.record({ explicit: fc.boolean(), month: monthArb, dates, blocks: blocksArb(market) });
  return fc.tuple(base, fc.array(special, { maxLength: 2 })).map(([entries, specials]) => {
    const out: ScheduleEntryDefinition[] = [...entries];
    specials.forEach((s, i) => {
      // the first special may use All; the second always names a month different from the first's
      const first = specials[0];
      const month =
        i === 1 && first?.explicit && first.month === s.month
          ? (MONTH_NAMES[(MONTH_NAMES.indexOf(s.month) + 1) % 12] ?? 'Jan')
          : s.month;
      const explicit = i === 1 ? true : s.explicit;
      out.push({ months: explicit ? [month] : ['All'], dates: s.dates, days_and_hours: s.blocks });
    });
    return out;
  });
}

const transitions = new Map<string, number[]>();
/** Instants of the zone's offset changes in 2024–2026 (none for fixed-offset zones). */
export function zoneTransitions(zone: string): number[] {
  let list = transitions.get(zone);
  if (!list) {
    list = [];
    let z: Temporal.ZonedDateTime | null =
      Temporal.Instant.from('2024-01-01T00:00:00Z').toZonedDateTimeISO(zone);
    while ((z = z.getTimeZoneTransition('next')) && z.epochMilliseconds < Date.UTC(2027, 0, 1))
      list.push(z.epochMilliseconds);
    transitions.set(zone, list);
  }
  return list;
}

/** A zone and a window of up to `maxDays` days, starting near a DST transition two times in three. */
export function zonedWindowArb(maxDays = 2): fc.Arbitrary<{ zone: string; start: number; end: number }> {
  return fc
    .record({
      zone: fc.constantFrom(...ZONES),
      near: fc.integer({ min: 0, max: 2 }),
      pick: fc.nat(),
      shift: fc.integer({ min: -2 * DAY, max: DAY }),
      random: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 11, 1) }),
      length: fc.integer({ min: 1, max: maxDays * DAY }),
    })
    .map(({ zone, near, pick, shift, random, length }) => {
      const list = zoneTransitions(zone);
      const anchor = near > 0 && list.length > 0 ? (list[pick % list.length] ?? random) + shift : random;
      return { zone, start: anchor, end: anchor + length };
    });
}

/** Market prices over [start, end) ± 2 hours at 15 or 60 minutes, some missing, per MWh. */
export function marketArb(start: number, end: number): fc.Arbitrary<MarketPrice[]> {
  return fc
    .record({
      step: fc.constantFrom(900_000, HOUR),
      seed: fc.array(fc.integer({ min: -50_000, max: 50_000 }), { minLength: 1, maxLength: 16 }),
      holes: fc.boolean(),
    })
    .map(({ step, seed, holes }) => {
      const out: MarketPrice[] = [];
      const first = Math.floor((start - 2 * HOUR) / step) * step;
      for (let t = first, i = 0; t < end + 2 * HOUR; t += step, i++) {
        if (holes && i % 7 === 3) continue;
        const value = seed[i % seed.length] ?? 0;
        out.push({
          start: t,
          end: t + step,
          pricePerMwh: toDecimal(`${value / 100}`),
          confidence: i % 5 === 0 ? 0.5 : 1,
        });
      }
      return out;
    });
}

/** A valid tariff in a zone, optionally with a contract that ends or starts inside [start, end). */
export function tariffArb(zone: string, start: number, end: number): fc.Arbitrary<TariffDefinition> {
  return fc
    .record({
      market: fc.boolean(),
      bare: fc.integer({ min: 0, max: 9 }),
      contract: fc.integer({ min: 0, max: 3 }),
      cut: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .chain(({ market, bare, contract, cut }) => {
      const inside = Math.floor(start + (end - start) * cut);
      const schedule = market && bare === 0 ? fc.constant([]) : scheduleArb(market);
      return schedule.map((s) => ({
        direction: 'IMPORT' as const,
        type: 'COMMODITY' as const,
        timezone: zone,
        market_rates: market,
        contract_start_ms: contract === 1 ? inside : Date.UTC(2020, 0, 1),
        contract_end_ms: contract === 2 ? inside + 1 : contract === 3 ? Infinity : Date.UTC(2030, 0, 1),
        schedule: s,
      }));
    });
}
