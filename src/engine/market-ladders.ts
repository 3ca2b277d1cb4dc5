// The price ladders of market-rate tariffs (D11), priced once per distinct market value.
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
import type { TierPrice } from './price-series.ts';
import type { ReadTier } from './read-schedule.ts';

/** The ladder's prices for a market price per kWh (D11):
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

/** priceMarketTiers on numbers: null when some step would leave the safe integers. Exported for
 * the test that holds it to the exact path. */
export function priceMarketTiersSafe(
  tiers: readonly ReadTier[],
  perKwh: Decimal,
  perKwhUnits: number,
): TierPrice[] | null {
  const out: TierPrice[] = [];
  for (const t of tiers) {
    const f = safeUnits(t.fixed);
    const m = safeUnits(t.multiplier);
    const scale = Math.max(perKwh.scale, t.fixed.scale);
    const up = POW10[scale - perKwh.scale];
    const uf = POW10[scale - t.fixed.scale];
    const um = POW10[t.multiplier.scale];
    if (f === null || m === null || up === undefined || uf === undefined || um === undefined) return null;
    const base = perKwhUnits * up + f * uf;
    const price = base * m;
    const baseAtPriceScale = base * um;
    const percentage = price - baseAtPriceScale;
    if (!Number.isSafeInteger(base) || !Number.isSafeInteger(price)) return null;
    if (!Number.isSafeInteger(baseAtPriceScale) || !Number.isSafeInteger(percentage)) return null;
    if (!Number.isSafeInteger(perKwhUnits * up) || !Number.isSafeInteger(f * uf)) return null;
    const priceScale = scale + t.multiplier.scale;
    out.push({
      fromKwh: t.fromKwh,
      toKwh: t.toKwh,
      price: decimalOfSafe(price, priceScale),
      fixed: t.fixed,
      percentage: decimalOfSafe(percentage, priceScale),
    });
  }
  return out;
}

/** A market value per kWh and one rate's ladder at it. */
export interface MarketLadder {
  readonly perKwh: Decimal;
  readonly tiers: readonly TierPrice[];
}

/**
 * Ladders of market-rate tiers, priced once per (rate, market value) and shared. `expandTariff`
 * makes one per call unless given one (`ExpandOptions.ladders`): a server keeps one for all
 * requests, so a tariff priced again over the same market days prices no ladder twice. It holds
 * at most `limit` ladders and starts afresh when full (about 300 bytes each).
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
    // a number key (units × 16 + scale) while it is exact; text beyond
    const { units, scale } = pricePerMwh;
    const n = Number(units);
    const key = scale < 16 && n > -KEY_LIMIT && n < KEY_LIMIT ? n * 16 + scale : `${units}e-${scale}`;
    let ladder = ladders.byKey.get(key);
    if (!ladder) {
      ladder = priceLadder(rate.tiers, pricePerMwh);
      ladders.byKey.set(key, ladder);
      this.size++;
    }
    return ladder;
  }
}

/** |units| below this keeps units × 16 + scale a safe integer. */
const KEY_LIMIT = 2 ** 48;

interface RateLadders {
  readonly rate: CompiledRate;
  /** A number (units × 16 + scale) while it is exact; text (`units`e-`scale`) beyond. */
  readonly byKey: Map<number | string, MarketLadder>;
}

function priceLadder(tiers: readonly ReadTier[], pricePerMwh: Decimal): MarketLadder {
  const perKwh = shiftDecimal(pricePerMwh, -3);
  const units = safeUnits(perKwh);
  const fast = units === null ? null : priceMarketTiersSafe(tiers, perKwh, units);
  return { perKwh, tiers: fast ?? priceMarketTiers(tiers, perKwh) };
}
