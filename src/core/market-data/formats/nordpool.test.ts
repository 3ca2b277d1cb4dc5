import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDecimal } from '../../../engine/decimal.ts';
import { at, readRecordedFeed } from '../test-support.ts';
import { parseNordPool } from './nordpool.ts';

describe('parseNordPool', () => {
  it('reads 24 hourly NL prices in EUR per MWh when the file is a DayAheadPrices response', () => {
    const feed = parseNordPool(readRecordedFeed('nordpool/delivery_period_nl.json'));
    assert.equal(feed.currency, 'EUR');
    assert.equal(feed.unit, 'MWh');
    assert.equal(feed.area, 'NL');
    assert.equal(feed.publishedAt, at('2024-11-04T11:58:10.771Z'));
    assert.equal(feed.points.length, 24);
    const [first] = feed.points;
    assert.deepEqual(first && [first.start, first.end, formatDecimal(first.value)], [
      at('2024-11-04T23:00:00Z'),
      at('2024-11-05T00:00:00Z'),
      '83.63',
    ]);
    assert.equal(feed.points[1] && formatDecimal(feed.points[1].value), '94');
    const last = feed.points.at(-1);
    assert.deepEqual(last && [last.start, last.end, formatDecimal(last.value)], [
      at('2024-11-05T22:00:00Z'),
      at('2024-11-05T23:00:00Z'),
      '110.03',
    ]);
  });

  it('reads 96 quarter-hours of SE3 in SEK per MWh when the file is a 15-minute price index', () => {
    const feed = parseNordPool(readRecordedFeed('nordpool/indices_15.json'));
    assert.equal(feed.currency, 'SEK');
    assert.equal(feed.area, 'SE3');
    assert.equal(feed.points.length, 96);
    assert.ok(feed.points.every((p) => p.end - p.start === 15 * 60_000));
    assert.equal(feed.points[0]?.start, at('2025-09-30T22:00:00Z'));
    assert.equal(feed.points[0] && formatDecimal(feed.points[0].value), '556.68');
    assert.equal(feed.points[1] && formatDecimal(feed.points[1].value), '519.88');
    assert.equal(feed.points.at(-1)?.end, at('2025-10-01T22:00:00Z'));
    const values = feed.points.map((p) => Number(formatDecimal(p.value)));
    assert.equal(Math.min(...values), 441.96);
    assert.equal(Math.max(...values), 3828.03);
  });

  it('chooses the named area, then the preferred one, and otherwise asks when several are present', () => {
    const text = JSON.stringify({
      currency: 'EUR',
      deliveryAreas: ['AT', 'GER'],
      multiAreaEntries: [
        {
          deliveryStart: '2025-01-01T00:00:00Z',
          deliveryEnd: '2025-01-01T01:00:00Z',
          entryPerArea: { AT: 1.5, GER: -2.25 },
        },
      ],
    });
    assert.throws(() => parseNordPool(text), { code: 'area_missing' });
    assert.equal(formatDecimal(parseNordPool(text, { area: 'GER' }).points[0]!.value), '-2.25');
    assert.equal(parseNordPool(text, { preferredArea: 'AT' }).area, 'AT');
    assert.throws(() => parseNordPool(text, { area: 'SE3' }), { code: 'area_invalid' });
  });

  it('refuses a document without entries or currency', () => {
    assert.throws(() => parseNordPool('{"currency":"EUR"}'), { code: 'feed_invalid' });
    assert.throws(() => parseNordPool('{"multiAreaEntries":[]}'), { code: 'feed_invalid' });
    assert.throws(() => parseNordPool('not json'), { code: 'feed_invalid' });
  });
});
