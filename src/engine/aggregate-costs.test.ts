import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CostPiece, aggregateCosts } from './aggregate-costs.ts';
import { toDecimal } from './decimal.ts';
import { formatRatio, ratioOf } from './ratio.ts';
import { at, iso } from './test-support.ts';

const piece = (from: string, to: string, kwh: string, cost: string, confidence = 1): CostPiece => ({
  start: at(from),
  end: at(to),
  energyKwh: ratioOf(toDecimal(kwh)),
  cost: ratioOf(toDecimal(cost)),
  confidence,
});

const text = (buckets: ReturnType<typeof aggregateCosts>) =>
  buckets.map((b) => [iso(b.start), iso(b.end), formatRatio(b.energyKwh), formatRatio(b.cost), b.confidence]);

describe('aggregateCosts', () => {
  it('makes the fall-back day a 25-hour bucket when the zone is Europe/London', () => {
    const buckets = aggregateCosts(
      [
        piece('2025-10-25T22:00:00Z', '2025-10-25T23:00:00Z', '1', '0.3'),
        piece('2025-10-25T23:00:00Z', '2025-10-26T07:00:00Z', '8', '0.8', 0.7),
        piece('2025-10-26T23:30:00Z', '2025-10-26T23:45:00Z', '0.25', '0.05'),
      ],
      { aggregation: 'DAY', timeZone: 'Europe/London' },
    );
    assert.deepEqual(text(buckets), [
      ['2025-10-24T23:00:00Z', '2025-10-25T23:00:00Z', '1', '0.3', 1],
      ['2025-10-25T23:00:00Z', '2025-10-27T00:00:00Z', '8.25', '0.85', 0.7],
    ]);
  });

  it('bounds a MONTH bucket by local midnights when the month changes offset', () => {
    const buckets = aggregateCosts(
      [
        piece('2025-03-01T00:00:00Z', '2025-03-01T01:00:00Z', '1', '0.2'),
        piece('2025-03-31T22:00:00Z', '2025-03-31T23:00:00Z', '1', '0.2'),
        piece('2025-03-31T23:00:00Z', '2025-04-01T00:00:00Z', '1', '0.3'),
      ],
      { aggregation: 'MONTH', timeZone: 'Europe/London' },
    );
    assert.deepEqual(text(buckets), [
      ['2025-03-01T00:00:00Z', '2025-03-31T23:00:00Z', '2', '0.4', 1],
      ['2025-03-31T23:00:00Z', '2025-04-30T23:00:00Z', '1', '0.3', 1],
    ]);
  });

  it('splits a piece pro rata in time when it crosses a local midnight', () => {
    // 3 hours across midnight in New York (EST): one third before, two thirds after.
    const buckets = aggregateCosts([piece('2025-01-10T04:00:00Z', '2025-01-10T07:00:00Z', '3', '1')], {
      aggregation: 'DAY',
      timeZone: 'America/New_York',
    });
    assert.deepEqual(text(buckets), [
      ['2025-01-09T05:00:00Z', '2025-01-10T05:00:00Z', '1', '1/3', 1],
      ['2025-01-10T05:00:00Z', '2025-01-11T05:00:00Z', '2', '2/3', 1],
    ]);
  });

  it('clips buckets and pieces to the window when a window is given', () => {
    const buckets = aggregateCosts(
      [
        piece('2025-06-01T10:00:00Z', '2025-06-01T12:00:00Z', '2', '0.4'),
        piece('2025-06-01T12:00:00Z', '2025-06-01T12:00:00Z', '0', '0'),
        piece('2025-06-02T10:00:00Z', '2025-06-02T11:00:00Z', '1', '0.2', 0.5),
      ],
      {
        aggregation: 'DAY',
        timeZone: 'UTC',
        window: { start: at('2025-06-01T11:00:00Z'), end: at('2025-06-02T00:00:00Z') },
      },
    );
    assert.deepEqual(text(buckets), [['2025-06-01T11:00:00Z', '2025-06-02T00:00:00Z', '1', '0.2', 1]]);
  });

  it('returns no bucket when there are no pieces', () => {
    assert.deepEqual(aggregateCosts([], { aggregation: 'MONTH', timeZone: 'Europe/London' }), []);
  });
});
