import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTariff } from './compile-tariff.ts';
import { everyDay, flatTariff, period, tariffWith, weekdayWeekendTariff } from './example-tariffs.ts';
import { expandTariff } from './expand-tariff.ts';
import { expandTariffNaive } from './expand-tariff-naive.ts';
import type { TariffDefinition } from './tariff-definition.ts';
import { at, rows } from './test-support.ts';

/** Off-peak until `switchAt` (inside the DST hour of the zone), day rate, 16:00–19:00 peak, evening. */
const probe = (timezone: string, switchAt: string): TariffDefinition =>
  tariffWith(
    [
      {
        months: ['All'],
        days_and_hours: [
          everyDay(
            period('00:00:00', switchAt, { fixed: 0.1 }),
            period(switchAt, '16:00:00', { fixed: 0.2 }),
            period('16:00:00', '19:00:00', { fixed: 0.4 }),
            period('19:00:00', '00:00:00', { fixed: 0.3 }),
          ),
        ],
      },
    ],
    { timezone },
  );

const expandBoth = (tariff: TariffDefinition, from: string, to: string, options = {}) => {
  const window = { start: at(from), end: at(to) };
  const fast = expandTariff(compileTariff(tariff), window, options);
  assert.deepEqual(fast, expandTariffNaive(tariff, window, options), 'fast path and naive oracle differ');
  return rows(fast);
};

const hours = (tariff: TariffDefinition, from: string, to: string) =>
  expandTariff(compileTariff(tariff), { start: at(from), end: at(to) }, { resolutionMs: 3_600_000 }).length;

describe('expandTariff on DST days', () => {
  it('moves a boundary in the skipped hour to the clock change when London springs forward', () => {
    assert.deepEqual(
      expandBoth(probe('Europe/London', '01:30:00'), '2025-03-30T00:00:00Z', '2025-03-30T23:00:00Z'),
      [
        ['2025-03-30T00:00:00Z', '2025-03-30T01:00:00Z', '0.1'],
        ['2025-03-30T01:00:00Z', '2025-03-30T15:00:00Z', '0.2'],
        ['2025-03-30T15:00:00Z', '2025-03-30T18:00:00Z', '0.4'],
        ['2025-03-30T18:00:00Z', '2025-03-30T23:00:00Z', '0.3'],
      ],
    );
  });

  it('puts a boundary in the repeated hour at its first occurrence when London falls back', () => {
    assert.deepEqual(
      expandBoth(probe('Europe/London', '01:30:00'), '2025-10-25T23:00:00Z', '2025-10-27T00:00:00Z'),
      [
        ['2025-10-25T23:00:00Z', '2025-10-26T00:30:00Z', '0.1'],
        ['2025-10-26T00:30:00Z', '2025-10-26T16:00:00Z', '0.2'],
        ['2025-10-26T16:00:00Z', '2025-10-26T19:00:00Z', '0.4'],
        ['2025-10-26T19:00:00Z', '2025-10-27T00:00:00Z', '0.3'],
      ],
    );
  });

  it('handles both New York changes when the boundary sits in the DST hour', () => {
    assert.deepEqual(
      expandBoth(probe('America/New_York', '02:30:00'), '2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z'),
      [
        ['2025-03-09T05:00:00Z', '2025-03-09T07:00:00Z', '0.1'],
        ['2025-03-09T07:00:00Z', '2025-03-09T20:00:00Z', '0.2'],
        ['2025-03-09T20:00:00Z', '2025-03-09T23:00:00Z', '0.4'],
        ['2025-03-09T23:00:00Z', '2025-03-10T04:00:00Z', '0.3'],
      ],
    );
    assert.deepEqual(
      expandBoth(probe('America/New_York', '01:30:00'), '2025-11-02T04:00:00Z', '2025-11-03T05:00:00Z'),
      [
        ['2025-11-02T04:00:00Z', '2025-11-02T05:30:00Z', '0.1'],
        ['2025-11-02T05:30:00Z', '2025-11-02T21:00:00Z', '0.2'],
        ['2025-11-02T21:00:00Z', '2025-11-03T00:00:00Z', '0.4'],
        ['2025-11-03T00:00:00Z', '2025-11-03T05:00:00Z', '0.3'],
      ],
    );
  });

  it('handles both Sydney changes when the seasons are reversed', () => {
    assert.deepEqual(
      expandBoth(probe('Australia/Sydney', '02:30:00'), '2025-04-05T13:00:00Z', '2025-04-06T14:00:00Z'),
      [
        ['2025-04-05T13:00:00Z', '2025-04-05T15:30:00Z', '0.1'],
        ['2025-04-05T15:30:00Z', '2025-04-06T06:00:00Z', '0.2'],
        ['2025-04-06T06:00:00Z', '2025-04-06T09:00:00Z', '0.4'],
        ['2025-04-06T09:00:00Z', '2025-04-06T14:00:00Z', '0.3'],
      ],
    );
    assert.deepEqual(
      expandBoth(probe('Australia/Sydney', '02:30:00'), '2025-10-04T14:00:00Z', '2025-10-05T13:00:00Z'),
      [
        ['2025-10-04T14:00:00Z', '2025-10-04T16:00:00Z', '0.1'],
        ['2025-10-04T16:00:00Z', '2025-10-05T05:00:00Z', '0.2'],
        ['2025-10-05T05:00:00Z', '2025-10-05T08:00:00Z', '0.4'],
        ['2025-10-05T08:00:00Z', '2025-10-05T13:00:00Z', '0.3'],
      ],
    );
  });

  it('starts the day at the clock change when Santiago skips midnight', () => {
    // 2025-09-07: 00:00 -04 becomes 01:00 -03 at 04:00Z; 00:30 does not exist that day
    assert.deepEqual(
      expandBoth(probe('America/Santiago', '00:30:00'), '2025-09-07T04:00:00Z', '2025-09-08T03:00:00Z'),
      [
        ['2025-09-07T04:00:00Z', '2025-09-07T19:00:00Z', '0.2'],
        ['2025-09-07T19:00:00Z', '2025-09-07T22:00:00Z', '0.4'],
        ['2025-09-07T22:00:00Z', '2025-09-08T03:00:00Z', '0.3'],
      ],
    );
  });

  it('skips a whole local day when the zone jumps over it', () => {
    // Samoa skipped Friday 30 December 2011: Thursday ends at 10:00Z, Saturday follows
    const apia = {
      ...weekdayWeekendTariff,
      timezone: 'Pacific/Apia',
      contract_start_ms: 0,
      contract_end_ms: Infinity,
    };
    assert.deepEqual(expandBoth(apia, '2011-12-29T12:00:00Z', '2011-12-31T00:00:00Z'), [
      ['2011-12-29T12:00:00Z', '2011-12-29T17:00:00Z', '0.09'],
      ['2011-12-29T17:00:00Z', '2011-12-30T02:00:00Z', '0.24'],
      ['2011-12-30T02:00:00Z', '2011-12-30T05:00:00Z', '0.38'],
      ['2011-12-30T05:00:00Z', '2011-12-30T10:00:00Z', '0.24'],
      ['2011-12-30T10:00:00Z', '2011-12-30T17:00:00Z', '0.09'],
      ['2011-12-30T17:00:00Z', '2011-12-31T00:00:00Z', '0.2'],
    ]);
  });

  it('drops a period on the DST day when it lies wholly inside the skipped hour', () => {
    const tariff = tariffWith([
      {
        months: ['All'],
        days_and_hours: [
          everyDay(
            period('01:45:00', '01:15:00', { fixed: 0.1 }),
            period('01:15:00', '01:45:00', { fixed: 0.9 }),
          ),
        ],
      },
    ]);
    assert.deepEqual(expandBoth(tariff, '2025-03-29T12:00:00Z', '2025-03-30T12:00:00Z'), [
      ['2025-03-29T12:00:00Z', '2025-03-30T12:00:00Z', '0.1'],
    ]);
    // the day before, the period is there: 01:15–01:45 GMT
    assert.equal(expandBoth(tariff, '2025-03-29T00:00:00Z', '2025-03-29T12:00:00Z').length, 3);
  });

  it('counts 23 and 25 local hours when the day is a DST change', () => {
    assert.equal(hours(flatTariff, '2025-03-30T00:00:00Z', '2025-03-30T23:00:00Z'), 23);
    assert.equal(hours(flatTariff, '2025-10-25T23:00:00Z', '2025-10-27T00:00:00Z'), 25);
    const newYork = tariffWith(flatTariff.schedule, { timezone: 'America/New_York' });
    assert.equal(hours(newYork, '2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z'), 23);
    assert.equal(hours(newYork, '2025-11-02T04:00:00Z', '2025-11-03T05:00:00Z'), 25);
  });
});
