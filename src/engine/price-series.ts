// Price series: the engine's output intervals, how neighbours merge, grid cutting, and the
// output helpers that round (the only place where a price is rounded, D12).
import { type Decimal, decimalToNumber, decimalsEqual, roundDecimal } from './decimal.ts';
import { floorMod } from './calendar.ts';

/** One rung of the price ladder that applies in an interval (D10: kWh per local calendar month). */
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
  /** The first tier's price, major units per kWh (what `/prices` reports, D10). */
  readonly price: Decimal;
  /** 0–1; the minimum of the inputs' confidences (D14). */
  readonly confidence: number;
  /** Market price in major units per kWh for market tariffs, else null. */
  readonly market: Decimal | null;
  /** The whole ladder; `tiers[0].price` equals `price`. */
  readonly tiers: readonly TierPrice[];
}

/** A published market price: [start, end) in UTC epoch ms, value per MWh as published (D11). */
export interface MarketPrice {
  readonly start: number;
  readonly end: number;
  readonly pricePerMwh: Decimal;
  readonly confidence: number;
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

/** True when two intervals carry the same price breakdown: confidence, market and every tier. */
export function samePriceBreakdown(a: PriceInterval, b: PriceInterval): boolean {
  return a.confidence === b.confidence && sameMarket(a.market, b.market) && sameTiers(a.tiers, b.tiers);
}

/**
 * Collects pieces in time order, merges touching neighbours with the same breakdown, and, when a
 * grid step is set, cuts the merged intervals at every grid line `origin + k × step`.
 */
export class PriceSeriesBuilder {
  private readonly out: PriceInterval[] = [];
  private pending = false;
  private start = 0;
  private end = 0;
  private price: Decimal | null = null;
  private confidence = 0;
  private market: Decimal | null = null;
  private tiers: readonly TierPrice[] = [];

  constructor(
    private readonly step: number | null = null,
    private readonly origin = 0,
  ) {
    if (step !== null && !(Number.isInteger(step) && step > 0))
      throw new RangeError(`grid step must be a positive integer of ms, got ${step}`);
  }

  /** Adds [start, end); pieces must come in increasing, non-overlapping order. */
  add(
    start: number,
    end: number,
    price: Decimal,
    confidence: number,
    market: Decimal | null,
    tiers: readonly TierPrice[],
  ): void {
    if (start >= end) return;
    if (
      this.pending &&
      this.end === start &&
      this.confidence === confidence &&
      // the market first: between market pieces it is what usually differs, and it is one field
      sameMarket(this.market, market) &&
      (this.tiers === tiers || sameTiers(this.tiers, tiers))
    ) {
      this.end = end;
      return;
    }
    this.flush();
    this.pending = true;
    this.start = start;
    this.end = end;
    this.price = price;
    this.confidence = confidence;
    this.market = market;
    this.tiers = tiers;
  }

  finish(): PriceInterval[] {
    this.flush();
    return this.out;
  }

  private flush(): void {
    if (!this.pending || this.price === null) return;
    this.pending = false;
    const { price, confidence, market, tiers, out, step } = this;
    let s = this.start;
    const e = this.end;
    if (step !== null) {
      let line = this.nextLine(s);
      while (line < e) {
        out.push(new Interval(s, line, price, confidence, market, tiers));
        s = line;
        line += step;
      }
    }
    out.push(new Interval(s, e, price, confidence, market, tiers));
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
  const builder = new PriceSeriesBuilder();
  for (const i of intervals) builder.add(i.start, i.end, i.price, i.confidence, i.market, i.tiers);
  return builder.finish();
}

/** Merges as `mergePriceIntervals`, then cuts at the grid lines `originMs + k × stepMs` (UTC epoch
 * ms; the default origin 0 aligns 15- and 60-minute steps to whole UTC quarter-hours and hours). */
export function cutPriceIntervals(
  intervals: readonly PriceInterval[],
  stepMs: number,
  originMs = 0,
): PriceInterval[] {
  const builder = new PriceSeriesBuilder(stepMs, originMs);
  for (const i of intervals) builder.add(i.start, i.end, i.price, i.confidence, i.market, i.tiers);
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
 * whose written value and confidence are equal (Q15). The output helper for `/prices`. */
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
