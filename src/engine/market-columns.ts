// Market prices in columns, as expansion reads them: starts, ends and confidences as typed
// arrays, and every value per MWh as a safe integer at one common scale, so that finding the
// ladder an interval pays is an array lookup, not a bigint conversion per interval.
import { isDecimal, type Decimal } from './decimal.ts';
import type { MarketPrice } from './price-series.ts';

/** Scales above this (more than 12 decimals per MWh) are read through the Decimal path. */
const MAX_COMMON_SCALE = 12;

/** Marks a value whose scale is read through the Decimal path. */
const NO_SCALE = 255;

const POW10 = Array.from({ length: MAX_COMMON_SCALE + 1 }, (_, k) => 10 ** k);

const isConfidence = (c: unknown): boolean => typeof c === 'number' && c >= 0 && c <= 1;

/**
 * Sorted, non-overlapping market prices (MarketPrice, [decision:market-price-formula]) in columns. Value i per MWh is
 * `units[i] × 10^-scale` when units[i] is not NaN; NaN marks a value that is not a safe integer
 * at the common scale, read exactly with `valueAt(i)`.
 */
export class MarketColumns {
  private constructor(
    readonly length: number,
    readonly starts: Float64Array,
    readonly ends: Float64Array,
    readonly confidences: Float64Array,
    readonly units: Float64Array,
    readonly scale: number,
    /** The smallest and largest of `units` (NaN skipped); 0 and -1 when there is none. */
    readonly minUnits: number,
    readonly maxUnits: number,
    private readonly source: readonly MarketPrice[],
  ) {}

  /**
   * The columns of `prices`. Throws RangeError unless they are sorted, non-overlapping, non-empty
   * intervals with a Decimal price and a confidence in 0–1.
   */
  static from(prices: readonly MarketPrice[]): MarketColumns {
    const n = prices.length;
    const starts = new Float64Array(n);
    const ends = new Float64Array(n);
    const confidences = new Float64Array(n);
    const units = new Float64Array(n);
    const scales = new Uint8Array(n);
    let scale = 0;
    let uniform = true;
    let previousEnd = -Infinity;
    for (let i = 0; i < n; i++) {
      const m = prices[i] as MarketPrice;
      const { start, end, pricePerMwh, confidence } = m;
      if (!(Number.isFinite(start) && Number.isFinite(end) && start < end && start >= previousEnd)) {
        throw new RangeError(
          `market price ${i} [${start}, ${end}) is empty, unsorted or overlaps the previous one`,
        );
      }
      if (!isDecimal(pricePerMwh) || !isConfidence(confidence)) {
        throw new RangeError(`market price ${i} needs a Decimal pricePerMwh and a confidence in 0–1`);
      }
      previousEnd = end;
      starts[i] = start;
      ends[i] = end;
      confidences[i] = confidence;
      units[i] = Number(pricePerMwh.units);
      // a scale that is not a whole number ≥ 0 (no canonical Decimal has one) takes the exact path
      const s = Number.isInteger(pricePerMwh.scale) && pricePerMwh.scale >= 0 ? pricePerMwh.scale : NO_SCALE;
      scales[i] = Math.min(s, NO_SCALE);
      if (s !== scale) {
        if (i > 0) uniform = false;
        if (s > scale && s !== NO_SCALE) scale = s;
      }
    }
    if (scale > MAX_COMMON_SCALE) scale = MAX_COMMON_SCALE;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      let u = units[i] as number;
      if (!uniform || scale !== scales[i]) {
        const shift = scale - (scales[i] as number);
        u = shift < 0 ? Number.NaN : u * (POW10[shift] as number);
      }
      if (!Number.isSafeInteger(u)) u = Number.NaN;
      else {
        if (u < min) min = u;
        if (u > max) max = u;
      }
      units[i] = u;
    }
    return min > max
      ? new MarketColumns(n, starts, ends, confidences, units, scale, 0, -1, prices)
      : new MarketColumns(n, starts, ends, confidences, units, scale, min, max, prices);
  }

  /** Value i per MWh, exact. */
  valueAt(i: number): Decimal {
    const m = this.source[i];
    if (!m) throw new RangeError(`no market price ${i} of ${this.length}`);
    return m.pricePerMwh;
  }
}
