import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDecimal, toDecimal } from './decimal.ts';
import {
  RatioSum,
  addRatios,
  compareRatios,
  formatRatio,
  makeRatio,
  ratioOf,
  ratioToDecimal,
  ratiosEqual,
  reduceRatio,
  roundRatio,
  shiftRatio,
  subtractRatios,
} from './ratio.ts';

const r = (n: bigint, d: bigint) => makeRatio(n, d);

describe('ratio', () => {
  it('adds exactly without a gcd when denominators are equal or divide each other', () => {
    assert.deepEqual(addRatios(r(1n, 10n), r(2n, 10n)), { n: 3n, d: 10n });
    assert.deepEqual(addRatios(r(1n, 1000n), r(2n, 10n)), { n: 201n, d: 1000n });
    assert.deepEqual(addRatios(r(1n, 3n), r(1n, 6n)), { n: 3n, d: 6n });
    assert.deepEqual(addRatios(r(1n, 4n), r(1n, 6n)), { n: 5n, d: 12n });
  });

  it('compares values, not fields, when ratios are not reduced', () => {
    assert.ok(ratiosEqual(r(1n, 2n), r(2n, 4n)));
    assert.equal(compareRatios(r(1n, 3n), r(333n, 1000n)), 1);
    assert.equal(compareRatios(r(-1n, 3n), r(0n, 1n)), -1);
    assert.deepEqual(reduceRatio(r(6n, -4n)), { n: -3n, d: 2n });
  });

  it('rounds half away from zero when output is written', () => {
    assert.equal(formatDecimal(roundRatio(r(1n, 200_000n), 5)), '0.00001'); // 0.000005
    assert.equal(formatDecimal(roundRatio(r(-1n, 200_000n), 5)), '-0.00001');
    assert.equal(formatDecimal(roundRatio(r(1n, 3n), 5)), '0.33333');
    assert.equal(formatDecimal(roundRatio(r(20_567n * 1_800_000n, 3_600_000n), 0)), '10284'); // Wh of 20567 W × 30 min
  });

  it('gives the exact decimal when the denominator has only 2s and 5s, and n/d otherwise', () => {
    assert.equal(formatDecimal(ratioToDecimal(r(3n, 8n))!), '0.375');
    assert.equal(ratioToDecimal(r(1n, 3n)), null);
    assert.equal(formatRatio(r(2n, 6n)), '1/3');
    assert.equal(formatRatio(r(-5n, 4n)), '-1.25');
    assert.equal(formatRatio(ratioOf(toDecimal('0.02123'))), '0.02123');
    assert.equal(formatRatio(shiftRatio(r(1n, 3n), 3)), '1000/3');
  });

  it('sums any terms exactly in any order when a RatioSum collects them', () => {
    const term = fc
      .tuple(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom(1n, 10n, 1000n, 3n, 900_000n, 7n),
      )
      .map(([n, d]) => r(n, d));
    fc.assert(
      fc.property(fc.array(term, { maxLength: 30 }), (terms) => {
        const a = new RatioSum();
        const b = new RatioSum();
        terms.forEach((t) => a.add(t));
        [...terms].reverse().forEach((t) => b.add(t));
        const folded = terms.reduce(addRatios, r(0n, 1n));
        assert.ok(ratiosEqual(a.value(), folded));
        assert.ok(ratiosEqual(b.value(), folded));
        assert.ok(ratiosEqual(subtractRatios(a.value(), folded), r(0n, 1n)));
      }),
    );
  });

  it('throws when a denominator is zero', () => {
    assert.throws(() => makeRatio(1n, 0n), RangeError);
  });
});
