// Moving a known amount of energy at a device's full power before a deadline [decision:amount-schedules],
// for one device; the API allocates devices in request order under the site's limit.
//
// Time needed = energy ÷ power hours, exact (10 kWh at 7 kW is 36 000 000 / 7 ms). The cheapest
// way to run that long is the split selection of find-cheapest-slots: periods in price order,
// the marginal one trimmed in time at full power. Among equal prices the earlier period goes
// first and the marginal period keeps its beginning, so of all the cheapest schedules this one
// finishes earliest. Shaving (a price cap, or a floor for export) drops periods before choosing.
import { HOUR_MS } from './calendar.ts';
import type { CombinedInterval } from './combine-series.ts';
import { type DecimalInput, compareDecimals, pow10n, readDecimal } from './decimal.ts';
import type { TimeWindow } from './expand-tariff.ts';
import { type ExactNumber, type Ratio, multiplyRatios, ratioOf, reduceRatio } from './ratio.ts';
import { type Piece, type ScheduleFailure, checkWindow, clipSeries, fail } from './schedule-series.ts';

export interface AmountOptions {
  /** Energy to move, kWh (> 0). */
  readonly energyKwh: ExactNumber;
  /** The device's full power, kW (> 0). */
  readonly powerKw: ExactNumber;
  /** Export: the most valuable periods first; shaving keeps prices ≥ `limit`. Default false. */
  readonly maximise?: boolean;
  /** Shaving threshold per kWh: import keeps prices ≤ it, export keeps prices ≥ it. */
  readonly limit?: DecimalInput;
}

/** Running at full power over [start, end). */
export interface AmountSlot {
  readonly start: number;
  /** The exact end (epoch ms, a Ratio when the marginal trim falls between milliseconds). */
  readonly endExact: Ratio;
  /** `endExact` rounded to the nearest ms, half up: for display. */
  readonly end: number;
  readonly energyKwh: Ratio;
  /** Touching slots are merged: the minimum confidence of their periods. */
  readonly confidence: number;
}

export interface AmountSchedule {
  readonly ok: true;
  /** False when the window (after shaving) holds too little priced time: partial delivery [decision:amount-schedules]. */
  readonly complete: boolean;
  /** The energy scheduled, kWh: the request, or less when not complete. */
  readonly energyKwh: Ratio;
  /** The running time, ms, exact. */
  readonly durationMs: Ratio;
  /** Time order, touching periods merged. */
  readonly schedule: AmountSlot[];
  /** Σ energy × price, major units (revenue for export), exact. */
  readonly cost: Ratio;
  readonly confidence: number;
  /** Run at once: the same energy from the window's start, unshaved; null over a hole. */
  readonly baselineCost: Ratio | null;
  /** baseline − cost (export: cost − baseline); null without a baseline. */
  readonly savings: Ratio | null;
  /** 100 × savings ÷ |baseline|; null without a baseline or when it is 0. */
  readonly savingsPercentage: Ratio | null;
}

const HOUR_MS_N = BigInt(HOUR_MS);

const positive = (x: ExactNumber): Ratio | null => {
  const r = ratioOf(x);
  return r.n > 0n ? r : null;
};

/** ∫ price over [s, s + length) in price-units × ms (length a Ratio of ms), or null over a hole. */
function integralFrom(pieces: readonly Piece[], s: number, length: Ratio): Ratio | null {
  let n = 0n;
  let t = s;
  for (const q of pieces) {
    if (q.end <= t) continue;
    if (q.start > t) return null;
    const left = { n: length.n - BigInt(t - s) * length.d, d: length.d };
    if (left.n <= BigInt(q.end - t) * left.d) return { n: n * left.d + q.p * left.n, d: left.d };
    n += q.p * BigInt(q.end - t);
    t = q.end;
  }
  return length.n === 0n ? { n: 0n, d: 1n } : null;
}

/**
 * Schedules `energyKwh` at `powerKw` inside `window` ([start, deadline)) on the cheapest priced
 * time (the most valuable with `maximise`), exact, earliest finish among equal costs. Fails with
 * `time_range_invalid`, `energy_invalid`, `max_power_invalid`, or `no_price_data` (no price at
 * all in the window); too little priced time is not a failure but a partial schedule.
 */
export function scheduleAmount(
  series: readonly CombinedInterval[],
  window: TimeWindow,
  options: AmountOptions,
): AmountSchedule | ScheduleFailure {
  const bad = checkWindow(window);
  if (bad) return bad;
  const energy = positive(options.energyKwh);
  if (!energy) return fail('energy_invalid', 'energy must be greater than 0');
  const power = positive(options.powerKw);
  if (!power) return fail('max_power_invalid', 'power must be greater than 0');
  const limit = options.limit === undefined ? undefined : readDecimal(options.limit);
  if (limit === null) return fail('absolute_invalid', 'the shaving threshold must be a finite number');
  const { pieces, scale } = clipSeries(series, window);
  if (pieces.length === 0) return fail('no_price_data', 'no price inside the window');

  const sign = options.maximise ? -1 : 1;
  const kept = limit
    ? pieces.filter((q) => compareDecimals(q.source.price, limit) * sign <= 0)
    : pieces.slice();
  kept.sort((x, y) => (x.p !== y.p ? (x.p < y.p ? -sign : sign) : x.start - y.start));

  // needed = energy ÷ power hours, in ms: a Ratio over one common denominator.
  const needed = { n: energy.n * power.d * HOUR_MS_N, d: energy.d * power.n };
  let takenN = 0n; // ms × needed.d
  let units = 0n; // price-units × ms × needed.d
  const chosen: { start: number; endN: bigint; piece: Piece }[] = [];
  for (const q of kept) {
    const left = needed.n - takenN;
    if (left <= 0n) break;
    const length = BigInt(q.end - q.start) * needed.d;
    const part = left < length ? left : length;
    chosen.push({ start: q.start, endN: BigInt(q.start) * needed.d + part, piece: q });
    units += q.p * part;
    takenN += part;
  }
  chosen.sort((x, y) => x.start - y.start);

  const d = needed.d;
  const toKwh = (ms: bigint): Ratio => reduceRatio(multiplyRatios({ n: ms, d: d * HOUR_MS_N }, power));
  const schedule: AmountSlot[] = [];
  let confidence = Infinity;
  for (const c of chosen) {
    confidence = Math.min(confidence, c.piece.source.confidence);
    const last = schedule[schedule.length - 1];
    const startN = BigInt(c.start) * d;
    const merge = last !== undefined && last.endExact.n * d === startN * last.endExact.d;
    const from = merge ? last.start : c.start;
    const energyN = c.endN - BigInt(from) * d;
    const slot: AmountSlot = {
      start: from,
      endExact: reduceRatio({ n: c.endN, d }),
      end: Number((2n * c.endN + d) / (2n * d)),
      energyKwh: toKwh(energyN),
      confidence: merge ? Math.min(last.confidence, c.piece.source.confidence) : c.piece.source.confidence,
    };
    if (merge) schedule[schedule.length - 1] = slot;
    else schedule.push(slot);
  }

  const money = (r: Ratio): Ratio =>
    reduceRatio(multiplyRatios({ n: r.n, d: r.d * pow10n(scale) * HOUR_MS_N }, power));
  const cost = money({ n: units, d });
  const base = integralFrom(pieces, window.start, { n: takenN, d });
  const baselineCost = base ? money(base) : null;
  let savings: Ratio | null = null;
  let savingsPercentage: Ratio | null = null;
  if (baselineCost) {
    const diff = baselineCost.n * cost.d - cost.n * baselineCost.d;
    savings = reduceRatio({ n: BigInt(sign) * diff, d: baselineCost.d * cost.d });
    if (baselineCost.n !== 0n) {
      const abs = baselineCost.n < 0n ? -baselineCost.n : baselineCost.n;
      savingsPercentage = reduceRatio({ n: 100n * savings.n * baselineCost.d, d: savings.d * abs });
    }
  }
  return {
    ok: true,
    complete: takenN === needed.n,
    energyKwh: toKwh(takenN),
    durationMs: reduceRatio({ n: takenN, d }),
    schedule,
    cost,
    confidence: chosen.length ? confidence : 1,
    baselineCost,
    savings,
    savingsPercentage,
  };
}
