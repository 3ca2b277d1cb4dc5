// Price series: the engine's output intervals, how neighbours merge, grid cutting, and the
// output helpers that round (the only place where a price is rounded, [decision:money-rounding]).
import { type Decimal, decimalToNumber, decimalsEqual, roundDecimal } from './decimal.ts';
import { floorMod } from './calendar.ts';

/** One rung of the price ladder that applies in an interval ([decision:tier-counter]: kWh per local calendar month). */
export interface TierPrice {
  /** First kWh of the month's consumption this tier applies to (0 for the first tier). */
  readonly fromKwh: Decimal;
  /** Exclusive upper bound in kWh; null = no bound. */
  readonly toKwh: Decimal | null;
  /** Price in major currency units per kWh: `market + fixed + percentage`. */
  readonly price: Decimal;
  /** The fixed component per kWh: `fixed` for a schedule rate, `surcharge_fixed` for a market one. */
  readonly fixed: Decimal;
  /** What `surcharge_percentage` adds per kWh: (market + surcharge_fixed) × surcharge_percentage; 0 otherwise. */
  readonly percentage: Decimal;
}

/** A half-open interval [start, end) of UTC epoch ms with one price. */
export interface PriceInterval {
  readonly start: number;
  readonly end: number;
  /** The first tier's price, major units per kWh (what `/prices` reports, [decision:tier-counter]). */
  readonly price: Decimal;
  /** 0–1; the minimum of the inputs' confidences [decision:confidence-minimum]. */
  readonly confidence: number;
  /** Market price in major units per kWh for market tariffs, else null. */
  readonly market: Decimal | null;
  /** The whole ladder; `tiers[0].price` equals `price`. */
  readonly tiers: readonly TierPrice[];
}

/** A published market price: [start, end) in UTC epoch ms, value per MWh as published [decision:market-price-formula]. */
export interface MarketPrice {
  readonly start: number;
  readonly end: number;
  readonly pricePerMwh: Decimal;
  readonly confidence: number;
}

/**
 * What an interval pays: the first tier's price, the market part and the whole ladder. The engine
 * shares one breakdown object between all the intervals that pay it (a schedule rate's, or a
 * market ladder's); a PriceInterval is a breakdown too.
 */
export interface PriceBreakdown {
  readonly price: Decimal;
  readonly market: Decimal | null;
  readonly tiers: readonly TierPrice[];
  /** Market ladders only: the market value as `marketUnits × 10^-marketScale` (marketUnits a safe
   * integer, or NaN when unknown), so that two ladders are told apart without their Decimals. */
  readonly marketUnits?: number;
  readonly marketScale?: number;
}

/** The concrete PriceInterval the engine creates: one class keeps every interval the same shape. */
class Interval implements PriceInterval {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly price: Decimal,
    readonly confidence: number,
    readonly market: Decimal | null,
    readonly tiers: readonly TierPrice[],
  ) {}
}

/** An interval that reads its price from a shared breakdown whose Decimals are made when first
 * read (a market ladder): making 35,040 of these makes no Decimal. */
class BreakdownInterval implements PriceInterval {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly confidence: number,
    private readonly breakdown: PriceBreakdown,
  ) {}

  get price(): Decimal {
    return this.breakdown.price;
  }

  get market(): Decimal | null {
    return this.breakdown.market;
  }

  get tiers(): readonly TierPrice[] {
    return this.breakdown.tiers;
  }
}

/** Creates an interval of the engine's own shape (so that series from different code compare equal). */
export function createPriceInterval(
  start: number,
  end: number,
  price: Decimal,
  confidence: number,
  market: Decimal | null,
  tiers: readonly TierPrice[],
): PriceInterval {
  return new Interval(start, end, price, confidence, market, tiers);
}

function sameTiers(a: readonly TierPrice[], b: readonly TierPrice[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) return false;
    if (x === y) continue;
    if (!decimalsEqual(x.price, y.price) || !decimalsEqual(x.fixed, y.fixed)) return false;
    if (!decimalsEqual(x.percentage, y.percentage) || !decimalsEqual(x.fromKwh, y.fromKwh)) return false;
    if (x.toKwh === null || y.toKwh === null ? x.toKwh !== y.toKwh : !decimalsEqual(x.toKwh, y.toKwh))
      return false;
  }
  return true;
}

function sameMarket(a: Decimal | null, b: Decimal | null): boolean {
  return a === null || b === null ? a === b : decimalsEqual(a, b);
}

/** True when two breakdowns are equal in market value and every tier. */
function sameBreakdown(a: PriceBreakdown, b: PriceBreakdown): boolean {
  if (a === b) return true;
  // two market ladders with different market values at one scale: no need to make their Decimals
  if (a.marketScale !== undefined && a.marketScale === b.marketScale) {
    const x = a.marketUnits as number;
    const y = b.marketUnits as number;
    if (x === x && y === y && x !== y) return false;
  }
  // the market first: between market pieces it is what usually differs, and it is one field
  return sameMarket(a.market, b.market) && sameTiers(a.tiers, b.tiers);
}

/** True when two intervals carry the same price breakdown: confidence, market and every tier. */
export function samePriceBreakdown(a: PriceInterval, b: PriceInterval): boolean {
  return a.confidence === b.confidence && sameBreakdown(a, b);
}

/**
 * A price series in columns: interval i is [starts[i], ends[i]) with confidences[i] and
 * breakdowns[i] (shared objects, see PriceBreakdown). What `expandTariffSeries` returns: a year of
 * quarter-hours is three typed arrays and one array of references, not 35,040 objects.
 * `toIntervals()` gives the same series as PriceInterval objects.
 */
export class PriceSeries {
  constructor(
    readonly length: number,
    readonly starts: Float64Array,
    readonly ends: Float64Array,
    readonly confidences: Float64Array,
    readonly breakdowns: readonly PriceBreakdown[],
  ) {}

  /** Interval i as a PriceInterval (a new object). */
  at(i: number): PriceInterval {
    const b = this.breakdowns[i];
    if (b === undefined || i < 0) throw new RangeError(`no interval ${i} in a series of ${this.length}`);
    if (b.marketScale !== undefined) {
      return new BreakdownInterval(
        this.starts[i] as number,
        this.ends[i] as number,
        this.confidences[i] as number,
        b,
      );
    }
    return new Interval(
      this.starts[i] as number,
      this.ends[i] as number,
      b.price,
      this.confidences[i] as number,
      b.market,
      b.tiers,
    );
  }

  toIntervals(): PriceInterval[] {
    const out = new Array<PriceInterval>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i);
    return out;
  }

  /** Total length in ms covered inside [start, end) (the series is sorted and non-overlapping). */
  coveredMs(start: number, end: number): number {
    let total = 0;
    for (let i = 0; i < this.length; i++) {
      const a = this.starts[i] as number;
      const b = this.ends[i] as number;
      if (b > start && a < end) total += Math.min(end, b) - Math.max(start, a);
    }
    return total;
  }
}

const EMPTY_BREAKDOWN: PriceBreakdown = { price: { units: 0n, scale: 0 }, market: null, tiers: [] };

/**
 * Collects pieces in time order, merges touching neighbours with the same confidence and
 * breakdown, and, when a grid step is set, cuts the merged intervals at every grid line
 * `origin + k × step`. Writes columns; `finishSeries()` hands them over as a PriceSeries.
 */
export class PriceSeriesBuilder {
  private starts: Float64Array;
  private ends: Float64Array;
  private confidences: Float64Array;
  private breakdowns: PriceBreakdown[];
  private length = 0;
  private pending = false;
  private finished = false;
  private start = 0;
  private end = 0;
  private confidence = 0;
  private breakdown: PriceBreakdown = EMPTY_BREAKDOWN;

  /** `capacity`: intervals to make room for at first, up to 65,536 (the columns grow as needed). */
  constructor(
    private readonly step: number | null = null,
    private readonly origin = 0,
    capacity = 64,
  ) {
    if (step !== null && !(Number.isInteger(step) && step > 0))
      throw new RangeError(`grid step must be a positive integer of ms, got ${step}`);
    const room = Math.max(16, Math.min(capacity, 1 << 16));
    this.starts = new Float64Array(room);
    this.ends = new Float64Array(room);
    this.confidences = new Float64Array(room);
    this.breakdowns = new Array<PriceBreakdown>(room);
  }

  /** Adds [start, end) paying `breakdown`; pieces must come in increasing, non-overlapping order.
   * Throws once the series is finished (it shares the builder's columns). */
  add(start: number, end: number, confidence: number, breakdown: PriceBreakdown): void {
    if (this.finished) throw new Error('PriceSeriesBuilder.add after finish');
    if (start >= end) return;
    if (
      this.pending &&
      this.end === start &&
      this.confidence === confidence &&
      (this.breakdown === breakdown || sameBreakdown(this.breakdown, breakdown))
    ) {
      this.end = end;
      return;
    }
    this.flush();
    this.pending = true;
    this.start = start;
    this.end = end;
    this.confidence = confidence;
    this.breakdown = breakdown;
  }

  /** The series as PriceInterval objects. */
  finish(): PriceInterval[] {
    return this.finishSeries().toIntervals();
  }

  /** The series in columns. */
  finishSeries(): PriceSeries {
    this.flush();
    this.finished = true;
    const n = this.length;
    this.breakdowns.length = n;
    return new PriceSeries(
      n,
      this.starts.subarray(0, n),
      this.ends.subarray(0, n),
      this.confidences.subarray(0, n),
      this.breakdowns,
    );
  }

  private push(start: number, end: number): void {
    const i = this.length;
    if (i === this.starts.length) this.grow();
    this.starts[i] = start;
    this.ends[i] = end;
    this.confidences[i] = this.confidence;
    this.breakdowns[i] = this.breakdown;
    this.length = i + 1;
  }

  private grow(): void {
    const room = this.starts.length * 2;
    const widen = (column: Float64Array): Float64Array => {
      const wider = new Float64Array(room);
      wider.set(column);
      return wider;
    };
    this.starts = widen(this.starts);
    this.ends = widen(this.ends);
    this.confidences = widen(this.confidences);
    const breakdowns = new Array<PriceBreakdown>(room);
    for (let i = 0; i < this.length; i++) breakdowns[i] = this.breakdowns[i] as PriceBreakdown;
    this.breakdowns = breakdowns;
  }

  private flush(): void {
    if (!this.pending) return;
    this.pending = false;
    const { step } = this;
    let s = this.start;
    const e = this.end;
    if (step !== null) {
      let line = this.nextLine(s);
      while (line < e) {
        this.push(s, line);
        s = line;
        line += step;
      }
    }
    this.push(s, e);
  }

  /** The first grid line after `s` (pieces come in order, so this usually steps from the last). */
  private line = Number.NaN;
  private nextLine(s: number): number {
    const step = this.step as number;
    let line = this.line;
    if (!(line > s && line - step <= s)) {
      line = line <= s && s - line < 4 * step ? line + step : s - floorMod(s - this.origin, step) + step;
      while (line <= s) line += step;
    }
    this.line = line;
    return line;
  }
}

/** Merges touching neighbours that carry the same breakdown. Input sorted and non-overlapping. */
export function mergePriceIntervals(intervals: readonly PriceInterval[]): PriceInterval[] {
  const builder = new PriceSeriesBuilder(null, 0, intervals.length);
  for (const i of intervals) builder.add(i.start, i.end, i.confidence, i);
  return builder.finish();
}

/** Merges as `mergePriceIntervals`, then cuts at the grid lines `originMs + k × stepMs` (UTC epoch
 * ms; the default origin 0 aligns 15- and 60-minute steps to whole UTC quarter-hours and hours). */
export function cutPriceIntervals(
  intervals: readonly PriceInterval[],
  stepMs: number,
  originMs = 0,
): PriceInterval[] {
  const builder = new PriceSeriesBuilder(stepMs, originMs, intervals.length);
  for (const i of intervals) builder.add(i.start, i.end, i.confidence, i);
  return builder.finish();
}

/** A price as written in a response: major units per kWh rounded to 5 decimals, half away from zero. */
export function roundPrice(price: Decimal, places = 5): number {
  return roundSafe(price, places) ?? decimalToNumber(roundDecimal(price, places));
}

/**
 * roundPrice on numbers, or null when the units are not a safe integer. The same result: the
 * rounded units q are an exact integer, and q / 10^places is the double nearest to the decimal
 * (IEEE division of exact operands is correctly rounded), which is what Number(text) gives too.
 */
function roundSafe(price: Decimal, places: number): number | null {
  const units = Number(price.units);
  if (!Number.isSafeInteger(units) || places > 22 || price.scale - places > 22) return null;
  if (price.scale <= places) return units / 10 ** price.scale;
  const divisor = 10 ** (price.scale - places);
  const abs = Math.abs(units);
  if (!Number.isSafeInteger(abs + divisor)) return null;
  let q = Math.floor(abs / divisor);
  const remainder = abs - q * divisor;
  if (remainder < 0) q -= 1;
  else if (remainder >= divisor) q += 1;
  if (2 * (abs - q * divisor) >= divisor) q += 1;
  const rounded = q / 10 ** places;
  return units < 0 && rounded !== 0 ? -rounded : rounded;
}

/** An interval as `/prices` writes it. */
export interface RoundedPriceInterval {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  readonly confidence: number;
}

/** Rounds each interval's first-tier price to `places` decimals and merges touching neighbours
 * whose written value and confidence are equal [decision:interval-merging]. The output helper for `/prices`. */
export function roundPriceSeries(
  intervals: readonly Pick<PriceInterval, 'start' | 'end' | 'price' | 'confidence'>[],
  places = 5,
): RoundedPriceInterval[] {
  const out: { start: number; end: number; value: number; confidence: number }[] = [];
  for (const i of intervals) {
    const value = roundPrice(i.price, places);
    const last = out[out.length - 1];
    if (last && last.end === i.start && last.value === value && last.confidence === i.confidence)
      last.end = i.end;
    else out.push({ start: i.start, end: i.end, value, confidence: i.confidence });
  }
  return out;
}
