// A deterministic simulated day-ahead market, for test mode: the same seed always gives the same
// prices, on any machine. The shape is a typical European day: a night trough, a morning and an
// evening peak, a midday solar dip that deepens in summer, cheaper weekends, winter dearer than
// summer, and now and then a sunny day whose midday prices go negative. Prices for delivery day D
// are "published" at 12:45 local time on D − 1; what `now` has not seen published is forecast by
// the forecast rule [decision:market-forecast] (market-forecast.ts), exactly as for real published prices.
//
// Only integer and IEEE +, −, ×, ÷ arithmetic is used (no Math.exp or Math.cos), so results do
// not depend on the platform's math library; values are rounded to cents, as exchanges publish.
import { HOUR_MS, civilFromEpochDay, epochDayFromCivil, isoWeekdayOf } from './calendar.ts';
import { makeDecimal } from './decimal.ts';
import { fillMarketForecast, MARKET_FORECAST_HISTORY_MS } from './market-forecast.ts';
import type { MarketPrice } from './price-series.ts';
import { dayAheadPublication, lastPublishedDay, nextDayAheadPublication } from './market-publication.ts';
import {
  dropMissingDays,
  scenarioPublication,
  scenariosOfDay,
  shapeMarketDay,
  type MarketScenario,
  type MarketShapeType,
} from './market-scenarios.ts';
import { localEpochDayOf, readLocalTime, startOfLocalDay } from './time-zones.ts';

/** The parameters of one simulated market. */
export interface SimulatedMarket {
  /** Seeds every random draw (the market source ID): the same seed gives the same prices. */
  readonly seed: string;
  /** IANA zone of the market's delivery days and of its publication clock. */
  readonly timeZone: string;
  /** Interval length in ms (15, 30 or 60 minutes). */
  readonly resolutionMs: number;
  /** Delivery days (local epoch days) before this one are hourly; absent: `resolutionMs` always. */
  readonly hourlyBeforeDay?: number;
  /** A typical daily average in major currency units per MWh (90 for a EUR market). */
  readonly levelPerMwh: number;
}

/** Simulated prices as a caller sees them at `now`. */
export interface SimulatedMarketSeries {
  /** Published intervals (confidence 1) and forecasts (0.5, [decision:market-forecast]) that intersect the window. */
  readonly prices: MarketPrice[];
  /** The publication instant of the latest published day used, or null when `prices` is empty. */
  readonly lastUpdated: number | null;
  /** The next publication instant after `now`: when these prices may next change. */
  readonly nextUpdate: number;
}

/** FNV-1a over the seed's UTF-16 code units. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A uniform draw in [0, 1) from (seed, day, slot); a murmur3-style finaliser. */
function draw(seed: number, day: number, slot: number): number {
  let h = (seed ^ Math.imul(day | 0, 0x9e3779b1)) >>> 0;
  h = (h ^ Math.imul(slot | 0, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

/** A smooth bump of height 1 at `centre`, zero beyond ±`halfWidth` hours (biweight kernel). */
function bump(hour: number, centre: number, halfWidth: number): number {
  const x = (hour - centre) / halfWidth;
  return x <= -1 || x >= 1 ? 0 : (1 - x * x) * (1 - x * x);
}

/** 1 in mid-July, 0 in mid-January, linear in between. */
function summerness(epochDay: number): number {
  const { year } = civilFromEpochDay(epochDay);
  const dayOfYear = epochDay - epochDayFromCivil(year, 1, 1);
  const distance = Math.abs(dayOfYear - 196);
  return Math.max(0, 1 - Math.min(distance, 365 - distance) / 182.5);
}

interface DayTraits {
  level: number;
  morning: number;
  evening: number;
  solar: number;
}

function dayTraits(market: SimulatedMarket, seed: number, epochDay: number): DayTraits {
  const summer = summerness(epochDay);
  const weekday = isoWeekdayOf(epochDay);
  const weekend = weekday >= 6;
  const weekFactor = weekday === 6 ? 0.88 : weekday === 7 ? 0.78 : 1;
  const level =
    market.levelPerMwh * (0.8 + 0.4 * draw(seed, epochDay, 0)) * (1.25 - 0.25 * summer) * weekFactor;
  let solar = (0.15 + 0.55 * summer) * (0.4 + 0.6 * draw(seed, epochDay, 1));
  // A sunny, windy day with low demand: the midday dip goes below zero (more often in summer and at weekends).
  if (draw(seed, epochDay, 2) < (0.03 + 0.12 * summer) * (weekend ? 1.6 : 1)) {
    solar = 1.15 + 0.4 * draw(seed, epochDay, 3);
  }
  return { level, morning: weekend ? 0.12 : 0.4, evening: 0.5 + 0.2 * (1 - summer), solar };
}

function priceAt(traits: DayTraits, hour: number, noise: number): number {
  const shape =
    0.72 +
    traits.morning * bump(hour, 8, 3) +
    traits.evening * bump(hour, 18.75, 4) -
    traits.solar * bump(hour, 13, 5) -
    0.18 * bump(hour, 3.5, 3.5);
  return traits.level * (shape + 0.12 * (noise - 0.5));
}

function resolutionOn(market: SimulatedMarket, epochDay: number): number {
  return market.hourlyBeforeDay !== undefined && epochDay < market.hourlyBeforeDay
    ? HOUR_MS
    : market.resolutionMs;
}

/**
 * The simulated prices of one delivery day (a local epoch day of `market.timeZone`): intervals
 * of the market's resolution from the day's first instant to the next day's (23 or 25 hours on
 * DST days), values per MWh rounded to cents, confidence 1. Pure and deterministic.
 */
// A simulated day depends only on the market and the day, and requests keep asking for the same
// recent days: remember a bounded number of them (the result is shared, so never mutate it).
const simulatedDays = new Map<string, readonly MarketPrice[]>();
const SIMULATED_DAYS_KEPT = 4_096;

/** `simulateMarketDay`, memoised per market and day. */
function simulatedDay(market: SimulatedMarket, epochDay: number): readonly MarketPrice[] {
  const key = `${market.seed}|${market.timeZone}|${market.resolutionMs}|${market.hourlyBeforeDay ?? ''}|${market.levelPerMwh}|${epochDay}`;
  let day = simulatedDays.get(key);
  if (!day) {
    if (simulatedDays.size >= SIMULATED_DAYS_KEPT) simulatedDays.clear();
    day = simulateMarketDay(market, epochDay);
    simulatedDays.set(key, day);
  }
  return day;
}

export function simulateMarketDay(market: SimulatedMarket, epochDay: number): MarketPrice[] {
  const seed = hashSeed(market.seed);
  const traits = dayTraits(market, seed, epochDay);
  const step = resolutionOn(market, epochDay);
  const dayStart = startOfLocalDay(market.timeZone, epochDay);
  const dayEnd = startOfLocalDay(market.timeZone, epochDay + 1);
  const out: MarketPrice[] = [];
  for (let start = dayStart, i = 0; start < dayEnd; start += step, i++) {
    const hour = readLocalTime(market.timeZone, start).msOfDay / HOUR_MS;
    const value = priceAt(traits, hour, draw(seed, epochDay, 16 + i));
    out.push({
      start,
      end: Math.min(start + step, dayEnd),
      pricePerMwh: makeDecimal(BigInt(Math.round(value * 100)), 2),
      confidence: 1,
    });
  }
  return out;
}

/**
 * The simulated market as seen at `now` for the window [start, end) (UTC epoch ms, half-open):
 * the published days (publication ≤ now) that intersect the window, plus forecasts (confidence
 * 0.5) for up to 5 days past the last published day; intervals are unclipped. `nextUpdate` is the
 * next publication after `now`, so a caller that asks again then sees forecasts replaced.
 * `scenarios` (an account's test-mode scenarios of this market, [decision:market-scenarios])
 * reshape the published prices of their days, delay their publication, or remove the days.
 */
export function simulateMarketPrices(
  market: SimulatedMarket,
  window: { readonly start: number; readonly end: number },
  now: number,
  scenarios: readonly MarketScenario[] = [],
): SimulatedMarketSeries {
  if (scenarios.length > 0) return simulateWithScenarios(market, window, now, scenarios);
  const zone = market.timeZone;
  const nextUpdate = nextDayAheadPublication(zone, now);
  if (window.end <= window.start) return { prices: [], lastUpdated: null, nextUpdate };
  const lastDay = lastPublishedDay(zone, now);
  const firstDay = localEpochDayOf(zone, window.start - MARKET_FORECAST_HISTORY_MS);
  const endDay = Math.min(lastDay, localEpochDayOf(zone, window.end - 1));
  const published: MarketPrice[] = [];
  for (let day = firstDay; day <= endDay; day++) published.push(...simulatedDay(market, day));
  const prices = fillMarketForecast(published, window, zone);
  return {
    prices,
    lastUpdated: prices.length > 0 ? dayAheadPublication(zone, endDay) : null,
    nextUpdate,
  };
}

/** How many days past the last published one `nextUpdate` looks for a (late) publication. */
const NEXT_UPDATE_SEARCH_DAYS = 8;

/** `simulateMarketPrices` with scenarios: each day's publication and prices as its scenarios say. */
function simulateWithScenarios(
  market: SimulatedMarket,
  window: { readonly start: number; readonly end: number },
  now: number,
  scenarios: readonly MarketScenario[],
): SimulatedMarketSeries {
  const zone = market.timeZone;
  // A delay is at most a day, so no day after the normally last published one is out yet.
  const lastDay = lastPublishedDay(zone, now);
  let nextUpdate: number | null = null;
  for (let day = lastDay - 1; day <= lastDay + NEXT_UPDATE_SEARCH_DAYS; day++) {
    const at = scenarioPublication(zone, day, scenariosOfDay(scenarios, day));
    if (at !== null && at > now && (nextUpdate === null || at < nextUpdate)) nextUpdate = at;
  }
  nextUpdate ??= nextDayAheadPublication(zone, now);
  if (window.end <= window.start) return { prices: [], lastUpdated: null, nextUpdate };
  const firstDay = localEpochDayOf(zone, window.start - MARKET_FORECAST_HISTORY_MS);
  const endDay = Math.min(lastDay, localEpochDayOf(zone, window.end - 1));
  const published: MarketPrice[] = [];
  let lastUpdated: number | null = null;
  for (let day = firstDay; day <= endDay; day++) {
    const of = scenariosOfDay(scenarios, day);
    const at = scenarioPublication(zone, day, of);
    if (at === null || at > now) continue;
    const base = simulatedDay(market, day);
    published.push(...(of.shape ? shapeMarketDay(base, of.shape.type as MarketShapeType, zone) : base));
    lastUpdated = lastUpdated === null ? at : Math.max(lastUpdated, at);
  }
  const prices = dropMissingDays(fillMarketForecast(published, window, zone), scenarios, zone);
  return { prices, lastUpdated: prices.length > 0 ? lastUpdated : null, nextUpdate };
}
