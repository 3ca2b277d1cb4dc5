// The fast path: a compiled tariff + market prices → a price series over a window.
// Walks local days; each day costs one table lookup for its plan and, unless a DST transition
// falls inside it, pure arithmetic for its boundaries. No per-interval rule scans, no per-interval
// Temporal calls.
import { DAY_MS, SECOND_MS, civilFromEpochDay, isoWeekdayOf } from './calendar.ts';
import { type CompiledRate, type CompiledTariff, dayPlanFor } from './compile-tariff.ts';
import { isDecimal } from './decimal.ts';
import { MarketLadders } from './market-ladders.ts';
import { type MarketPrice, type PriceInterval, PriceSeriesBuilder, type TierPrice } from './price-series.ts';
import { hasZoneTransitionBetween, localEpochDayOf, localToInstant, startOfLocalDay } from './time-zones.ts';

/** A half-open window [start, end) of UTC epoch ms. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** How `expandTariff` shapes its output; every field is optional. */
export interface ExpandOptions {
  /** Market prices, sorted and non-overlapping; used (and needed) only by market tariffs. Where no
   * market price covers an instant, the series has no interval: fill forecasts in (Q14) before. */
  readonly market?: readonly MarketPrice[];
  /** Cut the output on a fixed grid of this many ms (e.g. 900 000 for 15 minutes); absent = merged. */
  readonly resolutionMs?: number;
  /** A grid line, UTC epoch ms (default 0: whole UTC quarter-hours and hours). */
  readonly gridOriginMs?: number;
  /** Confidence of schedule-derived prices, 0–1 (default 1; Q6 extrapolation passes less). */
  readonly confidence?: number;
  /** Leave out instants outside [contract_start, contract_end) (default true). */
  readonly clipToContract?: boolean;
  /** Market ladders to reuse across calls (default: a fresh set for this call). */
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
  let previousEnd = -Infinity;
  for (let i = 0; i < market.length; i++) {
    const m = market[i] as MarketPrice;
    if (!(Number.isFinite(m.start) && Number.isFinite(m.end) && m.start < m.end && m.start >= previousEnd)) {
      throw new RangeError(
        `market price ${i} [${m.start}, ${m.end}) is empty, unsorted or overlaps the previous one`,
      );
    }
    if (!isDecimal(m.pricePerMwh) || !isConfidence(m.confidence)) {
      throw new RangeError(`market price ${i} needs a Decimal pricePerMwh and a confidence in 0–1`);
    }
    previousEnd = m.end;
  }
}

/** Emits the market pieces of one schedule piece [a, b) with one rate. */
class MarketWalker {
  private next = 0;

  constructor(
    private readonly market: readonly MarketPrice[],
    private readonly builder: PriceSeriesBuilder,
    private readonly confidence: number,
    private readonly ladders: MarketLadders,
  ) {}

  emit(a: number, b: number, rate: CompiledRate): void {
    const { market } = this;
    while (this.next < market.length && (market[this.next] as MarketPrice).end <= a) this.next++;
    for (let j = this.next; j < market.length; j++) {
      const m = market[j] as MarketPrice;
      if (m.start >= b) break;
      const x = Math.max(a, m.start);
      const y = Math.min(b, m.end);
      if (x >= y) continue;
      const { perKwh, tiers } = this.ladders.ladder(rate, m.pricePerMwh);
      const price = tiers[0]?.price;
      if (price) this.builder.add(x, y, price, Math.min(this.confidence, m.confidence), perKwh, tiers);
    }
  }
}

/**
 * Expands a compiled tariff into a price series over `window` (UTC epoch ms, half-open).
 *
 * - Schedule times are read on the wall clock of `tariff.timezone`, DST rule as in time-zones.ts
 *   (a repeated wall time takes its first occurrence; a skipped one moves to the clock change).
 * - Prices are exact Decimals in major units per kWh; `price` is the first tier (D10), `tiers`
 *   the whole ladder. Market tariffs: (market/1000 + surcharge_fixed) × (1 + surcharge_percentage)
 *   with market prices per MWh (D11); confidence is the minimum of the inputs' (D14).
 * - Output: sorted, non-overlapping, within the window ∩ contract; touching intervals with the
 *   same breakdown merged, or, with `resolutionMs`, additionally cut at every grid line.
 *   Instants outside the contract (unless `clipToContract: false`) or without a market price
 *   have no interval.
 */
export function expandTariff(
  tariff: CompiledTariff,
  window: TimeWindow,
  options: ExpandOptions = {},
): PriceInterval[] {
  const { start: from, end: to } = effectiveWindow(tariff, window, options.clipToContract ?? true);
  const confidence = options.confidence ?? 1;
  if (!isConfidence(confidence)) throw new RangeError(`confidence must be in 0–1, got ${confidence}`);
  const builder = new PriceSeriesBuilder(options.resolutionMs ?? null, options.gridOriginMs ?? 0);
  if (from >= to) return builder.finish();
  let walker: MarketWalker | null = null;
  if (tariff.marketRates) {
    const market = options.market ?? [];
    checkMarketPrices(market);
    walker = new MarketWalker(market, builder, confidence, options.ladders ?? new MarketLadders());
  }
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
          else if (rate.prices) {
            const first = rate.prices[0] as TierPrice;
            builder.add(a, b, first.price, confidence, null, rate.prices);
          }
        }
        s = e;
      }
    }
    day += 1;
    dayStart = nextStart;
  }
  return builder.finish();
}
