// Prices meter records against a location's combined price series ([decision:tier-counter],
// [decision:money-rounding], [decision:energy-over-time], [decision:confidence-minimum]). Each
// record's energy is spread evenly over its interval and the
// record is cut at every price boundary, every local midnight and every instant the monthly tier
// counter crosses a tier bound; each piece is priced at the tier the counter is on.
import { civilFromEpochDay } from './calendar.ts';
import type { CombinedInterval } from './combine-series.ts';
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
  const wStart = options.window?.start ?? -Infinity;
  const wEnd = options.window?.end ?? Infinity;

  const pieces: PricedPiece[] = [];
  const missing: MissingPrice[] = [];
  const none: RecordCost = { energyKwh: RATIO_ZERO, cost: RATIO_ZERO, confidence: 1 };
  const perRecord = new Array<RecordCost>(records.length).fill(none);
  const energyTotal = new RatioSum();
  const costTotal = new RatioSum();
  let confidence = 1;
  const counter = new TierCounter();
  let month = NaN;
  let dayEnd = -Infinity;
  let k = 0;
  // cost denominators repeat (energy denominator × 10^price scale): reuse the last one
  let costD = 1n;
  let costOfD = 0n;
  let costScale = -1;

  /** Enters the local day of `t`: a new month resets the counter (the first month to `prior`). */
  const enterDay = (t: number): void => {
    const day = localEpochDayOf(zone, t);
    dayEnd = startOfLocalDay(zone, day + 1);
    const { year, month: m } = civilFromEpochDay(day);
    const key = year * 12 + m;
    if (key !== month) counter.set(Number.isNaN(month) ? ratioOf(prior) : RATIO_ZERO);
    month = key;
  };

  /** Records a piece [a, b) of record i holding `x` kWh in interval iv at tiers (ci, ni). */
  const emit = (
    i: number,
    a: number,
    b: number,
    x: Ratio,
    iv: CombinedInterval,
    ci: number,
    ni: number,
    c: number,
  ) => {
    const pc = partPrice(iv.commodity, ci);
    const pn = partPrice(iv.nonCommodity, ni);
    const price = pc && pn ? sumPrices(pc, pn) : (pc ?? pn ?? iv.price);
    if (x.d !== costOfD || price.scale !== costScale) {
      costOfD = x.d;
      costScale = price.scale;
      costD = x.d * pow10n(price.scale);
    }
    const confidenceOf = iv.confidence < c ? iv.confidence : c;
    const ct = iv.commodity ? ci : null;
    const piece = new Piece(i, a, b, x, ct, iv.nonCommodity ? ni : null, price, costD, confidenceOf, iv);
    pieces.push(piece);
    energyTotal.add(x);
    costTotal.addProduct(x.n, price.units, costD);
    if (piece.confidence < confidence) confidence = piece.confidence;
    const sum = perRecord[i] as RecordCost;
    perRecord[i] =
      sum !== none
        ? {
            energyKwh: addRatios(sum.energyKwh, x),
            cost: addRatios(sum.cost, piece.cost),
            confidence: Math.min(sum.confidence, piece.confidence),
          }
        : piece;
  };

  /**
   * Prices [a, b) of a unit: the counter gains `x` kWh (float `xa`) and share j holds `parts[j]`;
   * `parts` null means one share that is the whole feed (the usual case: its parts are the
   * counter's). Where the counter reaches a tier bound inside, every share is cut at that instant;
   * the part below holds its fraction (bound − counter) / x of the share.
   */
  const priceSegment = (
    shares: readonly UnitShare[],
    parts: readonly Ratio[] | null,
    a: number,
    b: number,
    x: Ratio,
    xa: number,
    iv: CombinedInterval,
  ) => {
    const ct = iv.commodity?.tiers;
    const nt = iv.nonCommodity?.tiers;
    let emitted: Ratio[] | null = null;
    let from = a;
    let done = RATIO_ZERO;
    let rest = x;
    let restApprox = xa;
    for (;;) {
      const ci = ct === undefined ? -1 : ct.length === 1 ? 0 : counter.tierOf(ct);
      const ni = nt === undefined ? -1 : nt.length === 1 ? 0 : counter.tierOf(nt);
      const until = nearerBound(tierEnd(ct, ci), tierEnd(nt, ni));
      if (until === null || counter.compareWith(rest, restApprox, until) <= 0) {
        if (parts === null) {
          const share = shares[0] as UnitShare;
          emit(share.index, from, b, rest, iv, ci, ni, share.confidence);
        } else {
          for (let j = 0; j < shares.length; j++) {
            const share = shares[j] as UnitShare;
            const whole = parts[j] as Ratio;
            const last = emitted ? subtractRatios(whole, emitted[j] as Ratio) : whole;
            emit(share.index, from, b, last, iv, ci, ni, share.confidence);
          }
        }
        counter.add(rest, restApprox);
        return;
      }
      const part = counter.distanceTo(until);
      done = addRatios(done, part);
      // the crossing instant: a + (b − a) × done / x, rounded to the nearest ms
      const to = a + roundQuotient(BigInt(b - a) * done.n * x.d, done.d * x.n);
      if (parts === null) {
        const share = shares[0] as UnitShare;
        emit(share.index, from, to, part, iv, ci, ni, share.confidence);
      } else {
        const sums: Ratio[] = emitted ?? parts.map(() => RATIO_ZERO);
        for (let j = 0; j < shares.length; j++) {
          const share = shares[j] as UnitShare;
          const y = parts[j] as Ratio;
          const below = reduceRatio({ n: y.n * part.n * x.d, d: y.d * part.d * x.n });
          emit(share.index, from, to, below, iv, ci, ni, share.confidence);
          sums[j] = addRatios(sums[j] as Ratio, below);
        }
        emitted = sums;
      }
      counter.reach(until);
      rest = addRatios(x, { n: -done.n, d: done.d });
      restApprox = Number(rest.n) / Number(rest.d);
      from = to;
    }
  };

  /** Adds [a, b) of a share holding `y` kWh to the missing parts, joining its previous one. */
  const addMissing = (i: number, a: number, b: number, y: Ratio) => {
    for (let m = missing.length - 1; m >= 0; m--) {
      const last = missing[m] as MissingPrice;
      if (last.recordIndex !== i) continue;
      if (last.end === a) {
        missing[m] = { ...last, end: b, energyKwh: addRatios(last.energyKwh, y) };
        return;
      }
      break;
    }
    missing.push({ recordIndex: i, start: a, end: b, energyKwh: y });
  };

  /** Walks one unit: cuts it at local midnights, the window and price intervals, and prices it. */
  const walk = (
    start: number,
    end: number,
    feed: Ratio,
    feedApprox: number,
    shares: readonly UnitShare[],
  ) => {
    if (start >= dayEnd) enterDay(start);
    let before: Ratio | null = null;
    const monthBefore = month;
    const span = end - start;
    const priced = shares.length > 0;
    const alone = shares.length === 1 && (shares[0] as UnitShare).energy === feed;
    let pos = start;
    while (pos < end) {
      if (pos >= dayEnd) enterDay(pos);
      let b = end < dayEnd ? end : dayEnd;
      if (pos < wStart) b = Math.min(b, wStart);
      else if (pos < wEnd) b = Math.min(b, wEnd);
      const inside = priced && pos >= wStart && pos < wEnd;
      let iv: CombinedInterval | undefined;
      if (inside) {
        while (k < series.length && (series[k] as CombinedInterval).end <= pos) k++;
        const next = series[k];
        if (next && next.start <= pos) {
          iv = next;
          if (next.end < b) b = next.end;
        } else if (next && next.start < b) b = next.start;
      }
      const whole = pos === start && b === end;
      if (!whole && before === null) before = counter.value();
      const x = whole ? feed : { n: feed.n * BigInt(b - pos), d: feed.d * BigInt(span) };
      const xa = whole ? feedApprox : (feedApprox * (b - pos)) / span;
      // no function is created in this loop: under tsx each one would cost a defineProperty
      const parts = alone ? null : sharesOver(shares, whole, b - pos, span);
      if (iv) priceSegment(shares, parts, pos, b, x, xa, iv);
      else {
        if (inside)
          for (let j = 0; j < shares.length; j++)
            addMissing((shares[j] as UnitShare).index, pos, b, parts ? (parts[j] as Ratio) : x);
        counter.add(x, xa);
      }
      pos = b;
    }
    // Split within one month: the counter is exactly before + feed; setting it so keeps its
    // denominator that of the records rather than one grown by the unit's pieces.
    if (before !== null && month === monthBefore) counter.set(addRatios(before, feed));
  };

  if (units) for (const u of units) walk(u.start, u.end, u.feed, u.feedApprox, u.shares);
  else {
    // one unit per record, built in place: the usual case allocates nothing per record here
    const share = { index: 0, energy: RATIO_ZERO, approx: 0, confidence: 1 };
    const alone: readonly UnitShare[] = [share];
    for (const i of prepared.order) {
      const r = records[i] as EnergyRecord;
      share.index = i;
      share.energy = prepared.energies[i] as Ratio;
      share.approx = prepared.approx[i] as number;
      share.confidence = r.confidence ?? 1;
      walk(r.start, r.end, share.energy, share.approx, alone);
    }
  }

  return {
    pieces,
    missing,
    records: perRecord,
    energyKwh: energyTotal.value(),
    cost: costTotal.value(),
    confidence,
    monthEnergyKwh: (units ? units.length : records.length) > 0 ? counter.value() : ratioOf(prior),
  };
}
