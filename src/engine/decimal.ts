// Exact decimal arithmetic for money and energy.
//
// A Decimal is `units × 10^-scale` with a bigint `units`. It is kept canonical (no trailing zero
// in `units` while `scale > 0`, and zero is `{0n, 0}`), so two Decimals hold the same value exactly
// when their fields are equal. Addition, subtraction and multiplication are exact; nothing is
// rounded until `roundDecimal` is called, which output code does once [decision:money-rounding].

/** An exact decimal number: value = units × 10^-scale; canonical, scale ≥ 0. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** What the engine accepts where a decimal is expected: a JS number (read through its shortest
 * round-trip text, so `0.1` is exactly one tenth), a decimal string, or a Decimal. */
export type DecimalInput = number | string | Decimal;

const POW10: bigint[] = [1n];
/** 10^k as a bigint (memoised). */
export function pow10n(k: number): bigint {
  while (POW10.length <= k) POW10.push((POW10[POW10.length - 1] ?? 1n) * 10n);
  return POW10[k] ?? 1n;
}

/** Builds the canonical Decimal for `units × 10^-scale`; a negative scale multiplies. */
export function makeDecimal(units: bigint, scale: number): Decimal {
  if (!Number.isInteger(scale)) throw new RangeError(`decimal scale must be an integer, got ${scale}`);
  if (units === 0n) return ZERO;
  if (scale < 0) return { units: units * pow10n(-scale), scale: 0 };
  let u = units;
  let s = scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s -= 1;
  }
  return { units: u, scale: s };
}

export const ZERO: Decimal = { units: 0n, scale: 0 };
export const ONE: Decimal = { units: 1n, scale: 0 };

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/** Parses decimal text (`-0.02123`, `85`, `1.5e-7`); returns null when it is not a finite decimal. */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return null;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return null;
  const digits = BigInt(intPart + fracPart || '0');
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  const units = m[1] === '-' ? -digits : digits;
  return makeDecimal(units, fracPart.length - exponent);
}

/** Reads a DecimalInput exactly; returns null for NaN, ±Infinity or unparsable text. */
export function readDecimal(input: unknown): Decimal | null {
  if (typeof input === 'number') return Number.isFinite(input) ? parseDecimal(String(input)) : null;
  if (typeof input === 'string') return parseDecimal(input);
  if (isDecimal(input)) return makeDecimal(input.units, input.scale);
  return null;
}

/** Like readDecimal but throws a RangeError for input that is not a finite decimal. */
export function toDecimal(input: DecimalInput): Decimal {
  const d = readDecimal(input);
  if (d === null) throw new RangeError(`not a finite decimal: ${String(input)}`);
  return d;
}

/** True for a value shaped like a Decimal (a bigint `units` and a number `scale`). */
export function isDecimal(value: unknown): value is Decimal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Decimal).units === 'bigint' &&
    typeof (value as Decimal).scale === 'number'
  );
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * pow10n(a.scale - b.scale), a.scale];
  return [a.units * pow10n(b.scale - a.scale), b.units, b.scale];
}

/** a + b, exact. */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  if (b.units === 0n) return a;
  if (a.units === 0n) return b;
  const [x, y, s] = aligned(a, b);
  return makeDecimal(x + y, s);
}

/** a − b, exact. */
export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
  return addDecimals(a, negateDecimal(b));
}

/** a × b, exact (the scale of the result is at most the sum of the scales). */
export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  if (a.units === 0n || b.units === 0n) return ZERO;
  if (b.units === 1n && b.scale === 0) return a;
  if (a.units === 1n && a.scale === 0) return b;
  return makeDecimal(a.units * b.units, a.scale + b.scale);
}

/** −a, exact. */
function negateDecimal(a: Decimal): Decimal {
  return a.units === 0n ? a : { units: -a.units, scale: a.scale };
}

/** a × 10^exponent, exact (`shiftDecimal(perMwh, -3)` is the per-kWh value). */
export function shiftDecimal(a: Decimal, exponent: number): Decimal {
  return makeDecimal(a.units, a.scale - exponent);
}

/** −1, 0 or 1 as a < b, a = b, a > b. */
export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact equality (canonical form makes it a field comparison). */
export function decimalsEqual(a: Decimal, b: Decimal): boolean {
  return a === b || (a.units === b.units && a.scale === b.scale);
}

/** Rounds to `places` decimals, half away from zero (0.000005 → 0.00001, −0.000005 → −0.00001). */
export function roundDecimal(a: Decimal, places: number): Decimal {
  if (a.scale <= places) return a;
  const divisor = pow10n(a.scale - places);
  const negative = a.units < 0n;
  const abs = negative ? -a.units : a.units;
  let q = abs / divisor;
  if ((abs % divisor) * 2n >= divisor) q += 1n;
  return makeDecimal(negative ? -q : q, places);
}

/** Plain decimal text without exponent: `-0.02123`, `85`, `0`. */
export function formatDecimal(a: Decimal): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString();
  if (a.scale === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(a.scale + 1, '0');
  const cut = padded.length - a.scale;
  return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** The nearest JS number; exact for values with few digits, such as a 5-decimal output price. */
export function decimalToNumber(a: Decimal): number {
  return Number(formatDecimal(a));
}
