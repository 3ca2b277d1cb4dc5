import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { importUrdb } from './urdb.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const REOPT = read('../../../../test/fixtures/openei-urdb/multi_tier_urdb_response.json');
const FPL = read('../../../../catalogue/urdb/fpl-rs-1-residential.json');

describe('importUrdb', () => {
  it('adds adj to rate and keeps the 1,000 kWh monthly tier of FPL RS-1 when the record is tiered', () => {
    const data = importUrdb(FPL, { regions: ['US-FL'] });
    assert.deepEqual(
      data.providers.map((p) => [p.ref, p.displayName, p.countries, p.regions]),
      [['urdb-utility:6452', 'Florida Power & Light Co.', ['US'], ['US-FL']]],
    );
    const [tariff] = data.tariffs;
    assert.equal(tariff?.ref, 'urdb:5550d6fd5457a3187e8b4567');
    assert.equal(tariff?.name, 'RS-1 Residential Service');
    assert.equal(tariff?.currencyCode, 'USD');
    // startdate 1433116800 = 2015-06-01T00:00Z, enddate 1440975600 = 2015-08-30T23:00Z
    assert.equal(tariff?.validFrom, Date.parse('2015-06-01T00:00:00Z'));
    assert.equal(tariff?.validTo, Date.parse('2015-08-30T23:00:00Z'));
    // 0.07531 + 0.0119 = 0.08721 up to 1000 kWh; 0.09613 + 0.0119 = 0.10803 after; every month, every hour
    assert.deepEqual(tariff?.schedule, [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [
              {
                valid_from: '00:00:00',
                valid_to: '00:00:00',
                rate: [{ fixed: 0.08721, to_kwh: 1000 }, { fixed: 0.10803 }],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('groups months by their period rows when the record is seasonal (REopt multi-tier)', () => {
    const data = importUrdb(REOPT, { providerName: 'REopt test utility' });
    assert.equal(data.providers[0]?.displayName, 'REopt test utility');
    const schedule = data.tariffs[0]?.schedule;
    // period 2 (0.061731) in Jan–Apr and Nov–Dec; period 1 (0.078891 to 20,000 kWh, then 0.06) May–Oct
    assert.deepEqual(schedule, [
      {
        months: ['Jan', 'Feb', 'Mar', 'Apr', 'Nov', 'Dec'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.061731 }] }],
          },
        ],
      },
      {
        months: ['May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [
              {
                valid_from: '00:00:00',
                valid_to: '00:00:00',
                rate: [{ fixed: 0.078891, to_kwh: 20000 }, { fixed: 0.06 }],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('splits weekdays from weekends and hours into runs when the periods differ by hour', () => {
    const record = JSON.parse(REOPT) as Record<string, unknown>;
    const weekday = (record.energyweekdayschedule as number[][]).map((row, m) =>
      m === 0 ? row.map((_p, h) => (h >= 16 && h < 21 ? 0 : 2)) : row,
    );
    const data = importUrdb(JSON.stringify({ ...record, energyweekdayschedule: weekday }), {
      providerName: 'X',
    });
    const january = data.tariffs[0]?.schedule[0];
    assert.deepEqual(january?.months, ['Jan']);
    assert.deepEqual(
      january?.days_and_hours.map((b) => [
        b.days,
        b.hours.map((p) => `${p.valid_from}-${p.valid_to}:${p.rate[0]?.fixed}`),
      ]),
      [
        [['Weekdays'], ['00:00:00-16:00:00:0.061731', '16:00:00-21:00:00:0', '21:00:00-00:00:00:0.061731']],
        [['Weekend'], ['00:00:00-00:00:00:0.061731']],
      ],
    );
  });

  it('refuses a record without a utility when no provider name is given', () => {
    assert.throws(
      () => importUrdb(REOPT),
      (e: Error & { code?: string }) => e.code === 'catalogue_file_invalid',
    );
    assert.throws(
      () => importUrdb('{'),
      (e: Error & { code?: string }) => e.code === 'catalogue_file_invalid',
    );
  });
});
