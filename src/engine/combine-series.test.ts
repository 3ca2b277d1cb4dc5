import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineSeries, coveredMs } from './combine-series.ts';
import { formatDecimal, toDecimal, ZERO } from './decimal.ts';
import { createPriceInterval, type PriceInterval } from './price-series.ts';

const interval = (start: number, end: number, price: string, confidence = 1): PriceInterval =>
  createPriceInterval(start, end, toDecimal(price), confidence, null, [
    { fromKwh: ZERO, toKwh: null, price: toDecimal(price), fixed: toDecimal(price), percentage: ZERO },
  ]);

describe('combineSeries', () => {
  it('adds the parts exactly and cuts at both series boundaries', () => {
    const combined = combineSeries(
      [interval(0, 60, '0.1'), interval(60, 120, '0.2')],
      [interval(30, 90, '0.05', 0.8)],
    );
    assert.deepEqual(
      combined.map((c) => [c.start, c.end, formatDecimal(c.price), c.confidence]),
      [
        [0, 30, '0.1', 1],
        [30, 60, '0.15', 0.8],
        [60, 90, '0.25', 0.8],
        [90, 120, '0.2', 1],
      ],
    );
  });

  it('leaves a hole where neither part has a price', () => {
    const combined = combineSeries([interval(0, 10, '1')], [interval(20, 30, '2')]);
    assert.deepEqual(
      combined.map((c) => [c.start, c.end]),
      [
        [0, 10],
        [20, 30],
      ],
    );
    assert.equal(coveredMs(combined, 0, 30), 20);
  });
});
