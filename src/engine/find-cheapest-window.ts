// The best start for one contiguous run of a fixed length inside a window (issue 5).
//
// Why a linear sweep is exact. For a start s, the run's cost C(s) = ∫ price over [s, s + D). On a
// piecewise-constant series C is continuous and piecewise linear in s, with slope
// price(s + D) − price(s); its slope changes only where s or s + D crosses a price boundary.
// Where the run may go (no hole under it) is a union of closed intervals [a, b − D], one per
// hole-free stretch [a, b) of the window. A piecewise-linear function reaches its minimum and
// maximum over a closed interval at a kink or an end, so the optimum lies among the starts where
// the run begins or ends at a boundary or window edge: s ∈ B ∪ (B − D). With equal costs the
// earliest (latest) optimal start is also such a point: it is the left (right) end of a flat
// piece. The sweep visits these ≤ 2n candidates in time order, two pointers, O(n), and evaluates
// C exactly by prefix integrals in integer price-units × ms: floats while they provably stay below
// 2^53 (Pieces.small), bigints otherwise.
import type { CombinedInterval } from './combine-series.ts';
import type { TimeWindow } from './expand-tariff.ts';
import type { Ratio } from './ratio.ts';
import {
  type ChosenSlot,
  type Piece,
  type ScheduleFailure,
  type TieRule,
  averageRatio,
  checkWindow,
  costAt,
  clipSeries,
  costRatio,
  fail,
  toChosenSlot,
} from './schedule-series.ts';

export interface FindWindowOptions {
  /** Most expensive instead of cheapest (export, or segment HIGH). Default false. */
  readonly maximise?: boolean;
  /** Which of several equally good starts wins. Default 'earliest'. */
  readonly tie?: TieRule;
}

/** One possible run [start, end) and what it costs. */
export interface RunCost {
  readonly start: number;
  readonly end: number;
  /** Σ price × hours (money for 1 kW), exact. */
  readonly cost: Ratio;
  /** cost ÷ hours, per kWh, exact. */
  readonly averagePrice: Ratio;
}

export interface ContiguousChoice extends RunCost {
  readonly ok: true;
  /** The minimum confidence under the run [decision:confidence-minimum]. */
  readonly confidence: number;
  /** The parts of the run, one per series interval, in time order, with their prices. */
  readonly slots: ChosenSlot[];
  /** Run at once: the run starting at the window's start, or null when a hole lies under it. */
  readonly runAtOnce: RunCost | null;
  /** The worst start (the most expensive, or the cheapest when maximising). */
  readonly worst: RunCost;
  /** The best start whose run does not overlap the chosen one, or null when none fits. */
  readonly alternative: RunCost | null;
}

/** The candidate starts (see the header) in increasing time, each with the pieces i and j that
 * hold its first and its last instant: start_i ≤ s < end_i and start_j < s + D ≤ end_j. */
interface Candidates {
  readonly count: number;
  readonly s: Float64Array;
  readonly i: Int32Array;
  readonly j: Int32Array;
}

function sweep(pieces: readonly Piece[], d: number): Candidates {
  const size = 2 * pieces.length + 2;
  const cs = new Float64Array(size);
  const ci = new Int32Array(size);
  const cj = new Int32Array(size);
  let count = 0;
  let k0 = 0;
  while (k0 < pieces.length) {
    // The hole-free stretch [a, b) of pieces k0..k1.
    let k1 = k0;
    while (k1 + 1 < pieces.length && (pieces[k1 + 1] as Piece).start === (pieces[k1] as Piece).end) k1++;
    const a = (pieces[k0] as Piece).start;
    const b = (pieces[k1] as Piece).end;
    if (b - a >= d) {
      let i = k0;
      let j = k0;
      let s = a;
      while ((pieces[j] as Piece).end < s + d) j++;
      for (;;) {
        cs[count] = s;
        ci[count] = i;
        cj[count] = j;
        count++;
        if (s + d >= b) break;
        if ((pieces[j] as Piece).end === s + d) j++;
        const endI = (pieces[i] as Piece).end;
        s = Math.min(endI, (pieces[j] as Piece).end - d);
        if (endI === s) i++;
      }
    }
    k0 = k1 + 1;
  }
  return { count, s: cs, i: ci, j: cj };
}

/** The exact cost C(s) = F(s + D) − F(s) of every candidate, F the prefix integral from the first
 * piece's start; floats when `small` (exact, see Pieces.small), else bigints. */
function candidateCosts(
  pieces: readonly Piece[],
  c: Candidates,
  d: number,
  small: boolean,
): readonly (number | bigint)[] {
  if (small) {
    const f = new Float64Array(pieces.length + 1);
    for (let k = 0; k < pieces.length; k++) {
      const q = pieces[k] as Piece;
      f[k + 1] = (f[k] as number) + q.pn * (q.end - q.start);
    }
    const out: number[] = new Array<number>(c.count);
    for (let k = 0; k < c.count; k++) {
      const s = c.s[k] as number;
      const i = c.i[k] as number;
      const j = c.j[k] as number;
      const qi = pieces[i] as Piece;
      const qj = pieces[j] as Piece;
      out[k] = (f[j] as number) + qj.pn * (s + d - qj.start) - (f[i] as number) - qi.pn * (s - qi.start);
    }
    return out;
  }
  const f: bigint[] = [0n];
  let acc = 0n;
  for (const q of pieces) f.push((acc += q.p * BigInt(q.end - q.start)));
  const out: bigint[] = [];
  for (let k = 0; k < c.count; k++) {
    const s = c.s[k] as number;
    const qi = pieces[c.i[k] as number] as Piece;
    const qj = pieces[c.j[k] as number] as Piece;
    const fi = f[c.i[k] as number] as bigint;
    const fj = f[c.j[k] as number] as bigint;
    out.push(fj + qj.p * BigInt(s + d - qj.start) - fi - qi.p * BigInt(s - qi.start));
  }
  return out;
}

/** Index of the best (or, with `worst`, the worst) candidate by the tie rule. */
function pick<T extends number | bigint>(costs: readonly T[], maximise: boolean, latest: boolean): number {
  let best = 0;
  let b = costs[0] as T;
  for (let k = 1; k < costs.length; k++) {
    const c = costs[k] as T;
    if (maximise ? c > b || (latest && c === b) : c < b || (latest && c === b)) {
      best = k;
      b = c;
    }
  }
  return best;
}

function runCost(start: number, d: number, units: bigint, scale: number): RunCost {
  return {
    start,
    end: start + d,
    cost: costRatio(units, scale),
    averagePrice: averageRatio(units, scale, BigInt(d)),
  };
}

/** The best start whose run ends by `start` or begins at `end` (besides the candidates, the edges
 * start − D and end are the only new extreme points), or null. */
function bestApart<T extends number | bigint>(
  pieces: readonly Piece[],
  window: TimeWindow,
  c: Candidates,
  costs: readonly T[],
  d: number,
  start: number,
  options: FindWindowOptions,
): { s: number; c: bigint } | null {
  const starts: number[] = [];
  const values: bigint[] = [];
  let best: number | null = null;
  for (let k = 0; k < c.count; k++) {
    const s = c.s[k] as number;
    if (s + d > start && s < start + d) continue;
    if (best === null) best = k;
    else {
      const x = costs[k] as T;
      const y = costs[best] as T;
      if (options.maximise ? x > y : x < y) best = k;
      else if (x === y && options.tie === 'latest') best = k;
    }
  }
  if (best !== null) {
    starts.push(c.s[best] as number);
    values.push(BigInt(costs[best] as T));
  }
  for (const s of [start - d, start + d]) {
    if (s < window.start || s + d > window.end) continue;
    const v = costAt(pieces, s, d);
    if (v !== null) {
      starts.push(s);
      values.push(v);
    }
  }
  if (starts.length === 0) return null;
  const order = starts.map((_, k) => k).sort((x, y) => (starts[x] as number) - (starts[y] as number));
  const ranked = pick(
    order.map((k) => values[k] as bigint),
    options.maximise === true,
    options.tie === 'latest',
  );
  const k = order[ranked] as number;
  return { s: starts[k] as number, c: values[k] as bigint };
}

/**
 * The best start for a contiguous run of `durationMs` inside `window` over a sorted,
 * non-overlapping price series (holes allowed: a run never covers one). Cheapest by default,
 * most expensive with `maximise`; equal costs go to the earliest start, or the latest with
 * `tie: 'latest'`. The run may start or end inside a series interval (partial first and last
 * slots). Exact: costs are integer price-units × ms. O(n) in the intervals inside the window.
 *
 * Fails with `time_range_invalid` (window not integer ms with end > start), `duration_invalid`
 * (not a positive integer of ms, or longer than the window), `no_price_data` (no hole-free
 * stretch of the window is as long as the run).
 */
export function findCheapestContiguous(
  series: readonly CombinedInterval[],
  window: TimeWindow,
  durationMs: number,
  options: FindWindowOptions = {},
): ContiguousChoice | ScheduleFailure {
  const bad = checkWindow(window);
  if (bad) return bad;
  if (!Number.isSafeInteger(durationMs) || durationMs <= 0 || durationMs > window.end - window.start)
    return fail('duration_invalid', 'duration must be a positive number of ms no longer than the window');
  const { pieces, scale, small } = clipSeries(series, window);
  const candidates = sweep(pieces, durationMs);
  if (candidates.count === 0)
    return fail('no_price_data', 'the window has no priced stretch as long as the duration');
  const costs = candidateCosts(pieces, candidates, durationMs, small);
  const maximise = options.maximise === true;
  const best = pick(costs, maximise, options.tie === 'latest');
  const worst = pick(costs, !maximise, false);
  const start = candidates.s[best] as number;
  const end = start + durationMs;
  const alt = bestApart(pieces, window, candidates, costs, durationMs, start, options);

  const slots: ChosenSlot[] = [];
  let confidence = Infinity;
  for (let k = candidates.i[best] as number; k < pieces.length; k++) {
    const q = pieces[k] as Piece;
    if (q.start >= end) break;
    slots.push(toChosenSlot(q, Math.max(q.start, start), Math.min(q.end, end)));
    confidence = Math.min(confidence, q.source.confidence);
  }
  const first = candidates.s[0] as number;
  return {
    ok: true,
    ...runCost(start, durationMs, BigInt(costs[best] as number | bigint), scale),
    confidence,
    slots,
    runAtOnce:
      first === window.start ? runCost(first, durationMs, BigInt(costs[0] as number | bigint), scale) : null,
    worst: runCost(candidates.s[worst] as number, durationMs, BigInt(costs[worst] as number | bigint), scale),
    alternative: alt ? runCost(alt.s, durationMs, alt.c, scale) : null,
  };
}
