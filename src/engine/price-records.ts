// Prices meter records against a location's combined price series ([decision:tier-counter],
// [decision:money-rounding], [decision:energy-over-time], [decision:confidence-minimum]). Each
// record's energy is spread evenly over its interval and the
// record is cut at every price boundary, every local midnight and every instant the monthly tier
// counter crosses a tier bound; each piece is priced at the tier the counter is on.
import { civilFromEpochDay } from './calendar.ts';
import type { CombinedInterval } from './combine-series.ts';
import type { TierPrice } from './price-series.ts';
import { type Decimal, pow10n } from './decimal.ts';
import type { TimeWindow } from './expand-tariff.ts';
import { type EnergyRecord, checkPriceSeries, prepareRecords } from './prepare-records.ts';
import { type RecordUnit, type UnitShare, elementaryUnits } from './record-units.ts';
import {
  type ExactNumber,
  RATIO_ZERO,
  type Ratio,
  RatioSum,
  addRatios,
  ratioOf,
  reduceRatio,
  subtractRatios,
} from './ratio.ts';
import { TierCounter, nearerBound, partPrice, sumPrices, tierEnd } from './tier-ladder.ts';
import { canonicalTimeZone, localEpochDayOf, startOfLocalDay } from './time-zones.ts';

export type { EnergyRecord } from './prepare-records.ts';

export interface PriceRecordsOptions {
  /** IANA zone of the location: pieces are cut at its midnights; its calendar months reset the
   * tier counter [decision:tier-counter]. */
  readonly timeZone: string;
  /** kWh of this direction metered in the local month of the earliest record before that record
   * starts (default 0). Later months start from 0. */
  readonly priorMonthEnergyKwh?: ExactNumber;
  /** Report only pieces inside this window (UTC epoch ms, half-open); records outside it still
   * feed the tier counter, and prices are needed only inside it. Default: everything. */
  readonly window?: TimeWindow;
  /** The records that feed the tier counter, when they are not the priced records themselves
   * ([decision:tier-counter-records]: a device's records are priced at the tier its location's records reached). They need no
   * prices; `priorMonthEnergyKwh` then applies to the earliest record of either list. */
  readonly counterRecords?: readonly EnergyRecord[];
}

/** One priced piece of a record: inside one price interval, one local day and one tier pair. */
export interface PricedPiece {
  /** Position of the record in the input array. */
  readonly recordIndex: number;
  /** [start, end) UTC epoch ms. A tier crossing falls at a rational instant; it is written rounded
   * to the nearest ms, so a piece may be shorter than 1 ms. Energies never depend on the rounding. */
  readonly start: number;
  readonly end: number;
  /** kWh of the piece, exact. The pieces of a record sum exactly to its energy. */
  readonly energyKwh: Ratio;
  /** Index into `interval.commodity.tiers` / `interval.nonCommodity.tiers`; null without that part. */
  readonly commodityTier: number | null;
  readonly nonCommodityTier: number | null;
  /** Major units per kWh: commodity tier price + non-commodity tier price. */
  readonly price: Decimal;
  /** energyKwh × price, major units, exact (negative where the price is). Computed on read (a
   * getter: an object spread of a piece does not copy it). */
  readonly cost: Ratio;
  /** min(price interval confidence, record confidence) [decision:confidence-minimum]. */
  readonly confidence: number;
  readonly interval: CombinedInterval;
}

/** Part of a record inside the window that no price interval covers (→ 422 `no_price_data`). */
export interface MissingPrice {
  readonly recordIndex: number;
  readonly start: number;
  readonly end: number;
  readonly energyKwh: Ratio;
}

/** Sums over the priced pieces of one record (zero and confidence 1 when it has none). A record
 * priced in one piece shares that piece object. */
export interface RecordCost {
  readonly energyKwh: Ratio;
  readonly cost: Ratio;
  readonly confidence: number;
}

export interface PricedRecords {
  /** In time order. */
  readonly pieces: PricedPiece[];
  readonly missing: MissingPrice[];
  /** By input position. */
  readonly records: RecordCost[];
  /** Sums over all pieces, exact and in lowest terms; confidence is 1 when there is no piece. */
  readonly energyKwh: Ratio;
  readonly cost: Ratio;
  readonly confidence: number;
  /** The tier counter after the last record: kWh counted in that record's local month. */
  readonly monthEnergyKwh: Ratio;
}

/** The pieces' one shape. The cost is computed when read rather than held: a year of pieces
 * then holds no year of costs, which keeps the garbage collector's copying down by a quarter. */
class Piece implements PricedPiece {
  constructor(
    readonly recordIndex: number,
    readonly start: number,
    readonly end: number,
    readonly energyKwh: Ratio,
    readonly commodityTier: number | null,
    readonly nonCommodityTier: number | null,
    readonly price: Decimal,
    /** energyKwh.d × 10^price.scale, shared between pieces. */
    private readonly costD: bigint,
    readonly confidence: number,
    readonly interval: CombinedInterval,
  ) {}

  get cost(): Ratio {
    return { n: this.energyKwh.n * this.price.units, d: this.costD };
  }
}

/** Round-half-up of a non-negative num/den to an integer. */
const roundQuotient = (num: bigint, den: bigint): number => Number((2n * num + den) / (2n * den));

/** Each share's energy over `length` ms of a unit `span` ms long (all of it when `whole`). */
function sharesOver(shares: readonly UnitShare[], whole: boolean, length: number, span: number): Ratio[] {
  const parts: Ratio[] = [];
  for (const { energy } of shares)
    parts.push(whole ? energy : { n: energy.n * BigInt(length), d: energy.d * BigInt(span) });
  return parts;
}

/** The tier of a ladder the counter is on; -1 without the ladder, 0 for a ladder of one tier. */
function tierIndex(counter: TierCounter, tiers: readonly TierPrice[] | undefined): number {
  return tiers === undefined ? -1 : tiers.length === 1 ? 0 : counter.tierOf(tiers);
}

/**
 * One run of `priceRecords`: walks the units of metered time in order, cutting each at local
 * midnights, the window's edges, price interval boundaries and tier crossings, and keeps the
 * priced pieces, the parts without a price and the running sums.
 */
class RecordPricer {
  readonly pieces: PricedPiece[] = [];
  readonly missing: MissingPrice[] = [];
  /** A record's sums before it has a piece (zero, confidence 1). */
  private readonly noCost: RecordCost = { energyKwh: RATIO_ZERO, cost: RATIO_ZERO, confidence: 1 };
  /** Sums per record, by input position; `noCost` until a record has a piece. */
  readonly recordCosts: RecordCost[];
  private readonly energyTotal = new RatioSum();
  private readonly costTotal = new RatioSum();
  private confidence = 1;
  /** kWh metered in the current local month [decision:tier-counter]. */
  readonly counter = new TierCounter();
  /** year × 12 + month of the local day being walked; NaN before the first. */
  private month = NaN;
  /** Where the local day being walked ends (UTC epoch ms). */
  private dayEnd = -Infinity;
  /** The first price interval that may still hold the walk's position (intervals are sorted). */
  private intervalIndex = 0;
  // cost denominators repeat (energy denominator × 10^price scale): the last one is reused
  private costDenominator = 1n;
  private costEnergyDenominator = 0n;
  private costScale = -1;

  constructor(
    private readonly zone: string,
    /** The counter at the start of the first month. */
    private readonly prior: Ratio,
    private readonly series: readonly CombinedInterval[],
    private readonly windowStart: number,
    private readonly windowEnd: number,
    recordCount: number,
  ) {
    this.recordCosts = new Array<RecordCost>(recordCount).fill(this.noCost);
  }

  /**
   * Walks one unit [start, end) whose energy `feed` (float `feedApprox`) grows the counter and
   * whose shares belong to priced records (none: the unit only feeds the counter).
   */
  walkUnit(start: number, end: number, feed: Ratio, feedApprox: number, shares: readonly UnitShare[]): void {
    if (start >= this.dayEnd) this.enterLocalDay(start);
    let counterBefore: Ratio | null = null;
    const monthBefore = this.month;
    const span = end - start;
    const priced = shares.length > 0;
    // one share holding the whole feed: its energy is the counter's, no split per share needed
    const alone = shares.length === 1 && (shares[0] as UnitShare).energy === feed;
    let from = start;
    while (from < end) {
      if (from >= this.dayEnd) this.enterLocalDay(from);
      // the next cut: the unit's end, local midnight, an edge of the window, an edge of a price interval
      let to = end < this.dayEnd ? end : this.dayEnd;
      if (from < this.windowStart) to = Math.min(to, this.windowStart);
      else if (from < this.windowEnd) to = Math.min(to, this.windowEnd);
      const insideWindow = priced && from >= this.windowStart && from < this.windowEnd;
      /** The price interval holding [from, to); none: no price there (or not needed). */
      let interval: CombinedInterval | undefined;
      if (insideWindow) {
        const { series } = this;
        while (
          this.intervalIndex < series.length &&
          (series[this.intervalIndex] as CombinedInterval).end <= from
        )
          this.intervalIndex++;
        const next = series[this.intervalIndex];
        if (next && next.start <= from) {
          interval = next;
          if (next.end < to) to = next.end;
        } else if (next && next.start < to) to = next.start;
      }
      // the part [from, to) of the unit: the whole of it, or its share of the unit's energy by time
      const whole = from === start && to === end;
      if (!whole && counterBefore === null) counterBefore = this.counter.value();
      const energy = whole ? feed : { n: feed.n * BigInt(to - from), d: feed.d * BigInt(span) };
      const energyApprox = whole ? feedApprox : (feedApprox * (to - from)) / span;
      // no function is created in this loop: under tsx each one would cost a defineProperty
      const shareEnergies = alone ? null : sharesOver(shares, whole, to - from, span);
      if (interval)
        this.priceAcrossTierBounds(shares, shareEnergies, from, to, energy, energyApprox, interval);
      else {
        if (insideWindow)
          for (let j = 0; j < shares.length; j++) {
            const share = shares[j] as UnitShare;
            this.addMissing(share.index, from, to, shareEnergies ? (shareEnergies[j] as Ratio) : energy);
          }
        this.counter.add(energy, energyApprox);
      }
      from = to;
    }
    // Split within one month: the counter is exactly before + feed; setting it so keeps its
    // denominator that of the records rather than one grown by the unit's pieces.
    if (counterBefore !== null && this.month === monthBefore)
      this.counter.set(addRatios(counterBefore, feed));
  }

  /** Enters the local day of `t`: a new month resets the counter (the first month to `prior`). */
  private enterLocalDay(t: number): void {
    const day = localEpochDayOf(this.zone, t);
    this.dayEnd = startOfLocalDay(this.zone, day + 1);
    const { year, month } = civilFromEpochDay(day);
    const key = year * 12 + month;
    if (key !== this.month) this.counter.set(Number.isNaN(this.month) ? ratioOf(this.prior) : RATIO_ZERO);
    this.month = key;
  }

  /**
   * Prices [from, to) of a unit inside one price interval: the counter gains `energy` kWh (float
   * `energyApprox`) and share j holds `shareEnergies[j]`; `shareEnergies` null means one share that
   * is the whole feed (the usual case). Where the counter reaches a tier bound inside, every share
   * is cut at that instant; the part below holds its fraction (bound − counter) / energy of the share.
   */
  private priceAcrossTierBounds(
    shares: readonly UnitShare[],
    shareEnergies: readonly Ratio[] | null,
    from: number,
    to: number,
    energy: Ratio,
    energyApprox: number,
    interval: CombinedInterval,
  ): void {
    const { counter } = this;
    const commodityTiers = interval.commodity?.tiers;
    const nonCommodityTiers = interval.nonCommodity?.tiers;
    /** What each share has emitted below the bounds crossed so far; null before the first crossing. */
    let emittedBelow: Ratio[] | null = null;
    let pieceStart = from;
    let counted = RATIO_ZERO;
    let rest = energy;
    let restApprox = energyApprox;
    for (;;) {
      const commodityTier = tierIndex(counter, commodityTiers);
      const nonCommodityTier = tierIndex(counter, nonCommodityTiers);
      const bound = nearerBound(
        tierEnd(commodityTiers, commodityTier),
        tierEnd(nonCommodityTiers, nonCommodityTier),
      );
      if (bound === null || counter.compareWith(rest, restApprox, bound) <= 0) {
        // the rest stays below the next bound: one last piece to `to`
        if (shareEnergies === null) {
          const share = shares[0] as UnitShare;
          this.emitPiece(
            share.index,
            pieceStart,
            to,
            rest,
            interval,
            commodityTier,
            nonCommodityTier,
            share.confidence,
          );
        } else {
          for (let j = 0; j < shares.length; j++) {
            const share = shares[j] as UnitShare;
            const whole = shareEnergies[j] as Ratio;
            const last = emittedBelow ? subtractRatios(whole, emittedBelow[j] as Ratio) : whole;
            this.emitPiece(
              share.index,
              pieceStart,
              to,
              last,
              interval,
              commodityTier,
              nonCommodityTier,
              share.confidence,
            );
          }
        }
        counter.add(rest, restApprox);
        return;
      }
      const belowBound = counter.distanceTo(bound);
      counted = addRatios(counted, belowBound);
      // the crossing instant: from + (to − from) × counted / energy, rounded to the nearest ms
      const crossing = from + roundQuotient(BigInt(to - from) * counted.n * energy.d, counted.d * energy.n);
      if (shareEnergies === null) {
        const share = shares[0] as UnitShare;
        this.emitPiece(
          share.index,
          pieceStart,
          crossing,
          belowBound,
          interval,
          commodityTier,
          nonCommodityTier,
          share.confidence,
        );
      } else {
        const sums: Ratio[] = emittedBelow ?? shareEnergies.map(() => RATIO_ZERO);
        for (let j = 0; j < shares.length; j++) {
          const share = shares[j] as UnitShare;
          const held = shareEnergies[j] as Ratio;
          const below = reduceRatio({
            n: held.n * belowBound.n * energy.d,
            d: held.d * belowBound.d * energy.n,
          });
          this.emitPiece(
            share.index,
            pieceStart,
            crossing,
            below,
            interval,
            commodityTier,
            nonCommodityTier,
            share.confidence,
          );
          sums[j] = addRatios(sums[j] as Ratio, below);
        }
        emittedBelow = sums;
      }
      counter.reach(bound);
      rest = addRatios(energy, { n: -counted.n, d: counted.d });
      restApprox = Number(rest.n) / Number(rest.d);
      pieceStart = crossing;
    }
  }

  /** Keeps a piece [from, to) of record `recordIndex` holding `energy` kWh in `interval` at the given tiers. */
  private emitPiece(
    recordIndex: number,
    from: number,
    to: number,
    energy: Ratio,
    interval: CombinedInterval,
    commodityTier: number,
    nonCommodityTier: number,
    recordConfidence: number,
  ): void {
    const commodityPrice = partPrice(interval.commodity, commodityTier);
    const nonCommodityPrice = partPrice(interval.nonCommodity, nonCommodityTier);
    const price =
      commodityPrice && nonCommodityPrice
        ? sumPrices(commodityPrice, nonCommodityPrice)
        : (commodityPrice ?? nonCommodityPrice ?? interval.price);
    if (energy.d !== this.costEnergyDenominator || price.scale !== this.costScale) {
      this.costEnergyDenominator = energy.d;
      this.costScale = price.scale;
      this.costDenominator = energy.d * pow10n(price.scale);
    }
    const confidence = interval.confidence < recordConfidence ? interval.confidence : recordConfidence;
    const piece = new Piece(
      recordIndex,
      from,
      to,
      energy,
      interval.commodity ? commodityTier : null,
      interval.nonCommodity ? nonCommodityTier : null,
      price,
      this.costDenominator,
      confidence,
      interval,
    );
    this.pieces.push(piece);
    this.energyTotal.add(energy);
    this.costTotal.addProduct(energy.n, price.units, this.costDenominator);
    if (piece.confidence < this.confidence) this.confidence = piece.confidence;
    const sum = this.recordCosts[recordIndex] as RecordCost;
    this.recordCosts[recordIndex] =
      sum !== this.noCost
        ? {
            energyKwh: addRatios(sum.energyKwh, energy),
            cost: addRatios(sum.cost, piece.cost),
            confidence: Math.min(sum.confidence, piece.confidence),
          }
        : piece;
  }

  /** Adds [from, to) of record `recordIndex` holding `energy` kWh to the missing parts, joining its previous one. */
  private addMissing(recordIndex: number, from: number, to: number, energy: Ratio): void {
    const { missing } = this;
    for (let m = missing.length - 1; m >= 0; m--) {
      const last = missing[m] as MissingPrice;
      if (last.recordIndex !== recordIndex) continue;
      if (last.end === from) {
        missing[m] = { ...last, end: to, energyKwh: addRatios(last.energyKwh, energy) };
        return;
      }
      break;
    }
    missing.push({ recordIndex, start: from, end: to, energyKwh: energy });
  }

  /** The answer, once every unit is walked; `walked` says whether any was. */
  result(walked: boolean): PricedRecords {
    return {
      pieces: this.pieces,
      missing: this.missing,
      records: this.recordCosts,
      energyKwh: this.energyTotal.value(),
      cost: this.costTotal.value(),
      confidence: this.confidence,
      monthEnergyKwh: walked ? this.counter.value() : ratioOf(this.prior),
    };
  }
}

/**
 * Prices records against a combined series (CombinedInterval[], sorted and non-overlapping, as
 * `combineSeries` makes it) for one tariff direction.
 *
 * - Energy is spread evenly over each record's real elapsed time (UTC ms, so a DST day changes
 *   nothing); a piece [a, b) of a record [s, e) with energy E holds E × (b − a) / (e − s), exactly.
 * - The tier counter [decision:tier-counter] starts each local calendar month at 0 (the first month at
 *   `priorMonthEnergyKwh`) and grows with every record's energy in time order. Each part
 *   (commodity, non-commodity) is priced at the tier its own ladder is on at the counter's value;
 *   where the counter reaches a bound of either ladder inside a piece, the piece is cut there:
 *   the part below holds exactly (bound − counter).
 * - cost = energy × (commodity tier price + non-commodity tier price). Sums are exact Ratios, so
 *   totals do not depend on the order or grouping of records [decision:money-rounding]; round with `roundRatio`.
 *
 * Records are sorted internally. Overlapping records are priced side by side [decision:overlapping-records]: where several
 * meter at once the counter grows by their summed rate, and a bound crossed inside such a stretch
 * cuts every record present at the same instant, each below it holding its share of the energy up
 * to the bound. Bad records throw MeteringError `time_range_invalid`, `value_invalid` or
 * `confidence_invalid`. Parts of records inside the window with no price are listed in `missing`
 * and left out of the totals; their energy still feeds the counter.
 */
export function priceRecords(
  records: readonly EnergyRecord[],
  series: readonly CombinedInterval[],
  options: PriceRecordsOptions,
): PricedRecords {
  const zone = canonicalTimeZone(options.timeZone);
  const prior = options.priorMonthEnergyKwh ?? RATIO_ZERO;
  if (ratioOf(prior).n < 0n) throw new RangeError('priorMonthEnergyKwh must be ≥ 0');
  const prepared = prepareRecords(records, prior);
  const feed = options.counterRecords;
  // null: one unit per record (they feed the counter themselves and do not overlap)
  const units: RecordUnit[] | null =
    feed !== undefined
      ? elementaryUnits({ records, prepared }, { records: feed, prepared: prepareRecords(feed, prior) })
      : prepared.overlapping
        ? elementaryUnits({ records, prepared }, null)
        : null;
  checkPriceSeries(series);
  const pricer = new RecordPricer(
    zone,
    ratioOf(prior),
    series,
    options.window?.start ?? -Infinity,
    options.window?.end ?? Infinity,
    records.length,
  );
  if (units) for (const u of units) pricer.walkUnit(u.start, u.end, u.feed, u.feedApprox, u.shares);
  else {
    // one unit per record, built in place: the usual case allocates nothing per record here
    const share = { index: 0, energy: RATIO_ZERO, approx: 0, confidence: 1 };
    const alone: readonly UnitShare[] = [share];
    for (const i of prepared.order) {
      const record = records[i] as EnergyRecord;
      share.index = i;
      share.energy = prepared.energies[i] as Ratio;
      share.approx = prepared.approx[i] as number;
      share.confidence = record.confidence ?? 1;
      pricer.walkUnit(record.start, record.end, share.energy, share.approx, alone);
    }
  }
  return pricer.result((units ? units.length : records.length) > 0);
}
