import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDecimal } from '../../../engine/decimal.ts';
import { at, readRecordedFeed } from '../test-support.ts';
import { parseOctopus } from './octopus.ts';

describe('parseOctopus', () => {
  const feed = parseOctopus(readRecordedFeed('octopus-agile/large_response_46_results.json'));

  it('stores value_exc_vat in pence (GBX) per kWh, oldest first, when reading standard-unit-rates', () => {
    assert.equal(feed.currency, 'GBX');
    assert.equal(feed.unit, 'kWh');
    assert.equal(feed.points.length, 46);
    const [first] = feed.points;
    assert.deepEqual(first && [first.start, first.end, formatDecimal(first.value)], [
      at('2025-11-30T00:00:00Z'),
      at('2025-11-30T00:30:00Z'),
      '10.18',
    ]);
    const last = feed.points.at(-1);
    assert.deepEqual(last && [last.start, last.end, formatDecimal(last.value)], [
      at('2025-11-30T22:30:00Z'),
      at('2025-11-30T23:00:00Z'),
      '13.73',
    ]);
    assert.ok(feed.points.every((p) => p.end - p.start === 30 * 60_000));
  });

  it('refuses an open-ended rate when valid_to is null', () => {
    const text =
      '{"results":[{"value_exc_vat":20,"value_inc_vat":21,"valid_from":"2025-01-01T00:00:00Z","valid_to":null}]}';
    assert.throws(() => parseOctopus(text), { code: 'feed_invalid' });
  });
});
