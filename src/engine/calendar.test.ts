import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  DAY_MS,
  civilFromEpochDay,
  daysInMonth,
  epochDayFromCivil,
  formatClockTime,
  isoWeekdayOf,
  parseClockTime,
} from './calendar.ts';

describe('civilFromEpochDay', () => {
  it('matches Date in UTC when the day is arbitrary', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        const date = new Date(day * DAY_MS);
        const civil = civilFromEpochDay(day);
        assert.deepEqual(civil, {
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
        });
        assert.equal(epochDayFromCivil(civil.year, civil.month, civil.day), day);
        assert.equal(isoWeekdayOf(day), date.getUTCDay() === 0 ? 7 : date.getUTCDay());
      }),
      { numRuns: 300 },
    );
  });
  it('knows 29 February when the year is a leap year', () => {
    assert.equal(daysInMonth(2024, 2), 29);
    assert.equal(daysInMonth(2100, 2), 28);
    assert.equal(daysInMonth(2000, 2), 29);
    assert.equal(isoWeekdayOf(epochDayFromCivil(2025, 3, 30)), 7);
  });
});

describe('parseClockTime', () => {
  it('reads seconds of the day when the text is HH:MM:SS', () => {
    assert.equal(parseClockTime('00:00:00'), 0);
    assert.equal(parseClockTime('19:30:15'), 70_215);
    assert.equal(parseClockTime('23:59:59'), 86_399);
  });
  it('returns null when the text is not HH:MM:SS', () => {
    for (const bad of ['7:00:00', '07:00', '24:00:00', '12:60:00', '12:00:60', ' 07:00:00', 700]) {
      assert.equal(parseClockTime(bad), null, String(bad));
    }
  });
  it('reads 24:00:00 as the end of the day only when allowed', () => {
    assert.equal(parseClockTime('24:00:00', true), 86_400);
    assert.equal(formatClockTime(86_400), '24:00:00');
  });
});
