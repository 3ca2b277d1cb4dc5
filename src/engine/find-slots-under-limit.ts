// Every part of a window priced on one side of a threshold [decision:relative-limit].
import type { CombinedInterval } from './combine-series.ts';
import {
  type Decimal,
  type DecimalInput,
  addDecimals,
  compareDecimals,
  multiplyDecimals,
  readDecimal,
  subtractDecimals,
} from './decimal.ts';
import type { TimeWindow } from './expand-tariff.ts';
import {
  type ChosenSlot,
  type MergedSlot,
  type ScheduleFailure,
  checkWindow,
  clipSeries,
  fail,
  mergeSlots,
  toChosenSlot,
} from './schedule-series.ts';

export interface LimitOptions {
  /** Price per kWh, major units; overrides `relative` when both are given. */
  readonly absolute?: DecimalInput;
  /** 0.01..1: the position in the window's min–max price range [decision:relative-limit]: T = min + r × (max − min). */
  readonly relative?: DecimalInput;
  /** Keep prices at or above the threshold (export, segment HIGH) instead of at or below it. */
  readonly maximise?: boolean;
}

export interface LimitChoice {
  readonly ok: true;
  /** The threshold applied, exact. */
  readonly threshold: Decimal;
  /** Kept time, touching parts merged, in time order (empty when nothing qualifies). */
  readonly slots: MergedSlot[];
  /** Kept time per series interval, in time order, with prices. */
  readonly parts: ChosenSlot[];
  /** Σ of the slots' lengths, ms. */
  readonly durationMs: number;
}

/**
 * The parts of `window` whose price is ≤ the threshold (≥ with `maximise`), inclusive on both
 * sides; holes are never kept. The relative threshold is read over the prices inside the window
 * (clipped intervals count whole, however short). Exact: Decimal comparisons.
 *
 * Fails with `time_range_invalid`; `relative_missing` (neither threshold); `absolute_invalid` /
 * `relative_invalid` (not a finite decimal; relative outside 0.01..1); `no_price_data` (no price
 * inside the window).
 */
export function findSlotsUnderLimit(
  series: readonly CombinedInterval[],
  window: TimeWindow,
  options: LimitOptions,
): LimitChoice | ScheduleFailure {
  const bad = checkWindow(window);
  if (bad) return bad;
  if (options.absolute === undefined && options.relative === undefined)
    return fail('relative_missing', 'give relative or absolute');
  const absolute = options.absolute === undefined ? undefined : readDecimal(options.absolute);
  if (absolute === null) return fail('absolute_invalid', 'absolute must be a finite number');
  const relative = options.relative === undefined ? undefined : readDecimal(options.relative);
  if (
    absolute === undefined &&
    (!relative ||
      compareDecimals(relative, { units: 1n, scale: 2 }) < 0 ||
      compareDecimals(relative, { units: 1n, scale: 0 }) > 0)
  )
    return fail('relative_invalid', 'relative must be between 0.01 and 1');

  const { pieces } = clipSeries(series, window);
  const first = pieces[0];
  if (!first) return fail('no_price_data', 'no price inside the window');
  let threshold: Decimal;
  if (absolute) threshold = absolute;
  else {
    let min = first.source.price;
    let max = min;
    for (const q of pieces) {
      if (compareDecimals(q.source.price, min) < 0) min = q.source.price;
      if (compareDecimals(q.source.price, max) > 0) max = q.source.price;
    }
    threshold = addDecimals(min, multiplyDecimals(relative as Decimal, subtractDecimals(max, min)));
  }

  const want = options.maximise ? 1 : -1;
  const parts: ChosenSlot[] = [];
  let durationMs = 0;
  for (const q of pieces) {
    const side = compareDecimals(q.source.price, threshold);
    if (side !== 0 && side !== want) continue;
    parts.push(toChosenSlot(q, q.start, q.end));
    durationMs += q.end - q.start;
  }
  return { ok: true, threshold, slots: mergeSlots(parts), parts, durationMs };
}
