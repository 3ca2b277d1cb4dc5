import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDecimal } from '../../../engine/decimal.ts';
import { at, readRecordedFeed } from '../test-support.ts';
import { parseEnergiDataService } from './energidataservice.ts';

describe('parseEnergiDataService', () => {
  it('reads 140 quarter-hours in DKK per kWh with every digit as published', () => {
    const feed = parseEnergiDataService(readRecordedFeed('energidataservice/DayAheadPrices20251104.json'));
    assert.equal(feed.currency, 'DKK');
    assert.equal(feed.unit, 'kWh');
    assert.equal(feed.points.length, 140);
    assert.deepEqual(feed.points[0] && [feed.points[0].start, feed.points[0].end], [
      at('2025-11-04T12:00:00Z'),
      at('2025-11-04T12:15:00Z'),
    ]);
    assert.equal(feed.points[0] && formatDecimal(feed.points[0].value), '0.335967339');
    const last = feed.points.at(-1);
    assert.deepEqual(last && [last.start, last.end, formatDecimal(last.value)], [
      at('2025-11-05T22:45:00Z'),
      at('2025-11-05T23:00:00Z'),
      '0.542521155',
    ]);
    // A float artefact in the file: JSON.parse would read it as 0.529452855.
    const artefact = feed.points.find((p) => p.start === at('2025-11-05T11:45:00Z'));
    assert.equal(artefact && formatDecimal(artefact.value), '0.5294528549999999');
  });

  it('reads DKK per MWh for one price area when given the API records shape', () => {
    const text = JSON.stringify({
      records: [
        { TimeUTC: '2025-11-04T12:15:00', PriceArea: 'DK1', DayAheadPriceDKK: 401.5, DayAheadPriceEUR: 53.8 },
        { TimeUTC: '2025-11-04T12:00:00', PriceArea: 'DK1', DayAheadPriceDKK: 335.97, DayAheadPriceEUR: 45 },
        { TimeUTC: '2025-11-04T12:00:00', PriceArea: 'DK2', DayAheadPriceDKK: 350, DayAheadPriceEUR: 46.9 },
      ],
    });
    assert.throws(() => parseEnergiDataService(text), { code: 'area_missing' });
    const feed = parseEnergiDataService(text, { area: 'DK1' });
    assert.equal(feed.unit, 'MWh');
    assert.equal(feed.area, 'DK1');
    assert.deepEqual(
      feed.points.map((p) => [p.start, p.end, formatDecimal(p.value)]),
      [
        [at('2025-11-04T12:00:00Z'), at('2025-11-04T12:15:00Z'), '335.97'],
        [at('2025-11-04T12:15:00Z'), at('2025-11-04T12:30:00Z'), '401.5'],
      ],
    );
  });
});
