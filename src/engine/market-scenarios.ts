// Market scenarios of the test-mode market [decision:market-scenarios]: what an integrator asks the
// simulated day-ahead market to do on some delivery days. Two groups that combine freely:
//
// - shapes change the prices a day publishes: `negative` (the midday intervals, 10:00 to 16:00
//   local, are priced at minus the absolute base price), `spike` (the evening intervals, 17:00 to
//   20:00 local, at 5 × the absolute base price), `flat` (every interval at the day's mean base
//   price, rounded half away from zero to the cent);
// - publication scenarios change when a day is published: `missing` (never: no published price
//   and no forecast for the day), `late` (12:45 local on the day before plus `delayMinutes`).
//
// "Local" is the wall clock of the market's zone at the interval's start; the base price is the
// simulator's own (market-simulator.ts). On a day with several scenarios of one group, the one
// with the greatest `key` (the newest) applies. Pure: no clock, no I/O.
import { HOUR_MS } from './calendar.ts';
import { makeDecimal, pow10n, type Decimal } from './decimal.ts';
import { dayAheadPublication } from './market-publication.ts';
import type { MarketPrice } from './price-series.ts';
import { localEpochDayOf, readLocalTime, startOfLocalDay } from './time-zones.ts';

export const MARKET_SCENARIO_TYPES = ['negative', 'spike', 'flat', 'missing', 'late'] as const;
export type MarketScenarioType = (typeof MARKET_SCENARIO_TYPES)[number];
export type MarketShapeType = 'negative' | 'spike' | 'flat';

/** The longest publication delay of a `late` scenario, in minutes (one day). */
export const MAX_PUBLICATION_DELAY_MINUTES = 1_440;
/** The local hours [from, to) a `negative` day prices below zero. */
export const NEGATIVE_HOURS = { from: 10, to: 16 } as const;
/** The local hours [from, to) of a `spike`, and its multiple of the base price. */
export const SPIKE_HOURS = { from: 17, to: 20 } as const;
export const SPIKE_MULTIPLE = 5n;

export interface MarketScenario {
  readonly type: MarketScenarioType;
  /** The first and last delivery day, local epoch days of the market's zone, inclusive. */
  readonly firstDay: number;
  readonly lastDay: number;
  /** `late` only: minutes added to the day's publication time (1 to 1440). */
  readonly delayMinutes?: number | undefined;
  /** Orders scenarios of one group on one day: the greatest applies (a time-ordered ID). */
  readonly key: string;
}

/** The scenarios that apply to one delivery day: at most one shape and one publication scenario. */
export interface DayScenarios {
  shape: MarketScenario | undefined;
  publication: MarketScenario | undefined;
}

const isShape = (type: MarketScenarioType): type is MarketShapeType =>
  type === 'negative' || type === 'spike' || type === 'flat';

/** The shape and publication scenarios of `epochDay` (the newest of each group, by key). */
export function scenariosOfDay(scenarios: readonly MarketScenario[], epochDay: number): DayScenarios {
  const day: DayScenarios = { shape: undefined, publication: undefined };
  for (const s of scenarios) {
    if (epochDay < s.firstDay || epochDay > s.lastDay) continue;
    const group = isShape(s.type) ? 'shape' : 'publication';
    const current = day[group];
    if (!current || s.key > current.key) day[group] = s;
  }
  return day;
}

/**
 * When delivery day `epochDay` is published under its publication scenario (UTC epoch ms), or
 * null when it never is (`missing`): 12:45 local on the day before, plus a `late` delay.
 */
export function scenarioPublication(zone: string, epochDay: number, day: DayScenarios): number | null {
  const base = dayAheadPublication(zone, epochDay);
  const publication = day.publication;
  if (!publication) return base;
  if (publication.type === 'missing') return null;
  return base + (publication.delayMinutes ?? 0) * 60_000;
}

/**
 * The publication instants of `zone`'s delivery days that fall in (`after`, `through`], under the
 * scenarios (a `late` day moves, a `missing` day has none), in time order.
 */
export function publicationsIn(
  zone: string,
  after: number,
  through: number,
  scenarios: readonly MarketScenario[],
): number[] {
  const instants: number[] = [];
  // day D is published on D − 1 at 12:45 local, plus at most a day's delay: D's publication can
  // fall in the stretch only if D runs from the local day of `after` to the day after `through`'s
  const last = localEpochDayOf(zone, through) + 1;
  for (let day = localEpochDayOf(zone, after); day <= last; day++) {
    const at = scenarioPublication(zone, day, scenariosOfDay(scenarios, day));
    if (at !== null && at > after && at <= through) instants.push(at);
  }
  return instants.sort((a, b) => a - b);
}

/** A cent-scaled decimal's units in cents (every simulated price has at most 2 decimals). */
function centsOf(price: Decimal): bigint {
  if (price.scale > 2) throw new Error(`a simulated price with ${price.scale} decimals`);
  return price.units * pow10n(2 - price.scale);
}

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** `numerator / denominator` rounded half away from zero; denominator > 0. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const q = (2n * abs(numerator) + denominator) / (2n * denominator);
  return numerator < 0n ? -q : q;
}

/**
 * One delivery day's published prices under a shape (see the header), as new intervals: the same
 * starts and ends, values in cents per MWh. `day` is the simulator's base day of `zone`.
 */
export function shapeMarketDay(
  day: readonly MarketPrice[],
  type: MarketShapeType,
  zone: string,
): MarketPrice[] {
  if (type === 'flat') {
    if (day.length === 0) return [];
    const total = day.reduce((sum, p) => sum + centsOf(p.pricePerMwh), 0n);
    const mean = makeDecimal(divideRounded(total, BigInt(day.length)), 2);
    return day.map((p) => ({ ...p, pricePerMwh: mean }));
  }
  const hours = type === 'negative' ? NEGATIVE_HOURS : SPIKE_HOURS;
  return day.map((p) => {
    const hour = readLocalTime(zone, p.start).msOfDay / HOUR_MS;
    if (hour < hours.from || hour >= hours.to) return p;
    const cents = abs(centsOf(p.pricePerMwh));
    return { ...p, pricePerMwh: makeDecimal(type === 'negative' ? -cents : cents * SPIKE_MULTIPLE, 2) };
  });
}

/**
 * Drops the intervals (sorted, as the simulator gives them) that touch a day whose publication
 * scenario is `missing`: such a day has no price at all, neither published nor forecast.
 */
export function dropMissingDays(
  prices: readonly MarketPrice[],
  scenarios: readonly MarketScenario[],
  zone: string,
): MarketPrice[] {
  const first = prices[0];
  const last = prices[prices.length - 1];
  if (!first || !last) return [];
  // the days the prices reach whose newest publication scenario is `missing`, as [start, end)
  const spans: { start: number; end: number }[] = [];
  for (const s of scenarios) {
    if (s.type !== 'missing') continue;
    for (let day = s.firstDay; day <= s.lastDay; day++) {
      if (scenariosOfDay(scenarios, day).publication !== s) continue;
      const span = { start: startOfLocalDay(zone, day), end: startOfLocalDay(zone, day + 1) };
      if (span.start < last.end && span.end > first.start) spans.push(span);
    }
  }
  if (spans.length === 0) return [...prices];
  return prices.filter((p) => !spans.some((span) => p.start < span.end && p.end > span.start));
}
