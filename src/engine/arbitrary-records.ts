// fast-check arbitraries and an independent oracle for the record-pricing property tests (test
// support; not used by the engine).
import fc from 'fast-check';
import { marketArb, scheduleArb, tariffArb, zonedWindowArb } from './arbitrary-tariffs.ts';
import { civilFromEpochDay } from './calendar.ts';
import { type CombinedInterval, combineSeries } from './combine-series.ts';
import { compileTariff } from './compile-tariff.ts';
import { parseDecimal } from './decimal.ts';
import { expandTariff } from './expand-tariff.ts';
import type { MarketPrice, PriceInterval, TierPrice } from './price-series.ts';
import type { EnergyRecord } from './price-records.ts';
import {
  RATIO_ZERO,
  type Ratio,
  addRatios,
  compareRatios,
  multiplyRatios,
  ratioOf,
  subtractRatios,
} from './ratio.ts';
import type { TariffDefinition } from './tariff-definition.ts';
import { localEpochDayOf, startOfLocalDay } from './time-zones.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A generated pricing problem. */
export interface Case {
  zone: string;
  series: CombinedInterval[];
  records: EnergyRecord[];
  prior: Ratio;
}

/** Non-overlapping records from `start`: gaps of 0–3 h (mostly none), 1 ms–30 h long, 0–400 kWh
 * as a Decimal or a Ratio (the generated ladders' bounds are 100 and 250.5 kWh, so crossings are
 * common). */
export const recordsArb = (start: number) =>
  fc
    .array(
      fc.record({
        gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * HOUR })),
        length: fc.oneof(fc.integer({ min: 1, max: 30 * HOUR }), fc.constantFrom(900_000, HOUR, DAY)),
        milliKwh: fc.integer({ min: 0, max: 400_000 }),
        asRatio: fc.boolean(),
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((specs) => {
      let t = start;
      return specs.map(({ gap, length, milliKwh, asRatio }): EnergyRecord => {
        const decimal = parseDecimal(`${milliKwh / 1000}`)!;
        const record = {
          start: t + gap,
          end: t + gap + length,
          energyKwh: asRatio ? ratioOf(decimal) : decimal,
        };
        t = record.end;
        return record;
      });
    });

/** Drops every tier but the first (and its bound): a flat price per period. */
const flatten = (t: TariffDefinition): TariffDefinition => ({
  ...t,
  schedule: t.schedule.map((entry) => ({
    ...entry,
    days_and_hours: entry.days_and_hours.map((block) => ({
      ...block,
      hours: block.hours.map((h) => ({
        ...h,
        rate: h.rate.slice(0, 1).map((r) => ({ ...r, to_kwh: null })),
      })),
    })),
  })),
});

/** A zone, a window near DST, a random commodity tariff (market ones with holes in the market),
 * sometimes a non-commodity one, records, and energy already counted this month. */
export const caseArb = (flat = false): fc.Arbitrary<Case> =>
  zonedWindowArb(2).chain(({ zone, start, end }) =>
    fc
      .record({
        commodity: tariffArb(zone, start, end),
        grid: fc.option(scheduleArb(false), { nil: undefined }),
        market: marketArb(start - DAY, start + 20 * DAY),
        records: recordsArb(start),
        prior: fc.integer({ min: 0, max: 300_000 }),
      })
      .map(({ commodity, grid, market, records, prior }) => {
        // records reach at most 12 × 33 h past start
        const window = { start: start - DAY, end: start + 20 * DAY };
        const expand = (t: TariffDefinition, m?: MarketPrice[]): PriceInterval[] =>
          expandTariff(compileTariff(flat ? flatten(t) : t), window, m ? { market: m } : {});
        const nonCommodity = grid
          ? expand({ ...commodity, type: 'NON_COMMODITY', market_rates: false, schedule: grid })
          : [];
        return {
          zone,
          series: combineSeries(expand(commodity, market), nonCommodity),
          records,
          prior: { n: BigInt(prior), d: 1000n },
        };
      }),
  );

const monthOf = (zone: string, t: number): number => {
  const { year, month } = civilFromEpochDay(localEpochDayOf(zone, t));
  return year * 12 + month;
};

const minR = (a: Ratio, b: Ratio): Ratio => (compareRatios(a, b) <= 0 ? a : b);
const maxR = (a: Ratio, b: Ratio): Ratio => (compareRatios(a, b) >= 0 ? a : b);

/** Cost of x kWh counted from c on one ladder: Σ over tiers of the overlap of [c, c + x) with the
 * tier's [fromKwh, toKwh) (the last tier open-ended) × its price. */
function ladderCost(part: PriceInterval | null, c: Ratio, x: Ratio): Ratio {
  if (!part) return RATIO_ZERO;
  let cost = RATIO_ZERO;
  const top = addRatios(c, x);
  part.tiers.forEach((tier: TierPrice, k) => {
    const lo = maxR(ratioOf(tier.fromKwh), c);
    const hi = k === part.tiers.length - 1 || tier.toKwh === null ? top : minR(ratioOf(tier.toKwh), top);
    if (compareRatios(hi, lo) > 0)
      cost = addRatios(cost, multiplyRatios(subtractRatios(hi, lo), ratioOf(tier.price)));
  });
  return cost;
}

/** The oracle: cut each record at every series boundary and local midnight, spread its energy
 * by time, and price each cut on the energy axis (no crossing instants at all). */
export function naiveCost(
  c: Case,
  window = { start: -Infinity, end: Infinity },
): { cost: Ratio; energy: Ratio } {
  let cost = RATIO_ZERO;
  let energy = RATIO_ZERO;
  let counter = c.prior;
  let month: number | null = null;
  for (const r of [...c.records].sort((a, b) => a.start - b.start)) {
    const cuts = new Set([r.start, r.end]);
    for (const t of [window.start, window.end]) if (t > r.start && t < r.end) cuts.add(t);
    for (const i of c.series) for (const t of [i.start, i.end]) if (t > r.start && t < r.end) cuts.add(t);
    for (let day = localEpochDayOf(c.zone, r.start); ; day++) {
      const midnight = startOfLocalDay(c.zone, day + 1);
      if (midnight >= r.end) break;
      if (midnight > r.start) cuts.add(midnight);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const e = ratioOf(r.energyKwh);
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k] as number;
      const b = points[k + 1] as number;
      const x = { n: e.n * BigInt(b - a), d: e.d * BigInt(r.end - r.start) };
      const m = monthOf(c.zone, a);
      if (m !== month) counter = month === null ? c.prior : RATIO_ZERO;
      month = m;
      const iv = c.series.find((i) => i.start <= a && a < i.end);
      if (iv && a >= window.start && b <= window.end) {
        cost = addRatios(
          cost,
          addRatios(ladderCost(iv.commodity, counter, x), ladderCost(iv.nonCommodity, counter, x)),
        );
        energy = addRatios(energy, x);
      }
      counter = addRatios(counter, x);
    }
  }
  return { cost, energy };
}

/** Splits every record at random instants into contiguous records holding their share of energy. */
export const splitArb = (records: EnergyRecord[]) =>
  fc
    .tuple(
      ...records.map((r) =>
        fc.uniqueArray(fc.integer({ min: r.start + 1, max: Math.max(r.start + 1, r.end - 1) }), {
          maxLength: 4,
        }),
      ),
    )
    .map((cutLists) =>
      records.flatMap((r, i) => {
        const e = ratioOf(r.energyKwh);
        const points = [
          r.start,
          ...(cutLists[i] ?? []).filter((t) => t < r.end).sort((a, b) => a - b),
          r.end,
        ];
        return points.slice(0, -1).map((a, k) => {
          const b = points[k + 1] as number;
          return {
            start: a,
            end: b,
            energyKwh: { n: e.n * BigInt(b - a), d: e.d * BigInt(r.end - r.start) },
          };
        });
      }),
    );

/** The price on one ladder of a tier the counter is on: the first whose bound lies above it. */
function tierPriceAt(part: PriceInterval | null, c: Ratio): Ratio {
  if (!part) return RATIO_ZERO;
  const tier = part.tiers.find(
    (t, k) => k === part.tiers.length - 1 || t.toKwh === null || compareRatios(c, ratioOf(t.toKwh)) < 0,
  );
  return tier ? ratioOf(tier.price) : RATIO_ZERO;
}

/**
 * The oracle for records that overlap, or whose tier counter other records feed (`feed`; null:
 * the priced records feed it). Time is cut at every record's start and end as well; in each stretch
 * the counter's gain X is priced on the energy axis and each priced record present pays its share
 * x / X of that (at the counter's tier when nothing feeds it there). Per record and in total.
 */
export function naiveSharedCost(
  c: Case,
  feed: EnergyRecord[] | null,
): { cost: Ratio; energy: Ratio; perRecord: Ratio[] } {
  const all = [...c.records, ...(feed ?? [])];
  const cuts = new Set<number>();
  for (const r of all) cuts.add(r.start).add(r.end);
  const first = Math.min(...all.map((r) => r.start));
  const last = Math.max(...all.map((r) => r.end));
  for (const i of c.series) for (const t of [i.start, i.end]) if (t > first && t < last) cuts.add(t);
  for (let day = localEpochDayOf(c.zone, first); ; day++) {
    const midnight = startOfLocalDay(c.zone, day + 1);
    if (midnight >= last) break;
    cuts.add(midnight);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const part = (r: EnergyRecord, a: number, b: number): Ratio => {
    const e = ratioOf(r.energyKwh);
    return r.start <= a && b <= r.end
      ? { n: e.n * BigInt(b - a), d: e.d * BigInt(r.end - r.start) }
      : RATIO_ZERO;
  };
  let cost = RATIO_ZERO;
  let energy = RATIO_ZERO;
  const perRecord = c.records.map(() => RATIO_ZERO);
  let counter = c.prior;
  let month: number | null = null;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k] as number;
    const b = points[k + 1] as number;
    const m = monthOf(c.zone, a);
    if (m !== month) counter = month === null ? c.prior : RATIO_ZERO;
    month = m;
    const xs = c.records.map((r) => part(r, a, b));
    const X = (feed ?? c.records).map((r) => part(r, a, b)).reduce(addRatios, RATIO_ZERO);
    const iv = c.series.find((i) => i.start <= a && a < i.end);
    if (iv) {
      const axis = addRatios(ladderCost(iv.commodity, counter, X), ladderCost(iv.nonCommodity, counter, X));
      const atTier = addRatios(tierPriceAt(iv.commodity, counter), tierPriceAt(iv.nonCommodity, counter));
      xs.forEach((x, j) => {
        if (x.n === 0n) return;
        const share =
          X.n === 0n ? multiplyRatios(x, atTier) : multiplyRatios(axis, { n: x.n * X.d, d: x.d * X.n });
        perRecord[j] = addRatios(perRecord[j] as Ratio, share);
        cost = addRatios(cost, share);
        energy = addRatios(energy, x);
      });
    }
    counter = addRatios(counter, X);
  }
  return { cost, energy, perRecord };
}
