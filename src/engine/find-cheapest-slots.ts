// The cheapest time adding up to a duration, in as many separate slots as it takes (issue 5: a "split run").
//
// Why sorting is exact. Any set of instants of total length D costs Σ price × length, so the
// cheapest set takes the cheapest instants first: sort the priced pieces of the window by price
// and take them until D is reached, the last one in part (a partial slot at the margin). Negative
// prices sort first, so a split run takes them all before anything else. With equal prices the
// tie rule orders by time: 'earliest' takes earlier pieces first and the beginning of the
// marginal piece; 'latest' takes later pieces first and the end of the marginal piece. Costs are
// integer price-units × ms (bigint), so ties are exact.
import type { CombinedInterval } from './combine-series.ts';
import type { TimeWindow } from './expand-tariff.ts';
import type { RunCost } from './find-cheapest-window.ts';
import type { Ratio } from './ratio.ts';
import {
  type ChosenSlot,
  type Piece,
  type ScheduleFailure,
  type TieRule,
  averageRatio,
  checkWindow,
  clipSeries,
  costAt,
  costRatio,
  fail,
  toChosenSlot,
} from './schedule-series.ts';

export interface FindSlotsOptions {
  /** Most expensive instead of cheapest (export, or segment HIGH). Default false. */
  readonly maximise?: boolean;
  /** Which of equally priced instants go first. Default 'earliest'. */
  readonly tie?: TieRule;
  /**
   * Whole periods (the documentation's reading, kept beside Offpeak's exact one, [decision:duration-selection]): take whole priced
   * periods in price order until they add up to at least the duration, never trimming the last
   * one. Default false: exactly the duration, the marginal period trimmed.
   */
  readonly whole?: boolean;
  /** Cut periods at every grid line `gridOriginMs + k × gridMs` first, so that chosen slots and
   * `whole` periods are never longer than a grid cell (e.g. 900 000 for a device switched in
   * quarter-hours). Default: no grid. */
  readonly gridMs?: number;
  readonly gridOriginMs?: number;
}

export interface SplitChoice {
  readonly ok: true;
  /** The chosen slots in time order, one per priced period (touching slots are not merged;
   * `mergeSlots` does that for output). */
  readonly slots: ChosenSlot[];
  /** The chosen time: the duration, or more with `whole`. */
  readonly durationMs: number;
  /** Σ price × hours (money for 1 kW), exact. */
  readonly cost: Ratio;
  /** cost ÷ hours of the chosen time, per kWh, exact. */
  readonly averagePrice: Ratio;
  readonly confidence: number;
  /** Run at once: the same duration contiguous from the window's start; null over a hole. */
  readonly runAtOnce: RunCost | null;
}

function cutAtGrid(pieces: readonly Piece[], step: number, origin: number): Piece[] {
  const out: Piece[] = [];
  for (const q of pieces) {
    let s = q.start;
    while (s < q.end) {
      const next = origin + (Math.floor((s - origin) / step) + 1) * step;
      const e = Math.min(next, q.end);
      out.push({ start: s, end: e, p: q.p, pn: q.pn, source: q.source });
      s = e;
    }
  }
  return out;
}

/** Pieces in the order they are taken: by price × sign, then by time (reversed for 'latest').
 * When floats are exact, each piece is one number price × n + rank in time, sorted natively. */
function rank(pieces: readonly Piece[], sign: number, latest: boolean, small: boolean): Piece[] {
  const n = pieces.length;
  let maxAbs = 0;
  for (const q of pieces) maxAbs = Math.max(maxAbs, Math.abs(q.pn));
  if (small && (maxAbs + 1) * (n + 1) < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = (pieces[k] as Piece).pn * sign * n + (latest ? n - 1 - k : k);
    keys.sort();
    const out: Piece[] = new Array<Piece>(n);
    for (let k = 0; k < n; k++) {
      const key = keys[k] as number;
      const t = key - Math.floor(key / n) * n;
      out[k] = pieces[latest ? n - 1 - t : t] as Piece;
    }
    return out;
  }
  return pieces
    .slice()
    .sort((x, y) =>
      x.p !== y.p ? (x.p < y.p ? -sign : sign) : latest ? y.start - x.start : x.start - y.start,
    );
}

/**
 * The cheapest (or, with `maximise`, the most valuable) set of instants inside `window` that adds
 * up to `durationMs`, over a sorted, non-overlapping price series; holes are never chosen.
 * Exact; O(n log n) in the periods inside the window.
 *
 * Fails with `time_range_invalid`, `duration_invalid` (not a positive integer of ms, or longer
 * than the window), `no_price_data` (the priced time in the window is shorter than the duration).
 */
export function findCheapestSlots(
  series: readonly CombinedInterval[],
  window: TimeWindow,
  durationMs: number,
  options: FindSlotsOptions = {},
): SplitChoice | ScheduleFailure {
  const bad = checkWindow(window);
  if (bad) return bad;
  if (!Number.isSafeInteger(durationMs) || durationMs <= 0 || durationMs > window.end - window.start)
    return fail('duration_invalid', 'duration must be a positive number of ms no longer than the window');
  const grid = options.gridMs;
  if (grid !== undefined && !(Number.isSafeInteger(grid) && grid > 0))
    return fail('duration_invalid', 'gridMs must be a positive integer of ms');
  const clipped = clipSeries(series, window);
  if (clipped.coveredMs < durationMs)
    return fail('no_price_data', 'the window has less priced time than the duration');
  const { scale } = clipped;
  const pieces = grid ? cutAtGrid(clipped.pieces, grid, options.gridOriginMs ?? 0) : clipped.pieces;

  const sign = options.maximise ? -1 : 1;
  const latest = options.tie === 'latest';
  const order = rank(pieces, sign, latest, clipped.small);

  const chosen: ChosenSlot[] = [];
  let units = 0n;
  let taken = 0;
  let confidence = Infinity;
  for (const q of order) {
    if (taken >= durationMs) break;
    const length = q.end - q.start;
    const part = options.whole ? length : Math.min(length, durationMs - taken);
    const start = latest ? q.end - part : q.start;
    chosen.push(toChosenSlot(q, start, start + part));
    units += q.p * BigInt(part);
    taken += part;
    confidence = Math.min(confidence, q.source.confidence);
  }
  chosen.sort((x, y) => x.start - y.start);
  const atOnce = costAt(clipped.pieces, window.start, durationMs);
  return {
    ok: true,
    slots: chosen,
    durationMs: taken,
    cost: costRatio(units, scale),
    averagePrice: averageRatio(units, scale, BigInt(taken)),
    confidence,
    runAtOnce:
      atOnce === null
        ? null
        : {
            start: window.start,
            end: window.start + durationMs,
            cost: costRatio(atOnce, scale),
            averagePrice: averageRatio(atOnce, scale, BigInt(durationMs)),
          },
  };
}
