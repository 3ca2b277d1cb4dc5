import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ZERO,
  addDecimals,
  compareDecimals,
  decimalToNumber,
  decimalsEqual,
  formatDecimal,
  makeDecimal,
  multiplyDecimals,
  parseDecimal,
  readDecimal,
  roundDecimal,
  shiftDecimal,
  subtractDecimals,
  toDecimal,
} from './decimal.ts';

const d = (text: string) => toDecimal(text);
const decimalArb = fc
  .record({
    units: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
    scale: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ units, scale }) => makeDecimal(units, scale));

describe('toDecimal', () => {
  it('reads a JS number through its shortest text when given 0.1', () => {
    assert.deepEqual(toDecimal(0.1), { units: 1n, scale: 1 });
  });
  it('reads exponent notation when the number is tiny', () => {
    assert.equal(formatDecimal(toDecimal(1.5e-7)), '0.00000015');
    assert.equal(formatDecimal(d('-2.5E3')), '-2500');
  });
  it('is canonical when the text has trailing zeros', () => {
    assert.deepEqual(d('0.2000'), d('0.2'));
    assert.deepEqual(d('-0.000'), ZERO);
  });
  it('throws a RangeError when the input is not a finite decimal', () => {
    assert.throws(() => toDecimal(Number.NaN), RangeError);
    assert.throws(() => toDecimal(Infinity), RangeError);
    assert.throws(() => toDecimal('1,5'), RangeError);
    assert.equal(parseDecimal('.'), null);
    assert.equal(readDecimal({}), null);
  });
});

describe('decimal arithmetic', () => {
  it('is exact when floating point is not: 0.1 + 0.2 = 0.3', () => {
    assert.ok(decimalsEqual(addDecimals(d('0.1'), d('0.2')), d('0.3')));
  });
  it('applies the market price formula exactly when market and surcharges are given', () => {
    const market = shiftDecimal(d('85.23'), -3); // per MWh → per kWh
    const price = multiplyDecimals(addDecimals(market, d('0.02123')), d('1.05'));
    assert.equal(formatDecimal(price), '0.111783');
  });
  it('rounds half away from zero when asked for 5 places', () => {
    assert.equal(formatDecimal(roundDecimal(d('0.000005'), 5)), '0.00001');
    assert.equal(formatDecimal(roundDecimal(d('-0.000005'), 5)), '-0.00001');
    assert.equal(formatDecimal(roundDecimal(d('0.1234549'), 5)), '0.12345');
    assert.equal(decimalToNumber(roundDecimal(d('0.0091665'), 5)), 0.00917);
  });
  it('keeps addition commutative and associative when values are arbitrary', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, decimalArb, (a, b, c) => {
        assert.deepEqual(addDecimals(a, b), addDecimals(b, a));
        assert.deepEqual(addDecimals(addDecimals(a, b), c), addDecimals(a, addDecimals(b, c)));
        assert.deepEqual(subtractDecimals(addDecimals(a, b), b), a);
      }),
      { numRuns: 200 },
    );
  });
  it('distributes multiplication over addition when values are arbitrary', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, decimalArb, (a, b, c) => {
        assert.deepEqual(
          multiplyDecimals(a, addDecimals(b, c)),
          addDecimals(multiplyDecimals(a, b), multiplyDecimals(a, c)),
        );
      }),
      { numRuns: 200 },
    );
  });
  it('rounds to within half a unit of the last place when values are arbitrary', () => {
    fc.assert(
      fc.property(decimalArb, fc.integer({ min: 0, max: 6 }), (a, places) => {
        const r = roundDecimal(a, places);
        assert.ok(r.scale <= places);
        const error = subtractDecimals(r, a);
        const half = makeDecimal(5n, places + 1);
        assert.ok(
          compareDecimals(error, half) <= 0 && compareDecimals(error, makeDecimal(-5n, places + 1)) >= 0,
        );
      }),
      { numRuns: 200 },
    );
  });
  it('round-trips through text when values are arbitrary', () => {
    fc.assert(
      fc.property(decimalArb, (a) => assert.deepEqual(parseDecimal(formatDecimal(a)), a)),
      { numRuns: 200 },
    );
  });
});
