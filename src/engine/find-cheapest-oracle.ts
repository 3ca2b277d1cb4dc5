// Test support: brute-force answers for the schedule searches, and random price series for them.
// Series have integer-minute boundaries and windows and durations are whole minutes, so trying
// every whole-minute start (contiguous) or ranking every minute (split) sees every optimum the
// searches can find: their candidates are boundaries, window edges and those minus D.
import fc from 'fast-check';
import type { CombinedInterval } from './combine-series.ts';
import { makeDecimal } from './decimal.ts';
import type { TieRule } from './schedule-series.ts';

export const MINUTE = 60_000;
export const BASE = Date.UTC(2025, 2, 29);

export interface SearchCase {
  readonly series: CombinedInterval[];
  /** Window and duration in whole minutes from BASE. */
  readonly from: number;
  readonly to: number;
  readonly minutes: number;
  readonly maximise: boolean;
  readonly tie: TieRule;
  /** Prices are cents × 10^13 (the oracle still counts cents): past 2^53, the bigint paths. */
  readonly huge: boolean;
}

export const HUGE = 10n ** 13n;

/** A priced interval for tests: price = cents / 100 per kWh. */
export function interval(
  start: number,
  end: number,
  cents: number | bigint,
  confidence = 1,
): CombinedInterval {
  return {
    start,
    end,
    price: makeDecimal(BigInt(cents), 2),
    confidence,
    commodity: null,
    nonCommodity: null,
  };
}

/** Random series: up to 48 periods of 1–20 minutes, prices −0.05..0.12 in cents (many ties),
 * some periods left as holes; a window a little wider or narrower than the series. */
export function searchCaseArb(): fc.Arbitrary<SearchCase> {
  return fc
    .record({
      periods: fc.array(
        fc.record({
          length: fc.integer({ min: 1, max: 20 }),
          cents: fc.integer({ min: -5, max: 12 }),
          hole: fc.integer({ min: 0, max: 9 }).map((h) => h === 0),
        }),
        { minLength: 1, maxLength: 48, size: 'max' },
      ),
      lead: fc.integer({ min: -10, max: 30 }),
      trail: fc.integer({ min: -10, max: 30 }),
      share: fc.integer({ min: 0, max: 1000 }),
      maximise: fc.boolean(),
      tie: fc.constantFrom<TieRule>('earliest', 'latest'),
      huge: fc.integer({ min: 0, max: 3 }).map((h) => h === 0),
    })
    .map(({ periods, lead, trail, share, maximise, tie, huge }) => {
      const series: CombinedInterval[] = [];
      let t = 0;
      for (const p of periods) {
        const cents = huge ? BigInt(p.cents) * HUGE : p.cents;
        if (!p.hole) series.push(interval(BASE + t * MINUTE, BASE + (t + p.length) * MINUTE, cents));
        t += p.length;
      }
      const from = Math.max(-30, lead);
      const to = Math.max(from + 1, t - trail);
      const minutes = Math.max(1, Math.round((share * (to - from)) / 1000));
      return { series, from, to, minutes, maximise, tie, huge };
    });
}

/** The price in cents of each minute of the window, or null where there is none. */
function minutePrices(c: SearchCase): (number | null)[] {
  const out: (number | null)[] = [];
  for (let m = c.from; m < c.to; m++) {
    const t = BASE + m * MINUTE;
    const hit = c.series.find((i) => i.start <= t && t < i.end);
    const units = hit ? hit.price.units * 10n ** BigInt(2 - hit.price.scale) : null;
    out.push(units === null ? null : Number(c.huge ? units / HUGE : units));
  }
  return out;
}

export interface OracleRun {
  /** Minutes from BASE. */
  readonly start: number;
  /** cents × minutes. */
  readonly cost: number;
}

/** Every whole-minute start, each costed on its own (prefix sums only to keep the test fast). */
export function contiguousOracle(
  c: SearchCase,
): { best: OracleRun; worst: OracleRun; all: OracleRun[] } | null {
  const prices = minutePrices(c);
  const all: OracleRun[] = [];
  for (let m = 0; m + c.minutes <= prices.length; m++) {
    let cost = 0;
    let priced = true;
    for (let k = m; k < m + c.minutes; k++) {
      const p = prices[k];
      if (p === null || p === undefined) {
        priced = false;
        break;
      }
      cost += p;
    }
    if (priced) all.push({ start: c.from + m, cost });
  }
  if (all.length === 0) return null;
  const sign = c.maximise ? -1 : 1;
  let best = all[0] as OracleRun;
  let worst = all[0] as OracleRun;
  for (const r of all) {
    if (r.cost * sign < best.cost * sign || (c.tie === 'latest' && r.cost === best.cost)) best = r;
    if (r.cost * sign > worst.cost * sign) worst = r;
  }
  return { best, worst, all };
}

/** Every priced minute ranked by price, then by the tie rule; the first `minutes` are chosen.
 * Returns the chosen minutes (from BASE, ascending) and their cost in cents × minutes. */
export function splitOracle(c: SearchCase): { chosen: number[]; cost: number } | null {
  const prices = minutePrices(c);
  const priced: { m: number; p: number }[] = [];
  prices.forEach((p, k) => {
    if (p !== null) priced.push({ m: c.from + k, p });
  });
  if (priced.length < c.minutes) return null;
  const sign = c.maximise ? -1 : 1;
  priced.sort((x, y) => (x.p !== y.p ? (x.p - y.p) * sign : c.tie === 'latest' ? y.m - x.m : x.m - y.m));
  const take = priced.slice(0, c.minutes);
  return { chosen: take.map((x) => x.m).sort((a, b) => a - b), cost: take.reduce((s, x) => s + x.p, 0) };
}

/** Hourly test series from `first` (RFC 3339): one interval per price in cents; null is a hole. */
export function hourly(first: string, cents: readonly (number | null)[]): CombinedInterval[] {
  const t0 = Date.parse(first);
  const out: CombinedInterval[] = [];
  cents.forEach((c, k) => {
    if (c !== null) out.push(interval(t0 + k * 3_600_000, t0 + (k + 1) * 3_600_000, c));
  });
  return out;
}

/** `hours` of 15-minute prices from BASE, −5 to 34 cents, from a fixed seed: the series both
 * schedule-search timings use (src/engine/find-cheapest.bench.ts, bench/engine-schedules-timing.ts). */
export function quarterHours(hours: number): CombinedInterval[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: hours * 4 }, (_, k) =>
    interval(BASE + k * 15 * MINUTE, BASE + (k + 1) * 15 * MINUTE, Math.floor(next() * 40) - 5),
  );
}
