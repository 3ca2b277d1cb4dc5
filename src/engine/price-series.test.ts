import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ZERO, decimalToNumber, makeDecimal, roundDecimal, toDecimal } from './decimal.ts';
import {
  type PriceInterval,
  PriceSeriesBuilder,
  type TierPrice,
  createPriceInterval,
  cutPriceIntervals,
  mergePriceIntervals,
  roundPrice,
  roundPriceSeries,
  samePriceBreakdown,
} from './price-series.ts';
import { at, rows } from './test-support.ts';

const ladder = (price: string, above?: string): TierPrice[] => {
  const first = {
    fromKwh: ZERO,
    toKwh: above ? toDecimal(100) : null,
    price: toDecimal(price),
    fixed: toDecimal(price),
    percentage: ZERO,
  };
  return above
    ? [
        first,
        {
          fromKwh: toDecimal(100),
          toKwh: null,
          price: toDecimal(above),
          fixed: toDecimal(above),
          percentage: ZERO,
        },
      ]
    : [first];
};
const interval = (from: string, to: string, price: string, confidence = 1, above?: string): PriceInterval => {
  const tiers = ladder(price, above);
  return createPriceInterval(at(from), at(to), tiers[0]?.price ?? ZERO, confidence, null, tiers);
};

describe('mergePriceIntervals', () => {
  it('joins touching neighbours when their breakdowns are equal', () => {
    const merged = mergePriceIntervals([
      interval('2025-01-01T00:00:00Z', '2025-01-01T01:00:00Z', '0.2'),
      interval('2025-01-01T01:00:00Z', '2025-01-01T02:00:00Z', '0.20'),
      interval('2025-01-01T02:00:00Z', '2025-01-01T03:00:00Z', '0.3'),
    ]);
    assert.deepEqual(rows(merged), [
      ['2025-01-01T00:00:00Z', '2025-01-01T02:00:00Z', '0.2'],
      ['2025-01-01T02:00:00Z', '2025-01-01T03:00:00Z', '0.3'],
    ]);
  });
  it('keeps neighbours apart when confidence, upper tiers or a gap differ', () => {
    assert.equal(
      mergePriceIntervals([
        interval('2025-01-01T00:00:00Z', '2025-01-01T01:00:00Z', '0.2'),
        interval('2025-01-01T01:00:00Z', '2025-01-01T02:00:00Z', '0.2', 0.8),
        interval('2025-01-01T02:00:00Z', '2025-01-01T03:00:00Z', '0.2', 0.8, '0.3'),
        interval('2025-01-01T04:00:00Z', '2025-01-01T05:00:00Z', '0.2', 0.8, '0.3'),
      ]).length,
      4,
    );
  });
});

describe('cutPriceIntervals', () => {
  it('cuts at every grid line when an interval spans several cells', () => {
    const cut = cutPriceIntervals([interval('2025-01-01T00:10:00Z', '2025-01-01T00:50:00Z', '0.2')], 900_000);
    assert.deepEqual(
      rows(cut).map((r) => [r[0], r[1]]),
      [
        ['2025-01-01T00:10:00Z', '2025-01-01T00:15:00Z'],
        ['2025-01-01T00:15:00Z', '2025-01-01T00:30:00Z'],
        ['2025-01-01T00:30:00Z', '2025-01-01T00:45:00Z'],
        ['2025-01-01T00:45:00Z', '2025-01-01T00:50:00Z'],
      ],
    );
  });
  it('aligns the grid to the origin when one is given', () => {
    const cut = cutPriceIntervals(
      [interval('2025-01-01T00:00:00Z', '2025-01-01T02:00:00Z', '0.2')],
      3_600_000,
      at('2025-01-01T00:30:00Z'),
    );
    assert.deepEqual(
      rows(cut).map((r) => r[0]),
      ['2025-01-01T00:00:00Z', '2025-01-01T00:30:00Z', '2025-01-01T01:30:00Z'],
    );
  });
  it('throws a RangeError when the step is not a positive whole number of ms', () => {
    assert.throws(() => cutPriceIntervals([], 0), RangeError);
    assert.throws(() => cutPriceIntervals([], 1.5), RangeError);
  });
});

describe('roundPriceSeries', () => {
  it('merges neighbours whose written value and confidence are equal when rounding to 5 decimals', () => {
    const written = roundPriceSeries([
      interval('2025-01-01T00:00:00Z', '2025-01-01T01:00:00Z', '0.111783'),
      interval('2025-01-01T01:00:00Z', '2025-01-01T02:00:00Z', '0.1117801'),
      interval('2025-01-01T02:00:00Z', '2025-01-01T03:00:00Z', '0.1117801', 0.5),
    ]);
    assert.deepEqual(written, [
      { start: at('2025-01-01T00:00:00Z'), end: at('2025-01-01T02:00:00Z'), value: 0.11178, confidence: 1 },
      { start: at('2025-01-01T02:00:00Z'), end: at('2025-01-01T03:00:00Z'), value: 0.11178, confidence: 0.5 },
    ]);
  });
});

describe('roundPrice', () => {
  const exact = (units: bigint, scale: number, places: number) =>
    decimalToNumber(roundDecimal(makeDecimal(units, scale), places));

  it('rounds half away from zero, by hand', () => {
    assert.equal(roundPrice(toDecimal('0.000005')), 0.00001);
    assert.equal(roundPrice(toDecimal('-0.000005')), -0.00001);
    assert.equal(roundPrice(toDecimal('0.1234549999')), 0.12345);
    assert.equal(roundPrice(toDecimal('-0.000004')), 0); // a positive zero, as the decimal path gives
    assert.ok(Object.is(roundPrice(toDecimal('-0.000004')), 0));
    assert.equal(roundPrice(toDecimal('12345678901234567890.123456')), 12345678901234567890.12346);
  });

  it('gives the decimal path’s number for any units, scale and places', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
          fc.bigInt({ min: -99_999n, max: 99_999n }),
        ),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 8 }),
        (units, scale, places) => {
          assert.ok(Object.is(roundPrice(makeDecimal(units, scale), places), exact(units, scale, places)));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('samePriceBreakdown', () => {
  it('compares values, not object identity, when ladders are built separately', () => {
    const a = interval('2025-01-01T00:00:00Z', '2025-01-01T01:00:00Z', '0.2', 1, '0.3');
    const b = interval('2025-01-01T01:00:00Z', '2025-01-01T02:00:00Z', '0.200', 1, '0.30');
    assert.ok(samePriceBreakdown(a, b));
    assert.ok(
      !samePriceBreakdown(a, interval('2025-01-01T01:00:00Z', '2025-01-01T02:00:00Z', '0.2', 1, '0.31')),
    );
  });
});

describe('PriceSeriesBuilder columns', () => {
  it('grows past its first room and keeps every piece, merged and cut, in order', () => {
    const cheap = { price: toDecimal('0.1'), market: null, tiers: ladder('0.1') };
    const dear = { price: toDecimal('0.3'), market: null, tiers: ladder('0.3') };
    const builder = new PriceSeriesBuilder(60_000, 0, 1);
    // 100 two-minute pieces alternating in pairs: each pair merges into 4 minutes, cut per minute
    for (let k = 0; k < 100; k++) builder.add(k * 120_000, (k + 1) * 120_000, 1, k % 4 < 2 ? cheap : dear);
    const series = builder.finishSeries();
    assert.equal(series.length, 200);
    assert.deepEqual(
      Array.from({ length: series.length }, (_, i) => [series.starts[i], series.ends[i]]),
      Array.from({ length: 200 }, (_, i) => [i * 60_000, (i + 1) * 60_000]),
    );
    assert.deepEqual(
      series.toIntervals().map((i) => decimalToNumber(i.price)),
      Array.from({ length: 200 }, (_, i) => (Math.floor(i / 4) % 2 === 0 ? 0.1 : 0.3)),
    );
    assert.equal(series.coveredMs(30_000, 90_000), 60_000);
    assert.throws(() => builder.add(12_000_000, 12_060_000, 1, cheap), /after finish/);
  });
});
