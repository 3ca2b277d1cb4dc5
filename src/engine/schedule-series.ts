// What the schedule searches share: a price series clipped to a window as exact integers, the
// typed failure the API maps to its status, and the chosen-slot shapes.
//
// Units: instants are UTC epoch ms, intervals half-open. A price is major currency units per kWh.
// A run's `cost` is Σ price × hours: the money a constant 1 kW load pays over it (for P kW,
// multiply by P); `averagePrice` is cost ÷ hours, time-weighted. Both are exact Ratios.
import { HOUR_MS } from './calendar.ts';
import type { CombinedInterval } from './combine-series.ts';
import { type Decimal, pow10n } from './decimal.ts';
import type { TimeWindow } from './expand-tariff.ts';
import type { Ratio } from './ratio.ts';

/** Why a search has no answer. The engine knows no HTTP: the API maps `no_price_data` to 422
 * and the others (the documented validation codes) to 400. */
export type ScheduleFailureCode =
  | 'time_range_invalid'
  | 'duration_invalid'
  | 'relative_missing'
  | 'relative_invalid'
  | 'absolute_invalid'
  | 'energy_invalid'
  | 'max_power_invalid'
  | 'no_price_data';

export interface ScheduleFailure {
  readonly ok: false;
  readonly code: ScheduleFailureCode;
  readonly message: string;
}

/** Among runs of equal cost: the earliest start (the default, [decision:schedule-ties]) or the latest
 * (evcc's rule: the later slot, so the freshest prices decide). */
export type TieRule = 'earliest' | 'latest';

/** One priced part of a chosen run: a single price, [start, end) inside one series interval. */
export interface ChosenSlot {
  readonly start: number;
  readonly end: number;
  readonly price: Decimal;
  readonly confidence: number;
}

/** Touching chosen slots merged into one [start, end) with its exact cost and mean price. */
export interface MergedSlot {
  readonly start: number;
  readonly end: number;
  /** Σ price × hours (1 kW), exact. */
  readonly cost: Ratio;
  /** Time-weighted mean price per kWh, exact. */
  readonly averagePrice: Ratio;
  /** The minimum confidence of its parts [decision:confidence-minimum]. */
  readonly confidence: number;
}

/** A series interval clipped to the window, its price an integer at the common scale. */
export interface Piece {
  readonly start: number;
  readonly end: number;
  /** price × 10^scale, exact. */
  readonly p: bigint;
  /** The same as a float: exact whenever `Pieces.small` holds. */
  readonly pn: number;
  readonly source: CombinedInterval;
}

export interface Pieces {
  readonly pieces: Piece[];
  /** Prices are p × 10^-scale; costs in the search are price-units × ms. */
  readonly scale: number;
  readonly coveredMs: number;
  /** True when |p| × (window length in ms) × 4 < 2^53: every integral, difference and sum of
   * two that a search forms is an integer a float holds exactly, so floats may stand in for
   * bigints (the usual case: 4-decimal prices over 3 days stay below 2^42). */
  readonly small: boolean;
}

const HOUR_MS_N = BigInt(HOUR_MS);

export function fail(code: ScheduleFailureCode, message: string): ScheduleFailure {
  return { ok: false, code, message };
}

/** A failure for a window that is not an integer-ms [start, end) with end > start; else null. */
export function checkWindow(window: TimeWindow): ScheduleFailure | null {
  if (!Number.isSafeInteger(window.start) || !Number.isSafeInteger(window.end) || window.end <= window.start)
    return fail('time_range_invalid', 'window must be integer epoch ms with end after start');
  return null;
}

/** Index of the first interval ending after `t` (binary search; the series is sorted). */
function firstEndingAfter(series: readonly CombinedInterval[], t: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((series[mid] as CombinedInterval).end > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The series inside the window, clipped at its edges, with prices scaled to one integer scale. */
export function clipSeries(series: readonly CombinedInterval[], window: TimeWindow): Pieces {
  const from = firstEndingAfter(series, window.start);
  let to = from;
  let scale = 0;
  for (; to < series.length; to++) {
    const c = series[to] as CombinedInterval;
    if (c.start >= window.end) break;
    if (c.price.scale > scale) scale = c.price.scale;
  }
  const pieces: Piece[] = [];
  let coveredMs = 0;
  let maxAbs = 0;
  for (let k = from; k < to; k++) {
    const c = series[k] as CombinedInterval;
    if (c.end <= c.start) continue;
    const start = c.start > window.start ? c.start : window.start;
    const end = c.end < window.end ? c.end : window.end;
    const shift = scale - c.price.scale;
    const p = shift === 0 ? c.price.units : c.price.units * pow10n(shift);
    const pn = Number(p);
    pieces.push({ start, end, p, pn, source: c });
    coveredMs += end - start;
    if (pn > maxAbs) maxAbs = pn;
    else if (-pn > maxAbs) maxAbs = -pn;
  }
  const small = maxAbs * (window.end - window.start) * 4 < Number.MAX_SAFE_INTEGER;
  return { pieces, scale, coveredMs, small };
}

/** price-units × ms at `scale` as money for 1 kW: n / (10^scale × 3 600 000), unreduced
 * (compare with `compareRatios`; `formatRatio` and `roundRatio` need no reduced form). */
export function costRatio(units: bigint, scale: number): Ratio {
  return { n: units, d: pow10n(scale) * HOUR_MS_N };
}

/** price-units × ms over `ms` milliseconds as a mean price per kWh, unreduced. */
export function averageRatio(units: bigint, scale: number, ms: bigint): Ratio {
  return { n: units, d: pow10n(scale) * ms };
}

/** The exact cost of [s, s + D), or null when part of it has no price (O(n), for explanations). */
export function costAt(pieces: readonly Piece[], s: number, d: number): bigint | null {
  let total = 0n;
  let t = s;
  for (const q of pieces) {
    if (q.end <= t) continue;
    if (q.start > t) return null;
    const until = Math.min(q.end, s + d);
    total += q.p * BigInt(until - t);
    t = until;
    if (t === s + d) return total;
  }
  return null;
}

/** A piece's share [start, end) as a ChosenSlot. */
export function toChosenSlot(piece: Piece, start: number, end: number): ChosenSlot {
  return { start, end, price: piece.source.price, confidence: piece.source.confidence };
}

/** Merges touching slots (sorted, non-overlapping) into runs with exact cost and mean price. */
export function mergeSlots(slots: readonly ChosenSlot[]): MergedSlot[] {
  const out: MergedSlot[] = [];
  let k = 0;
  while (k < slots.length) {
    const first = slots[k] as ChosenSlot;
    let scale = 0;
    let m = k;
    while (
      m < slots.length &&
      (m === k || (slots[m] as ChosenSlot).start === (slots[m - 1] as ChosenSlot).end)
    ) {
      scale = Math.max(scale, (slots[m] as ChosenSlot).price.scale);
      m++;
    }
    let units = 0n;
    let confidence = Infinity;
    for (let q = k; q < m; q++) {
      const s = slots[q] as ChosenSlot;
      units += s.price.units * pow10n(scale - s.price.scale) * BigInt(s.end - s.start);
      confidence = Math.min(confidence, s.confidence);
    }
    const end = (slots[m - 1] as ChosenSlot).end;
    out.push({
      start: first.start,
      end,
      cost: costRatio(units, scale),
      averagePrice: averageRatio(units, scale, BigInt(end - first.start)),
      confidence,
    });
    k = m;
  }
  return out;
}
