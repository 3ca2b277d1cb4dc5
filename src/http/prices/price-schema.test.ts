import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatInOffset } from '../../lib/time.ts';
import { stringifyPrice } from './price-schema.ts';

type Price = Parameters<typeof stringifyPrice>[0];

const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
const offset = fc.integer({ min: -12 * 60, max: 14 * 60 });
// prices as the API writes them: 5 decimals, negative ones included, and the odd tiny one
const value = fc.oneof(
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => n / 100_000),
  fc.constantFrom(0, -0, 1e-5, -1e-5, 0.00001, 123456.78901),
);
const confidence = fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));

const priceArb: fc.Arbitrary<Price> = fc
  .record({
    offset,
    items: fc.array(
      fc.record({ from: instant, length: fc.integer({ min: 1, max: 86_400_000 }), value, confidence }),
      {
        maxLength: 50,
      },
    ),
    currency: fc.constantFrom('EUR', 'GBP', 'SEK'),
  })
  .map(
    ({ offset: minutes, items, currency }) =>
      ({
        id: 'prs_65e42cdd73e9f861edda35d7',
        object: 'price',
        location_id: 'loc_66879edb94bf861548cb7428',
        currency_code: currency,
        next_update: formatInOffset(Date.UTC(2025, 0, 1), minutes),
        request: { start_time: formatInOffset(Date.UTC(2025, 0, 1), minutes) },
        data: items.map((i) => ({
          valid_from: formatInOffset(i.from, minutes),
          valid_to: formatInOffset(i.from + i.length, minutes),
          price: { value: i.value, confidence: i.confidence },
        })),
        time_created: '2025-01-01T00:00:00Z',
        account_id: 'acc_65e42cdd73e9f861edda35d7',
      }) as unknown as Price,
  );

describe('stringifyPrice', () => {
  it('writes exactly what JSON.stringify writes, for any offset, price and confidence', () => {
    fc.assert(
      fc.property(priceArb, (price) => {
        assert.equal(stringifyPrice(price), JSON.stringify(price));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the field order of the presenter, with data between request and time_created', () => {
    const text = stringifyPrice({
      id: 'prs_1',
      object: 'price',
      next_update: '2025-01-01T00:00:00Z',
      request: {},
      data: [],
      time_created: '2025-01-01T00:00:00Z',
      account_id: 'acc_1',
    } as unknown as Price);
    assert.equal(
      text,
      '{"id":"prs_1","object":"price","next_update":"2025-01-01T00:00:00Z","request":{},"data":[],"time_created":"2025-01-01T00:00:00Z","account_id":"acc_1"}',
    );
  });
});
