// The fast path: a compiled tariff + market prices → a price series over a window.
// Walks local days; each day costs one table lookup for its plan and, unless a DST transition
// falls inside it, pure arithmetic for its boundaries. No per-interval rule scans, no per-interval
// Temporal calls.
import { DAY_MS, SECOND_MS, civilFromEpochDay, isoWeekdayOf } from './calendar.ts';
import { type CompiledRate, type CompiledTariff, dayPlanFor } from './compile-tariff.ts';
import { MarketColumns } from './market-columns.ts';
import { type MarketLadder, type MarketLadders, ladderAtDecimal, priceLadderAt } from './market-ladders.ts';
import {
  type MarketPrice,
  type PriceInterval,
  type PriceSeries,
  PriceSeriesBuilder,
} from './price-series.ts';
import { hasZoneTransitionBetween, localEpochDayOf, localToInstant, startOfLocalDay } from './time-zones.ts';

/** A half-open window [start, end) of UTC epoch ms. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** How `expandTariff` shapes its output; every field is optional. */
export interface ExpandOptions {
  /** Market prices, sorted and non-overlapping (or already in columns); used (and needed) only
   * by market tariffs. Where no market price covers an instant, the series has no interval: fill
   * forecasts in [decision:market-forecast] before. */
  readonly market?: readonly MarketPrice[] | MarketColumns;
  /** Cut the output on a fixed grid of this many ms (e.g. 900 000 for 15 minutes); absent = merged. */
  readonly resolutionMs?: number;
  /** A grid line, UTC epoch ms (default 0: whole UTC quarter-hours and hours). */
  readonly gridOriginMs?: number;
  /** Confidence of schedule-derived prices, 0–1 (default 1; [decision:contract-selection] extrapolation passes less). */
  readonly confidence?: number;
  /** Leave out instants outside [contract_start, contract_end) (default true). */
  readonly clipToContract?: boolean;
  /** Market ladders to reuse across calls (default: each call prices the ladders it meets). */
  readonly ladders?: MarketLadders;
}

/** The part of a window the tariff prices: the window, clipped to the contract unless told not to.
 * Throws RangeError for a window that is not finite or ends before it starts. */
export function effectiveWindow(
  tariff: { contractStart: number; contractEnd: number },
  window: TimeWindow,
  clip = true,
): TimeWindow {
  const { start, end } = window;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
    throw new RangeError(`window must be finite with start ≤ end, got [${start}, ${end})`);
  }
  return clip
    ? { start: Math.max(start, tariff.contractStart), end: Math.min(end, tariff.contractEnd) }
    : { start, end };
}

const isConfidence = (c: unknown): boolean => typeof c === 'number' && c >= 0 && c <= 1;

/** Throws RangeError unless the market prices are sorted, non-overlapping, non-empty intervals
 * with a Decimal price and a confidence in 0–1. */
export function checkMarketPrices(market: readonly MarketPrice[]): void {
  MarketColumns.from(market);
}

/** A per-expansion table of ladders of one rate, by market units at the columns' scale: dense
 * (indexed by units − minUnits) while the units span few values, else a map, or neither when
 * the shared MarketLadders serve as the map. */
interface LadderTable {
  readonly dense: (MarketLadder | undefined)[] | null;
  readonly sparse: Map<number, MarketLadder> | null;
}

/** A dense table while the units span at most this many values per market price (a year of
 * cents-per-MWh quarter-hours spans ~0.6 per price; a week of them ~15, so a map there). */
const DENSE_TABLE_SPREAD = 4;

/** Emits the market pieces of each schedule piece [a, b) with one rate. */
class MarketWalker {
  private next = 0;
  private rate: CompiledRate | null = null;
  private dense: (MarketLadder | undefined)[] | null = null;
  private sparse: Map<number, MarketLadder> | null = null;
  private readonly tables = new Map<CompiledRate, LadderTable>();

  constructor(
    private readonly market: MarketColumns,
    private readonly builder: PriceSeriesBuilder,
    private readonly confidence: number,
    private readonly ladders: MarketLadders | null,
  ) {}

  emit(a: number, b: number, rate: CompiledRate): void {
    const { starts, ends, confidences, length } = this.market;
    let j = this.next;
    while (j < length && (ends[j] as number) <= a) j++;
    this.next = j;
    if (rate !== this.rate) this.useRate(rate);
    for (; j < length; j++) {
      const s = starts[j] as number;
      if (s >= b) break;
      const e = ends[j] as number;
      const x = a > s ? a : s;
      const y = b < e ? b : e;
      if (x >= y) continue;
      const c = Math.min(this.confidence, confidences[j] as number);
      this.builder.add(x, y, c, this.ladderOf(rate, j));
    }
  }

  private useRate(rate: CompiledRate): void {
    let table = this.tables.get(rate);
    if (!table) {
      const { minUnits, maxUnits, length } = this.market;
      const span = maxUnits - minUnits + 1;
      // values spread thin: a map of this call's own, or none when the shared ladders are one
      table =
        span <= DENSE_TABLE_SPREAD * length + 64
          ? { dense: new Array<MarketLadder | undefined>(Math.max(0, span)), sparse: null }
          : { dense: null, sparse: this.ladders ? null : new Map() };
      this.tables.set(rate, table);
    }
    this.rate = rate;
    this.dense = table.dense;
    this.sparse = table.sparse;
  }

  private ladderOf(rate: CompiledRate, j: number): MarketLadder {
    const { market, dense } = this;
    const units = market.units[j] as number;
    if (dense !== null && units === units) {
      const k = units - market.minUnits;
      let ladder = dense[k];
      if (ladder === undefined) {
        ladder = this.priced(rate, units);
        dense[k] = ladder;
      }
      return ladder;
    }
    if (units !== units) {
      // not a safe integer at the common scale: the exact path, not kept in this call's table
      const value = market.valueAt(j);
      return this.ladders ? this.ladders.ladder(rate, value) : ladderAtDecimal(rate.tiers, value);
    }
    const { sparse } = this;
    if (sparse === null) return (this.ladders as MarketLadders).ladderAt(rate, units, market.scale);
    let ladder = sparse.get(units);
    if (ladder === undefined) {
      ladder = this.priced(rate, units);
      sparse.set(units, ladder);
    }
    return ladder;
  }

  private priced(rate: CompiledRate, units: number): MarketLadder {
    const { scale } = this.market;
    return this.ladders ? this.ladders.ladderAt(rate, units, scale) : priceLadderAt(rate.tiers, units, scale);
  }
}

/** Room for the intervals an expansion will likely write. */
function capacityFor(from: number, to: number, step: number | null, market: MarketColumns | null): number {
  const cells = step === null ? 0 : Math.ceil((to - from) / step) + 8;
  return Math.max(cells, market ? market.length + 8 : 64);
}

/**
 * Expands a compiled tariff into a price series over `window` (UTC epoch ms, half-open), in
 * columns (see PriceSeries; `expandTariff` gives the same as objects).
 *
 * - Schedule times are read on the wall clock of `tariff.timezone`, DST rule as in time-zones.ts
 *   (a repeated wall time takes its first occurrence; a skipped one moves to the clock change).
 * - Prices are exact Decimals in major units per kWh; `price` is the first tier [decision:tier-counter], `tiers`
 *   the whole ladder. Market tariffs: (market/1000 + surcharge_fixed) × (1 + surcharge_percentage)
 *   with market prices per MWh [decision:market-price-formula]; confidence is the minimum of the inputs' [decision:confidence-minimum].
 * - Output: sorted, non-overlapping, within the window ∩ contract; touching intervals with the
 *   same breakdown merged, or, with `resolutionMs`, additionally cut at every grid line.
 *   Instants outside the contract (unless `clipToContract: false`) or without a market price
 *   have no interval.
 */
export function expandTariffSeries(
  tariff: CompiledTariff,
  window: TimeWindow,
  options: ExpandOptions = {},
): PriceSeries {
  const { start: from, end: to } = effectiveWindow(tariff, window, options.clipToContract ?? true);
  const confidence = options.confidence ?? 1;
  if (!isConfidence(confidence)) throw new RangeError(`confidence must be in 0–1, got ${confidence}`);
  const step = options.resolutionMs ?? null;
  // an empty window (after clipping to the contract) has no interval and reads no market price
  if (from >= to) return new PriceSeriesBuilder(step, options.gridOriginMs ?? 0, 0).finishSeries();
  let market: MarketColumns | null = null;
  if (tariff.marketRates) {
    const given = options.market ?? [];
    market = given instanceof MarketColumns ? given : MarketColumns.from(given);
  }
  const builder = new PriceSeriesBuilder(
    step,
    options.gridOriginMs ?? 0,
    capacityFor(from, to, step, market),
  );
  const walker = market ? new MarketWalker(market, builder, confidence, options.ladders ?? null) : null;
  const zone = tariff.timezone;
  let day = localEpochDayOf(zone, from);
  let dayStart = startOfLocalDay(zone, day);
  while (dayStart < to) {
    const nextStart = startOfLocalDay(zone, day + 1);
    if (nextStart > dayStart && nextStart > from) {
      const date = civilFromEpochDay(day);
      const { bounds, rates } = dayPlanFor(tariff, date.month, date.day, isoWeekdayOf(day));
      // 24 h with no offset change inside: wall clock = dayStart + elapsed (a day whose midnight
      // is skipped starts at the clock change and is shorter, so it takes the careful path)
      const uniform = nextStart - dayStart === DAY_MS && !hasZoneTransitionBetween(zone, dayStart, nextStart);
      const midnight = day * DAY_MS;
      let s = dayStart;
      for (let i = 0; i < rates.length && s < to; i++) {
        const rate = rates[i] as CompiledRate;
        const bound = (bounds[i + 1] ?? 0) * SECOND_MS;
        const e =
          i + 1 === rates.length
            ? nextStart
            : uniform
              ? dayStart + bound
              : localToInstant(zone, midnight + bound);
        const a = s > from ? s : from;
        const b = e < to ? e : to;
        if (a < b) {
          if (walker) walker.emit(a, b, rate);
          else if (rate.breakdown) builder.add(a, b, confidence, rate.breakdown);
        }
        s = e;
      }
    }
    day += 1;
    dayStart = nextStart;
  }
  return builder.finishSeries();
}

/** `expandTariffSeries` as PriceInterval objects. */
export function expandTariff(
  tariff: CompiledTariff,
  window: TimeWindow,
  options: ExpandOptions = {},
): PriceInterval[] {
  return expandTariffSeries(tariff, window, options).toIntervals();
}
