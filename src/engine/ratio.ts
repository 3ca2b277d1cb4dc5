// Exact rational numbers for the energy and money that splitting a record in time produces.
//
// A Decimal cannot hold every share of a record: 1 W for 1 s is 1/3 600 000 kWh, and a third of a
// record's interval holds a third of its energy. A Ratio `n/d` (bigints, d > 0) holds them all, so
// sums over pieces are exact and do not depend on order or grouping [decision:money-rounding]. Ratios are kept
// unreduced while they are summed (reducing costs a gcd on every step); compare them with
// `compareRatios` / `ratiosEqual`, never field by field. Round once, on output, with `roundRatio`.
import { type Decimal, formatDecimal, isDecimal, makeDecimal, pow10n } from './decimal.ts';

/** An exact rational number `n / d` with `d > 0n`; not necessarily in lowest terms. */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

/** Where the engine takes an exact amount: a Decimal, or a Ratio when a decimal cannot hold it. */
export type ExactNumber = Decimal | Ratio;

export const RATIO_ZERO: Ratio = { n: 0n, d: 1n };

/** n / d with the sign carried by n; throws RangeError for d = 0. */
export function makeRatio(n: bigint, d: bigint): Ratio {
  if (d === 0n) throw new RangeError('ratio denominator must not be 0');
  return d < 0n ? { n: -n, d: -d } : { n, d };
}

/** True for a value shaped like a Ratio (bigint `n` and `d`). */
function isRatio(value: unknown): value is Ratio {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Ratio).n === 'bigint' &&
    typeof (value as Ratio).d === 'bigint'
  );
}

/** The exact Ratio of a Decimal (units / 10^scale) or a Ratio (returned as is). */
export function ratioOf(x: ExactNumber): Ratio {
  if (isDecimal(x)) return { n: x.units, d: pow10n(x.scale) };
  if (isRatio(x) && x.d > 0n) return x;
  throw new RangeError('expected a Decimal or a Ratio with a positive denominator');
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** The same value in lowest terms (0 is 0/1). */
export function reduceRatio(r: Ratio): Ratio {
  if (r.n === 0n) return RATIO_ZERO;
  const g = gcd(r.n, r.d);
  return g === 1n ? r : { n: r.n / g, d: r.d / g };
}

/** a + b, exact. Equal denominators, or one dividing the other, cost no gcd (the usual case). */
export function addRatios(a: Ratio, b: Ratio): Ratio {
  if (a.d === b.d) return { n: a.n + b.n, d: a.d };
  if (b.n === 0n) return a;
  if (a.n === 0n) return b;
  if (a.d > b.d && a.d % b.d === 0n) return { n: a.n + b.n * (a.d / b.d), d: a.d };
  if (b.d > a.d && b.d % a.d === 0n) return { n: a.n * (b.d / a.d) + b.n, d: b.d };
  return reduceRatio({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
}

/** a − b, exact. */
export function subtractRatios(a: Ratio, b: Ratio): Ratio {
  return addRatios(a, { n: -b.n, d: b.d });
}

/** a × b, exact. */
export function multiplyRatios(a: Ratio, b: Ratio): Ratio {
  return { n: a.n * b.n, d: a.d * b.d };
}

/** −1, 0 or 1 as a < b, a = b, a > b. */
export function compareRatios(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const x = a.d === b.d ? a.n : a.n * b.d;
  const y = a.d === b.d ? b.n : b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact equality of values (1/2 equals 2/4). */
export function ratiosEqual(a: Ratio, b: Ratio): boolean {
  return compareRatios(a, b) === 0;
}

/** a × 10^exponent, exact (`shiftRatio(kwh, 3)` is Wh). */
export function shiftRatio(a: Ratio, exponent: number): Ratio {
  return exponent >= 0 ? { n: a.n * pow10n(exponent), d: a.d } : { n: a.n, d: a.d * pow10n(-exponent) };
}

/** Rounds to `places` decimals, half away from zero, like `roundDecimal`: the one output step. */
export function roundRatio(r: Ratio, places: number): Decimal {
  const scaled = places >= 0 ? r.n * pow10n(places) : r.n;
  const d = places >= 0 ? r.d : r.d * pow10n(-places);
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return makeDecimal(negative ? -q : q, places);
}

/** The exact Decimal of a ratio whose reduced denominator divides a power of ten; else null. */
export function ratioToDecimal(r: Ratio): Decimal | null {
  const { n, d } = reduceRatio(r);
  let twos = 0;
  let fives = 0;
  let rest = d;
  while (rest % 2n === 0n) [rest, twos] = [rest / 2n, twos + 1];
  while (rest % 5n === 0n) [rest, fives] = [rest / 5n, fives + 1];
  if (rest !== 1n) return null;
  const scale = Math.max(twos, fives);
  return makeDecimal((n * pow10n(scale)) / d, scale);
}

/** Exact text: decimal text when the value is a terminating decimal, else `n/d` in lowest terms. */
export function formatRatio(r: Ratio): string {
  const decimal = ratioToDecimal(r);
  if (decimal) return formatDecimal(decimal);
  const { n, d } = reduceRatio(r);
  return `${n}/${d}`;
}

/** Integers below this magnitude are exact in a float, and so are sums and products that stay
 * below it (rounding is monotonic, so a result that would pass it lands on or beyond it). */
const SAFE = 2 ** 53;

/**
 * An exact running sum of many ratios. Terms are summed per denominator and combined once when
 * the value is read. While terms share the latest denominator and stay small, they are summed in
 * a float that holds an exact integer (see SAFE), so the usual term allocates nothing; anything
 * larger goes to a bigint. The sum of 35 040 quarter-hour costs costs 35 040 float additions.
 */
export class RatioSum {
  private readonly byDenominator = new Map<bigint, bigint>();
  /** Terms over `d`, the latest denominator: big + small, `small` an exact integer in a float. */
  private big = 0n;
  private small = 0;
  private d = 1n;

  add(r: Ratio): void {
    this.addProduct(r.n, 1n, r.d);
  }

  /** Adds a × b / d without building the product when it is small. */
  addProduct(a: bigint, b: bigint, d: bigint): void {
    if (d !== this.d) this.switchTo(d);
    const x = Number(a);
    const y = Number(b);
    const product = x * y;
    const sum = this.small + product;
    if (Math.abs(x) < SAFE && Math.abs(y) < SAFE && Math.abs(product) < SAFE && Math.abs(sum) < SAFE) {
      this.small = sum;
    } else this.big += a * b;
  }

  private switchTo(d: bigint): void {
    const held = this.big + BigInt(this.small);
    if (held !== 0n) this.byDenominator.set(this.d, (this.byDenominator.get(this.d) ?? 0n) + held);
    this.big = 0n;
    this.small = 0;
    this.d = d;
  }

  /** The sum so far, in lowest terms. */
  value(): Ratio {
    let total: Ratio = { n: this.big + BigInt(this.small), d: this.d };
    for (const [d, n] of this.byDenominator) total = addRatios(total, { n, d });
    return reduceRatio(total);
  }
}

/** a + b when both are integers held exactly in floats and so is the sum; else null. */
export function addSmallIntegers(a: number, b: number): number | null {
  const sum = a + b;
  return Math.abs(a) < SAFE && Math.abs(b) < SAFE && Math.abs(sum) < SAFE ? sum : null;
}
