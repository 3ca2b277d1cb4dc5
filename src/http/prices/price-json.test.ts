import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { apiPriceOf, DATA_PLACEHOLDER, writePriceAnswer, type PriceAnswer } from './price-json.ts';

const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) });
const offset = fc.option(fc.integer({ min: -14 * 60, max: 14 * 60 }), { nil: null });
// prices as the API writes them: 5 decimals, negative ones included, and the odd tiny or huge one
const value = fc.oneof(
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => n / 100_000),
  fc.constantFrom(0, -0, 1e-5, -1e-5, 123456.78901, 1e21, -2.5e-7),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const confidence = fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));

const answerArb: fc.Arbitrary<PriceAnswer> = fc
  .record({
    offsetMinutes: offset,
    first: instant,
    rows: fc.array(
      fc.record({
        // mostly contiguous, as a series is; now and then a gap
        gap: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 86_400_000 })),
        length: fc.integer({ min: 1, max: 3 * 86_400_000 }),
        value,
        confidence,
      }),
      { maxLength: 60 },
    ),
    currency: fc.constantFrom('EUR', 'GBP', 'SEK'),
    zone: fc.constantFrom('Europe/Zürich', 'Asia/Kolkata', 'America/St_Johns'),
  })
  .map(({ offsetMinutes, first, rows, currency, zone }) => ({
    head: {
      id: 'prs_65e42cdd73e9f861edda35d7',
      object: 'price',
      location_timezone: zone,
      currency_code: currency,
      request: { start_time: '2025-01-01T00:00:00Z' },
      data: DATA_PLACEHOLDER,
      time_created: '2025-01-01T00:00:00Z',
      account_id: 'acc_65e42cdd73e9f861edda35d7',
    },
    rows: rows.reduce<{ start: number; end: number; value: number; confidence: number }[]>((out, r) => {
      const start = (out.at(-1)?.end ?? first) + r.gap;
      out.push({ start, end: start + r.length, value: r.value, confidence: r.confidence });
      return out;
    }, []),
    offsetMinutes,
  }));

describe('writePriceAnswer', () => {
  it('writes exactly the UTF-8 of JSON.stringify of the answer as objects, for any offset and number', () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        assert.equal(writePriceAnswer(answer).toString('utf8'), JSON.stringify(apiPriceOf(answer)));
      }),
      { numRuns: 500 },
    );
  });

  it('writes by hand: two rows at +02:00, data between request and time_created', () => {
    const answer: PriceAnswer = {
      head: { id: 'prs_1', request: {}, data: DATA_PLACEHOLDER, time_created: 'T' },
      rows: [
        {
          start: Date.UTC(2025, 5, 30, 21, 45),
          end: Date.UTC(2025, 5, 30, 22),
          value: -0.01234,
          confidence: 1,
        },
        {
          start: Date.UTC(2025, 5, 30, 22),
          end: Date.UTC(2025, 5, 30, 22, 0, 15),
          value: 0.2,
          confidence: 0.5,
        },
      ],
      offsetMinutes: 120,
    };
    assert.equal(
      writePriceAnswer(answer).toString('latin1'),
      '{"id":"prs_1","request":{},"data":[' +
        '{"valid_from":"2025-06-30T23:45:00+02:00","valid_to":"2025-07-01T00:00:00+02:00","price":{"value":-0.01234,"confidence":1}},' +
        '{"valid_from":"2025-07-01T00:00:00+02:00","valid_to":"2025-07-01T00:00:15+02:00","price":{"value":0.2,"confidence":0.5}}' +
        '],"time_created":"T"}',
    );
  });

  it('refuses a head without the data placeholder', () => {
    assert.throws(
      () => writePriceAnswer({ head: { id: 'x' }, rows: [], offsetMinutes: null }),
      /placeholder/i,
    );
  });
});
