import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDecimal } from '../../../engine/decimal.ts';
import { at, readRecordedFeed } from '../test-support.ts';
import { parseEnergyZero } from './energyzero.ts';

describe('parseEnergyZero', () => {
  it('reads 24 hourly all-in prices in EUR per kWh, inferring each end from the spacing', () => {
    const feed = parseEnergyZero(readRecordedFeed('energyzero/today_energy.json'));
    assert.equal(feed.currency, 'EUR');
    assert.equal(feed.unit, 'kWh');
    assert.equal(feed.points.length, 24);
    assert.deepEqual(
      feed.points[0] && [feed.points[0].start, feed.points[0].end, formatDecimal(feed.points[0].value)],
      [at('2022-12-06T23:00:00Z'), at('2022-12-07T00:00:00Z'), '0.35'],
    );
    const last = feed.points.at(-1);
    assert.deepEqual(last && [last.start, last.end, formatDecimal(last.value)], [
      at('2022-12-07T22:00:00Z'),
      at('2022-12-07T23:00:00Z'),
      '0.31',
    ]);
  });

  it('refuses a reading date without an offset, which would depend on the machine zone', () => {
    assert.throws(() => parseEnergyZero('{"Prices":[{"price":0.3,"readingDate":"2022-12-07T00:00:00"}]}'), {
      code: 'feed_invalid',
    });
  });
});
