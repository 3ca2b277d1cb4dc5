// DAY and MONTH buckets of priced pieces in the location's time zone: exact sums, so the DAY
// buckets of a month add up to its MONTH bucket exactly ([decision:money-rounding],
// [decision:confidence-minimum]).
import { civilFromEpochDay, epochDayFromCivil } from './calendar.ts';
import type { TimeWindow } from './expand-tariff.ts';
import { type Ratio, RatioSum } from './ratio.ts';
import { localEpochDayOf, startOfLocalDay, startOfLocalMonth } from './time-zones.ts';

export type CostAggregation = 'DAY' | 'MONTH';

/** What a bucket needs of a piece (a `PricedPiece` is one). */
export interface CostPiece {
  /** [start, end) UTC epoch ms; energy and cost are spread evenly over it. */
  readonly start: number;
  readonly end: number;
  readonly energyKwh: Ratio;
  readonly cost: Ratio;
  readonly confidence: number;
}

/** One local day or month, clipped to the window: [start, end) UTC epoch ms, exact sums. */
export interface CostBucket {
  readonly start: number;
  readonly end: number;
  /** kWh, exact, lowest terms. */
  readonly energyKwh: Ratio;
  /** Major currency units, exact, lowest terms. */
  readonly cost: Ratio;
  /** Minimum of the contributing pieces' confidences [decision:confidence-minimum]. */
  readonly confidence: number;
}

export interface AggregateOptions {
  readonly aggregation: CostAggregation;
  /** IANA zone of the location (`location_timezone`). */
  readonly timeZone: string;
  /** Buckets are clipped to it, and so are pieces reaching outside it (pro rata in time). */
  readonly window?: TimeWindow;
}

interface Bucket {
  readonly start: number;
  readonly end: number;
  readonly energy: RatioSum;
  readonly cost: RatioSum;
  confidence: number;
}

/** The local day or month containing instant `t`: [start, end) UTC epoch ms. */
function bucketAround(zone: string, aggregation: CostAggregation, t: number): [number, number] {
  const day = localEpochDayOf(zone, t);
  if (aggregation === 'DAY') return [startOfLocalDay(zone, day), startOfLocalDay(zone, day + 1)];
  const { year, month } = civilFromEpochDay(day);
  const next = civilFromEpochDay(epochDayFromCivil(year, month, 1) + 32);
  return [startOfLocalMonth(zone, year, month), startOfLocalMonth(zone, next.year, next.month)];
}

/** The share of a piece's amount that falls in [a, b) ⊆ [start, end): amount × (b − a) / (end − start). */
function share(amount: Ratio, piece: CostPiece, a: number, b: number): Ratio {
  if (a === piece.start && b === piece.end) return amount;
  return { n: amount.n * BigInt(b - a), d: amount.d * BigInt(piece.end - piece.start) };
}

/**
 * Sums pieces into local DAY or MONTH buckets, in time order; only buckets that receive a piece
 * are returned. Bucket bounds are the local midnights (23 or 25 hours on DST days), clipped to the
 * window; internally half-open (the API writes the end as its last second, [decision:bucket-ends]).
 *
 * A piece is split only if it crosses a bucket or window edge, pro rata in time (even spread,
 * [decision:energy-over-time]); `priceRecords` pieces never cross a local midnight, so with its `window` they are never
 * split and every bucket is an exact sum of whole pieces. A zero-length piece goes to the bucket
 * of its start.
 */
export function aggregateCosts(pieces: readonly CostPiece[], options: AggregateOptions): CostBucket[] {
  const { aggregation, timeZone: zone } = options;
  const wStart = options.window?.start ?? -Infinity;
  const wEnd = options.window?.end ?? Infinity;
  const buckets = new Map<number, Bucket>();
  let last: Bucket | null = null;

  const bucketAt = (t: number): Bucket => {
    if (last && t >= last.start && t < last.end) return last;
    const [start, end] = bucketAround(zone, aggregation, t);
    let bucket = buckets.get(start);
    if (!bucket) {
      bucket = { start, end, energy: new RatioSum(), cost: new RatioSum(), confidence: 1 };
      buckets.set(start, bucket);
    }
    last = bucket;
    return bucket;
  };

  for (const piece of pieces) {
    if (!(piece.start <= piece.end)) throw new RangeError(`piece [${piece.start}, ${piece.end}) is reversed`);
    const from = Math.max(piece.start, wStart);
    const to = Math.min(piece.end, wEnd);
    const empty = piece.start === piece.end;
    if (empty ? piece.start < wStart || piece.start >= wEnd : from >= to) continue;
    let a = from;
    do {
      const bucket = bucketAt(a);
      const b = Math.min(to, bucket.end);
      bucket.energy.add(share(piece.energyKwh, piece, a, b));
      bucket.cost.add(share(piece.cost, piece, a, b));
      if (piece.confidence < bucket.confidence) bucket.confidence = piece.confidence;
      a = b;
    } while (a < to);
  }

  return [...buckets.values()]
    .sort((x, y) => x.start - y.start)
    .map((b) => ({
      start: Math.max(b.start, wStart),
      end: Math.min(b.end, wEnd),
      energyKwh: b.energy.value(),
      cost: b.cost.value(),
      confidence: b.confidence,
    }));
}
