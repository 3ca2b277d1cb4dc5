import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { structureTypeOf, tariffForSlot, type Tariff } from './tariffs.ts';

const period = (from: string, to: string, fixed: number) => ({
  valid_from: from,
  valid_to: to,
  rate: [{ fixed }],
});
const tariff = (patch: Partial<Tariff>): Tariff =>
  ({
    id: 'trf_000000000000000000000001',
    marketRates: false,
    contractStart: 0,
    contractEnd: 1000,
    schedule: [
      { months: ['All'], days_and_hours: [{ days: ['All'], hours: [period('00:00:00', '00:00:00', 0.2)] }] },
    ],
    ...patch,
  }) as Tariff;

describe('structureTypeOf', () => {
  it('is FIXED when every block is one all-day period with one price', () => {
    assert.equal(structureTypeOf(tariff({})), 'FIXED');
  });

  it('is TIME_OF_DAY when the day has several periods or seasons differ in price', () => {
    const twoPeriods = [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [period('00:00:00', '07:00:00', 0.1), period('07:00:00', '00:00:00', 0.3)],
          },
        ],
      },
    ];
    const seasons = [
      { months: ['All'], days_and_hours: [{ days: ['All'], hours: [period('00:00:00', '00:00:00', 0.2)] }] },
      { months: ['Jan'], days_and_hours: [{ days: ['All'], hours: [period('00:00:00', '00:00:00', 0.3)] }] },
    ];
    assert.equal(structureTypeOf(tariff({ schedule: twoPeriods as Tariff['schedule'] })), 'TIME_OF_DAY');
    assert.equal(structureTypeOf(tariff({ schedule: seasons as Tariff['schedule'] })), 'TIME_OF_DAY');
  });

  it('is MARKET when the tariff follows market rates', () => {
    assert.equal(structureTypeOf(tariff({ marketRates: true })), 'MARKET');
  });
});

describe('tariffForSlot', () => {
  it('picks the newest tariff whose contract covers now, else the newest', () => {
    const old = tariff({ id: 'trf_000000000000000000000001', contractStart: 0, contractEnd: 100 });
    const next = tariff({ id: 'trf_000000000000000000000002', contractStart: 100, contractEnd: 200 });
    assert.equal(tariffForSlot([old, next], 50)?.id, old.id);
    assert.equal(tariffForSlot([old, next], 150)?.id, next.id);
    assert.equal(tariffForSlot([old, next], 500)?.id, next.id);
    assert.equal(tariffForSlot([], 500), undefined);
  });
});
