import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { ZONES, zoneTransitions } from './arbitrary-tariffs.ts';
import { DAY_MS, epochDayFromCivil } from './calendar.ts';
import {
  canonicalTimeZone,
  hasZoneTransitionBetween,
  isValidTimeZone,
  localToInstant,
  localToInstantTemporal,
  readLocalTime,
  startOfLocalDay,
  startOfLocalMonth,
  zoneOffsetAt,
} from './time-zones.ts';
import { at, iso } from './test-support.ts';

const local = (y: number, m: number, d: number, h = 0, min = 0) =>
  epochDayFromCivil(y, m, d) * DAY_MS + h * 3_600_000 + min * 60_000;
const instantArb = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2027, 0, 1) });

describe('zoneOffsetAt', () => {
  it('agrees with Temporal when the zone and instant are arbitrary', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES, 'Pacific/Chatham', 'Asia/Kathmandu'), instantArb, (zone, t) => {
        const expected =
          Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;
        assert.equal(zoneOffsetAt(zone, t), expected);
      }),
      { numRuns: 300 },
    );
  });
  it('finds every transition Temporal knows when the years are 2024–2026', () => {
    for (const zone of ZONES) {
      for (const t of zoneTransitions(zone)) {
        assert.ok(hasZoneTransitionBetween(zone, t - 1, t + 1), `${zone} ${iso(t)}`);
        assert.notEqual(zoneOffsetAt(zone, t - 1), zoneOffsetAt(zone, t));
      }
    }
    assert.equal(
      hasZoneTransitionBetween('Asia/Kolkata', at('2024-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z')),
      false,
    );
  });
  it('throws a RangeError when the zone is unknown', () => {
    assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isValidTimeZone('Europe/London'), true);
    assert.throws(() => zoneOffsetAt('Mars/Olympus_Mons', 0), RangeError);
    assert.equal(canonicalTimeZone('europe/london'), 'Europe/London');
  });
});

describe('localToInstant', () => {
  it('agrees with the Temporal reference when the wall time is arbitrary', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instantArb, (zone, l) => {
        assert.equal(localToInstant(zone, l), localToInstantTemporal(zone, l));
      }),
      { numRuns: 300 },
    );
  });
  it('agrees with the Temporal reference when the wall time is near a transition', () => {
    for (const zone of ZONES) {
      for (const t of zoneTransitions(zone)) {
        for (let l = t - 3 * 3_600_000; l <= t + 16 * 3_600_000; l += 15 * 60_000) {
          assert.equal(localToInstant(zone, l), localToInstantTemporal(zone, l), `${zone} ${iso(l)}`);
        }
      }
    }
  });
  it('moves a skipped wall time to the clock change when clocks go forward', () => {
    assert.equal(iso(localToInstant('Europe/London', local(2025, 3, 30, 1, 30))), '2025-03-30T01:00:00Z');
    assert.equal(iso(localToInstant('America/New_York', local(2025, 3, 9, 2, 30))), '2025-03-09T07:00:00Z');
    assert.equal(iso(localToInstant('Australia/Sydney', local(2025, 10, 5, 2, 30))), '2025-10-04T16:00:00Z');
  });
  it('takes the first occurrence of a repeated wall time when clocks go back', () => {
    assert.equal(iso(localToInstant('Europe/London', local(2025, 10, 26, 1, 30))), '2025-10-26T00:30:00Z');
    assert.equal(iso(localToInstant('America/New_York', local(2025, 11, 2, 1, 30))), '2025-11-02T05:30:00Z');
    assert.equal(iso(localToInstant('Australia/Sydney', local(2025, 4, 6, 2, 30))), '2025-04-05T15:30:00Z');
  });
});

describe('startOfLocalDay', () => {
  it('gives 23 and 25 hour days when the date is a DST change', () => {
    const hours = (zone: string, y: number, m: number, d: number) => {
      const day = epochDayFromCivil(y, m, d);
      return (startOfLocalDay(zone, day + 1) - startOfLocalDay(zone, day)) / 3_600_000;
    };
    assert.equal(hours('Europe/London', 2025, 3, 30), 23);
    assert.equal(hours('Europe/London', 2025, 10, 26), 25);
    assert.equal(hours('America/New_York', 2025, 3, 9), 23);
    assert.equal(hours('America/New_York', 2025, 11, 2), 25);
    assert.equal(hours('Australia/Sydney', 2025, 4, 6), 25);
    assert.equal(hours('Australia/Sydney', 2025, 10, 5), 23);
    assert.equal(hours('Australia/Lord_Howe', 2025, 10, 5), 23.5);
    assert.equal(hours('Asia/Kolkata', 2025, 3, 30), 24);
  });
  it('starts a month at local midnight of its first day when asked for a month', () => {
    assert.equal(iso(startOfLocalMonth('Europe/London', 2025, 7)), '2025-06-30T23:00:00Z');
    assert.equal(iso(startOfLocalMonth('Australia/Sydney', 2025, 1)), '2024-12-31T13:00:00Z');
  });
  it('starts at the clock change when midnight itself is skipped', () => {
    // Santiago moves from 00:00 to 01:00 on 2025-09-07
    assert.equal(
      iso(startOfLocalDay('America/Santiago', epochDayFromCivil(2025, 9, 7))),
      '2025-09-07T04:00:00Z',
    );
    assert.equal(readLocalTime('America/Santiago', at('2025-09-07T04:00:00Z')).msOfDay, 3_600_000);
  });
});

describe('isValidTimeZone', () => {
  it('returns true when the zone is an IANA name or canonical alias', () => {
    for (const zone of [
      'Europe/London',
      'UTC',
      'Etc/UTC',
      'GMT',
      'Etc/GMT+5',
      'Etc/GMT-14',
      'America/Argentina/Buenos_Aires',
      'America/Indiana/Indianapolis',
      'Europe/Kyiv',
      'Pacific/Kanton',
      'America/Port-au-Prince',
      'US/Eastern',
    ]) {
      assert.equal(isValidTimeZone(zone), true, zone);
    }
  });

  it('returns false when the zone is empty, unknown, out of range or case-mangled', () => {
    for (const zone of [
      '',
      'Mars/Olympus',
      'GMT+99',
      'Etc/GMT+15',
      '+01:00',
      'utc',
      'Utc',
      'Etc/Utc',
      'etc/gmt+5',
      'Etc/Gmt+5',
      'europe/london',
      'Europe/LONDON',
      'Europe/KYIV',
      ' Europe/London',
    ]) {
      assert.equal(isValidTimeZone(zone), false, zone);
    }
  });

  it('returns the same answer when asked again', () => {
    assert.equal(isValidTimeZone('Asia/Tokyo'), true);
    assert.equal(isValidTimeZone('Asia/Tokyo'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
  });
});
