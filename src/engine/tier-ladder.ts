// The monthly tier counter [decision:tier-counter] and the ladder rung it is on. Used by `priceRecords`.
//
// The counter is exact (a bigint ratio). It also carries a float shadow so that the usual
// question, "is the counter still well below the next bound?", costs no bigint arithmetic: the
// shadow decides only when it is further than TOLERANCE (relative) from the bound, which its
// rounding error (≈ 1e-16 per addition) cannot bridge; otherwise the exact values decide.
import { type Decimal, addDecimals, pow10n } from './decimal.ts';
import type { PriceInterval, TierPrice } from './price-series.ts';
import { type Ratio, addRatios, addSmallIntegers } from './ratio.ts';

const TOLERANCE = 1e-9;

/** A float close to a Decimal's value (NaN for values beyond the float range). */
const approx = (d: Decimal): number => Number(d.units) / 10 ** d.scale;

/** kWh counted in the current local month, exact, with a float shadow for quick comparisons. */
export class TierCounter {
  /** The value is (big + small) / d; `small` is an exact integer in a float, so that adding a
   * record's energy usually allocates no bigint. */
  private big = 0n;
  private small = 0;
  private d = 1n;
  private shadow = 0;
  private sinceSync = 0;

  /** The exact value. */
  value(): Ratio {
    return { n: this.big + BigInt(this.small), d: this.d };
  }

  /** Sets the counter (a month starts). */
  set(r: Ratio): void {
    this.big = r.n;
    this.small = 0;
    this.d = r.d;
    this.shadow = Number(r.n) / Number(r.d);
    this.sinceSync = 0;
  }

  /** Adds `r` kWh, whose float value is `rApprox`. */
  add(r: Ratio, rApprox: number): void {
    if (r.d === this.d) {
      const small = addSmallIntegers(this.small, Number(r.n));
      if (small === null) this.big += r.n;
      else this.small = small;
    } else {
      const sum = addRatios(this.value(), r);
      this.big = sum.n;
      this.small = 0;
      this.d = sum.d;
    }
    // re-deriving the shadow now and then bounds its drift to ~4096 roundings (≪ TOLERANCE)
    if (++this.sinceSync < 4096) this.shadow += rApprox;
    else this.set(this.value());
  }

  /** Sets the counter to a bound it has just reached. */
  reach(bound: Decimal): void {
    this.big = bound.units;
    this.small = 0;
    this.d = pow10n(bound.scale);
    this.shadow = approx(bound);
    this.sinceSync = 0;
  }

  /** −1, 0, 1 as (counter + extra) <, =, > bound; `extraApprox` is extra's float value. */
  compareWith(extra: Ratio | null, extraApprox: number, bound: Decimal): -1 | 0 | 1 {
    const b = approx(bound);
    const a = this.shadow + extraApprox;
    if (a < b - TOLERANCE * b) return -1;
    if (a > b + TOLERANCE * b) return 1;
    const sum = extra ? addRatios(this.value(), extra) : this.value();
    const x = sum.n * pow10n(bound.scale);
    const y = bound.units * sum.d;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** bound − counter, exact. */
  distanceTo(bound: Decimal): Ratio {
    const value = this.value();
    return addRatios({ n: bound.units, d: pow10n(bound.scale) }, { n: -value.n, d: value.d });
  }

  /**
   * The tier of a ladder that applies now: the first whose `toKwh` is above the counter (a tier
   * covers [fromKwh, toKwh)). Past the last bound the last tier stays (validation allows a finite
   * last `to_kwh`; nothing else could price the energy above it). −1 for an empty ladder.
   */
  tierOf(tiers: readonly TierPrice[]): number {
    const last = tiers.length - 1;
    for (let k = 0; k < last; k++) {
      const to = (tiers[k] as TierPrice).toKwh;
      if (to === null || this.compareWith(null, 0, to) < 0) return k;
    }
    return last;
  }
}

/** The counter value (kWh) where tier `k` of a ladder ends; null for the last rung or none. */
export function tierEnd(tiers: readonly TierPrice[] | undefined, k: number): Decimal | null {
  return tiers && k >= 0 && k < tiers.length - 1 ? ((tiers[k] as TierPrice).toKwh ?? null) : null;
}

/** The nearer of two bounds (null = none). */
export function nearerBound(a: Decimal | null, b: Decimal | null): Decimal | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.units * pow10n(b.scale) <= b.units * pow10n(a.scale) ? a : b;
}

/** The price of a part at tier k (its interval price when the ladder is empty), or null. */
export function partPrice(part: PriceInterval | null, k: number): Decimal | null {
  if (!part) return null;
  return k >= 0 ? ((part.tiers[k] as TierPrice).price ?? part.price) : part.price;
}

let memo: { a: Decimal; b: Decimal; sum: Decimal } | null = null;

/** a + b, remembering the last sum: neighbouring pieces almost always pay the same two prices. */
export function sumPrices(a: Decimal, b: Decimal): Decimal {
  if (!memo || memo.a !== a || memo.b !== b) memo = { a, b, sum: addDecimals(a, b) };
  return memo.sum;
}
