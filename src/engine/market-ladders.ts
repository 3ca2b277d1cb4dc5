// The price ladders of market-rate tariffs [decision:market-price-formula], priced once per distinct market value.
//
// A year of quarter-hourly day-ahead prices has ~35,000 intervals but far fewer distinct values
// (published to the cent per MWh, a market repeats its prices), so an expansion prices each
// (rate, market value) pair once and shares the ladder between the intervals that pay it.
//
// The arithmetic is exact either way. While every operand and result is a safe integer at the
// common scale (all real tariffs and markets), it runs on JS numbers; otherwise it falls back to
// the bigint Decimal operations. Both give the same canonical Decimals.
import type { CompiledRate } from './compile-tariff.ts';
import {
  type Decimal,
  ZERO,
  addDecimals,
  multiplyDecimals,
  shiftDecimal,
  subtractDecimals,
} from './decimal.ts';
import type { PriceBreakdown, TierPrice } from './price-series.ts';
import type { ReadTier } from './read-schedule.ts';

/** The ladder's prices for a market price per kWh [decision:market-price-formula]:
 * price = (market + surcharge_fixed) × (1 + surcharge_percentage), exact. */
export function priceMarketTiers(tiers: readonly ReadTier[], marketPerKwh: Decimal): TierPrice[] {
  return tiers.map((t) => {
    const base = addDecimals(marketPerKwh, t.fixed);
    const price = multiplyDecimals(base, t.multiplier);
    return {
      fromKwh: t.fromKwh,
      toKwh: t.toKwh,
      price,
      fixed: t.fixed,
      percentage: subtractDecimals(price, base),
    };
  });
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** The canonical Decimal of `units × 10^-scale` for a safe integer `units` (as makeDecimal). */
function decimalOfSafe(units: number, scale: number): Decimal {
  if (units === 0) return ZERO;
  let u = units;
  let s = scale;
  while (s > 0 && u % 10 === 0) {
    u /= 10;
    s -= 1;
  }
  return { units: BigInt(u), scale: s };
}

/** A Decimal's units as a safe integer number, or null when they are not one. */
function safeUnits(d: Decimal): number | null {
  const n = Number(d.units);
  return Number.isSafeInteger(n) ? n : null;
}

/** A rung of a market ladder priced on numbers: its Decimals are made when first read. */
class MarketRung implements TierPrice {
  private priceDecimal: Decimal | null = null;
  private percentageDecimal: Decimal | null = null;

  constructor(
    readonly fromKwh: Decimal,
    readonly toKwh: Decimal | null,
    readonly fixed: Decimal,
    private readonly priceUnits: number,
    private readonly percentageUnits: number,
    private readonly scale: number,
  ) {}

  get price(): Decimal {
    return (this.priceDecimal ??= decimalOfSafe(this.priceUnits, this.scale));
  }

  get percentage(): Decimal {
    return (this.percentageDecimal ??= decimalOfSafe(this.percentageUnits, this.scale));
  }
}

/** priceMarketTiers for a market price per kWh of `units × 10^-scale` (units a safe integer), on
 * numbers: null when some step would leave the safe integers. Exported for the test that holds
 * it to the exact path. */
export function priceMarketTiersSafe(
  tiers: readonly ReadTier[],
  units: number,
  scale: number,
): TierPrice[] | null {
  const out: TierPrice[] = [];
  for (const t of tiers) {
    const f = safeUnits(t.fixed);
    const m = safeUnits(t.multiplier);
    const common = Math.max(scale, t.fixed.scale);
    const up = POW10[common - scale];
    const uf = POW10[common - t.fixed.scale];
    const um = POW10[t.multiplier.scale];
    if (f === null || m === null || up === undefined || uf === undefined || um === undefined) return null;
    const base = units * up + f * uf;
    const price = base * m;
    const baseAtPriceScale = base * um;
    const percentage = price - baseAtPriceScale;
    if (!Number.isSafeInteger(base) || !Number.isSafeInteger(price)) return null;
    if (!Number.isSafeInteger(baseAtPriceScale) || !Number.isSafeInteger(percentage)) return null;
    if (!Number.isSafeInteger(units * up) || !Number.isSafeInteger(f * uf)) return null;
    out.push(new MarketRung(t.fromKwh, t.toKwh, t.fixed, price, percentage, common + t.multiplier.scale));
  }
  return out;
}

/** |units| below this keeps units × 32 + scale a safe integer. */
const KEY_LIMIT = 2 ** 47;

/** A map key for the value `units × 10^-scale` (units a safe integer): a number while it can be
 * one. Equal keys mean equal values; equal values at two scales get two keys (and two ladders). */
function marketValueKey(units: number, scale: number): number | string {
  return scale < 32 && units > -KEY_LIMIT && units < KEY_LIMIT ? units * 32 + scale : `${units}e-${scale}`;
}

/**
 * A market value per kWh and one rate's ladder at it: the breakdown every interval that pays this
 * value under this rate shares. Cheap to make (an expansion makes one per distinct value met);
 * the ladder is priced when first read, on numbers when it can be, on bigints otherwise.
 */
export class MarketLadder implements PriceBreakdown {
  private perKwhDecimal: Decimal | null;
  private pricedTiers: readonly TierPrice[] | null = null;

  /** The ladder of the rate's tiers at a market price per kWh of `marketUnits × 10^-marketScale`
   * (a safe integer), or at `perKwh` when marketUnits is NaN. */
  constructor(
    private readonly rateTiers: readonly ReadTier[],
    readonly marketUnits: number,
    readonly marketScale: number,
    perKwh: Decimal | null = null,
  ) {
    this.perKwhDecimal = perKwh;
  }

  /** The market price in major units per kWh. */
  get perKwh(): Decimal {
    return (this.perKwhDecimal ??= decimalOfSafe(this.marketUnits, this.marketScale));
  }

  get market(): Decimal {
    return this.perKwh;
  }

  get tiers(): readonly TierPrice[] {
    if (this.pricedTiers === null) {
      const { marketUnits: units, marketScale: scale } = this;
      const fast = units === units ? priceMarketTiersSafe(this.rateTiers, units, scale) : null;
      this.pricedTiers = fast ?? priceMarketTiers(this.rateTiers, this.perKwh);
    }
    return this.pricedTiers;
  }

  /** The first tier's price. */
  get price(): Decimal {
    return (this.tiers[0] as TierPrice).price;
  }
}

/** The ladder of `tiers` at a market price per MWh of `units × 10^-scale` (units a safe integer). */
export function priceLadderAt(tiers: readonly ReadTier[], units: number, scale: number): MarketLadder {
  return new MarketLadder(tiers, units, scale + 3);
}

/** The ladder of `tiers` at a market price per MWh given as any Decimal (numbers while its
 * units are a safe integer, bigints beyond). */
export function ladderAtDecimal(tiers: readonly ReadTier[], pricePerMwh: Decimal): MarketLadder {
  const units = numberUnits(pricePerMwh);
  return units !== null
    ? priceLadderAt(tiers, units, pricePerMwh.scale)
    : new MarketLadder(tiers, Number.NaN, 0, shiftDecimal(pricePerMwh, -3));
}

/** A Decimal's units as a safe integer number when its scale is a whole number ≥ 0 (every
 * canonical Decimal's); null sends it through the bigint path, which also canonicalises it. */
function numberUnits(d: Decimal): number | null {
  return Number.isInteger(d.scale) && d.scale >= 0 ? safeUnits(d) : null;
}

/**
 * Ladders of market-rate tiers, priced once per (rate, market value) and shared. An expansion
 * keeps its own table of the values it meets; given one of these (`ExpandOptions.ladders`) it
 * looks there for what its table lacks, so a server that keeps one for all requests prices no
 * ladder twice over the same market days. It holds at most `limit` ladders and starts afresh
 * when full (a few hundred bytes each once read).
 */
export class MarketLadders {
  private byRate = new Map<CompiledRate, RateLadders>();
  private last: RateLadders | null = null;
  private size = 0;

  constructor(private readonly limit = Infinity) {}

  /** Ladders held now. */
  get count(): number {
    return this.size;
  }

  /** The ladder of `rate` at a market price per MWh (as published). */
  ladder(rate: CompiledRate, pricePerMwh: Decimal): MarketLadder {
    const units = numberUnits(pricePerMwh);
    if (units !== null) return this.ladderAt(rate, units, pricePerMwh.scale);
    const ladders = this.ladders(rate);
    const key = `${pricePerMwh.units}e-${pricePerMwh.scale}`;
    let ladder = ladders.byKey.get(key);
    if (!ladder) {
      ladder = ladderAtDecimal(rate.tiers, pricePerMwh);
      this.keep(ladders, key, ladder);
    }
    return ladder;
  }

  /** The ladder of `rate` at a market price per MWh of `units × 10^-scale` (units a safe integer). */
  ladderAt(rate: CompiledRate, units: number, scale: number): MarketLadder {
    const ladders = this.ladders(rate);
    const key = marketValueKey(units, scale);
    let ladder = ladders.byKey.get(key);
    if (!ladder) {
      ladder = priceLadderAt(rate.tiers, units, scale);
      this.keep(ladders, key, ladder);
    }
    return ladder;
  }

  private ladders(rate: CompiledRate): RateLadders {
    if (this.size >= this.limit) {
      this.byRate = new Map();
      this.last = null;
      this.size = 0;
    }
    let ladders = this.last;
    if (ladders?.rate !== rate) {
      ladders = this.byRate.get(rate) ?? null;
      if (!ladders) {
        ladders = { rate, byKey: new Map() };
        this.byRate.set(rate, ladders);
      }
      this.last = ladders;
    }
    return ladders;
  }

  private keep(ladders: RateLadders, key: number | string, ladder: MarketLadder): void {
    ladders.byKey.set(key, ladder);
    this.size++;
  }
}

interface RateLadders {
  readonly rate: CompiledRate;
  /** marketValueKey of the price per MWh (a number while it is exact); text for a Decimal whose
   * units are not a safe integer. */
  readonly byKey: Map<number | string, MarketLadder>;
}
