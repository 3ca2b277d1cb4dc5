import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTariff } from './compile-tariff.ts';
import { formatDecimal } from './decimal.ts';
import {
  allDay,
  complexTariff,
  everyDay,
  exportTariff,
  flatTariff,
  gridFeeTariff,
  period,
  seasonalTariff,
  tariffWith,
  tieredTariff,
  weekdayWeekendTariff,
} from './example-tariffs.ts';
import { expandTariff } from './expand-tariff.ts';
import type { ScheduleEntryDefinition, TariffDefinition } from './tariff-definition.ts';
import { at, rows } from './test-support.ts';

const expand = (tariff: TariffDefinition, from: string, to: string, options = {}) =>
  rows(expandTariff(compileTariff(tariff), { start: at(from), end: at(to) }, options));

describe('expandTariff', () => {
  it('returns one interval clipped to the window when the tariff is flat', () => {
    assert.deepEqual(expand(flatTariff, '2025-09-15T10:00:00Z', '2025-09-16T10:00:00Z'), [
      ['2025-09-15T10:00:00Z', '2025-09-16T10:00:00Z', '0.2431'],
    ]);
    const sydney = tariffWith([{ months: ['All'], days_and_hours: [everyDay(allDay({ fixed: 0.014 }))] }], {
      timezone: 'Australia/Sydney',
    });
    assert.deepEqual(expand(sydney, '2025-09-15T10:00:00Z', '2025-09-16T10:00:00Z'), [
      ['2025-09-15T10:00:00Z', '2025-09-16T10:00:00Z', '0.014'],
    ]);
  });

  it('follows weekday and weekend blocks in local time when the tariff is time of use', () => {
    // Friday 13 and Saturday 14 June 2025, London (BST, UTC+1)
    assert.deepEqual(expand(weekdayWeekendTariff, '2025-06-12T23:00:00Z', '2025-06-14T23:00:00Z'), [
      ['2025-06-12T23:00:00Z', '2025-06-13T06:00:00Z', '0.09'],
      ['2025-06-13T06:00:00Z', '2025-06-13T15:00:00Z', '0.24'],
      ['2025-06-13T15:00:00Z', '2025-06-13T18:00:00Z', '0.38'],
      ['2025-06-13T18:00:00Z', '2025-06-13T23:00:00Z', '0.24'],
      ['2025-06-13T23:00:00Z', '2025-06-14T06:00:00Z', '0.09'],
      ['2025-06-14T06:00:00Z', '2025-06-14T23:00:00Z', '0.2'],
    ]);
  });

  it('joins the two halves of a wrapping period across midnight when valid_to is before valid_from', () => {
    const tariff = tariffWith(
      [
        {
          months: ['All'],
          days_and_hours: [
            everyDay(
              period('22:00:00', '06:00:00', { fixed: 0.1 }),
              period('06:00:00', '22:00:00', { fixed: 0.3 }),
            ),
          ],
        },
      ],
      { timezone: 'UTC' },
    );
    assert.deepEqual(expand(tariff, '2025-05-01T00:00:00Z', '2025-05-03T00:00:00Z'), [
      ['2025-05-01T00:00:00Z', '2025-05-01T06:00:00Z', '0.1'],
      ['2025-05-01T06:00:00Z', '2025-05-01T22:00:00Z', '0.3'],
      ['2025-05-01T22:00:00Z', '2025-05-02T06:00:00Z', '0.1'],
      ['2025-05-02T06:00:00Z', '2025-05-02T22:00:00Z', '0.3'],
      ['2025-05-02T22:00:00Z', '2025-05-03T00:00:00Z', '0.1'],
    ]);
  });

  it('cuts on the exact second when periods end on seconds', () => {
    const tariff = tariffWith(
      [
        {
          months: ['All'],
          days_and_hours: [
            everyDay(
              period('00:00:00', '07:00:30', { fixed: 0.1 }),
              period('07:00:30', '07:00:31', { fixed: 0.9 }),
              period('07:00:31', '00:00:00', { fixed: 0.1 }),
            ),
          ],
        },
      ],
      { timezone: 'Asia/Kolkata' },
    );
    // 07:00:30 IST = 01:30:30Z
    assert.deepEqual(expand(tariff, '2025-05-01T00:00:00Z', '2025-05-01T03:00:00Z'), [
      ['2025-05-01T00:00:00Z', '2025-05-01T01:30:30Z', '0.1'],
      ['2025-05-01T01:30:30Z', '2025-05-01T01:30:31Z', '0.9'],
      ['2025-05-01T01:30:31Z', '2025-05-01T03:00:00Z', '0.1'],
    ]);
  });

  it('switches season at local midnight and lets special dates win inside a season when dates are set', () => {
    assert.deepEqual(expand(seasonalTariff, '2025-12-24T16:00:00Z', '2025-12-27T18:00:00Z'), [
      ['2025-12-24T16:00:00Z', '2025-12-24T17:00:00Z', '0.22'],
      ['2025-12-24T17:00:00Z', '2025-12-24T20:00:00Z', '0.35'],
      ['2025-12-24T20:00:00Z', '2025-12-25T00:00:00Z', '0.22'],
      ['2025-12-25T00:00:00Z', '2025-12-27T00:00:00Z', '0.1'],
      ['2025-12-27T00:00:00Z', '2025-12-27T17:00:00Z', '0.22'],
      ['2025-12-27T17:00:00Z', '2025-12-27T18:00:00Z', '0.35'],
    ]);
    // 31 March (winter, BST) → 1 April (summer): the season changes at 23:00Z
    assert.deepEqual(expand(seasonalTariff, '2025-03-31T18:00:00Z', '2025-04-01T12:00:00Z'), [
      ['2025-03-31T18:00:00Z', '2025-03-31T19:00:00Z', '0.35'],
      ['2025-03-31T19:00:00Z', '2025-03-31T23:00:00Z', '0.22'],
      ['2025-03-31T23:00:00Z', '2025-04-01T12:00:00Z', '0.18'],
    ]);
  });

  it('applies schedule precedence when entries and blocks overlap', () => {
    const rate = (fixed: number) => [allDay({ fixed })];
    const schedule: ScheduleEntryDefinition[] = [
      {
        months: ['All'],
        days_and_hours: [
          { days: ['All'], hours: rate(0.5) },
          { days: ['Weekdays'], hours: rate(0.2) },
          { days: ['Mon'], hours: rate(0.1) },
          { days: ['Sun', 'Weekend'], hours: rate(0.3) },
        ],
      },
      { months: ['Jul'], days_and_hours: [everyDay(...rate(0.4))] },
      { months: ['All'], dates: [4, 25], days_and_hours: [everyDay(...rate(0.9))] },
      { months: ['Dec'], dates: [25], days_and_hours: [everyDay(...rate(0.05))] },
    ];
    const compiled = compileTariff(tariffWith(schedule, { timezone: 'UTC' }));
    const priceOn = (date: string) => {
      const [first] = expandTariff(compiled, {
        start: at(`${date}T12:00:00Z`),
        end: at(`${date}T12:00:01Z`),
      });
      return first ? formatDecimal(first.price) : 'none';
    };
    assert.equal(priceOn('2025-06-02'), '0.1', 'Monday: the block naming Mon beats Weekdays and All');
    assert.equal(priceOn('2025-06-03'), '0.2', 'Tuesday: Weekdays beats All');
    assert.equal(priceOn('2025-06-07'), '0.3', 'Saturday: Weekend beats All');
    assert.equal(priceOn('2025-06-08'), '0.3', 'Sunday: the block naming Sun');
    assert.equal(priceOn('2025-07-08'), '0.4', 'July: an explicit month beats All');
    assert.equal(priceOn('2025-07-04'), '0.9', '4 July: dates beat an explicit month');
    assert.equal(priceOn('2025-01-25'), '0.9', '25 January: dates with All');
    assert.equal(
      priceOn('2025-12-25'),
      '0.05',
      '25 December: dates with an explicit month beat dates with All',
    );
  });

  it('treats the older Weekday spelling as Weekdays when a block uses it', () => {
    const tariff = tariffWith(
      [
        {
          months: ['All'],
          days_and_hours: [
            { days: ['Weekday'], hours: [allDay({ fixed: 0.2 })] },
            { days: ['Weekend'], hours: [allDay({ fixed: 0.1 })] },
          ],
        },
      ],
      { timezone: 'UTC' },
    );
    // Friday 6 and Saturday 7 June 2025
    assert.deepEqual(expand(tariff, '2025-06-06T12:00:00Z', '2025-06-07T12:00:00Z'), [
      ['2025-06-06T12:00:00Z', '2025-06-07T00:00:00Z', '0.2'],
      ['2025-06-07T00:00:00Z', '2025-06-07T12:00:00Z', '0.1'],
    ]);
  });

  it('chains tier bounds into from/to kWh bands when a ladder has three tiers', () => {
    const tariff = tariffWith([
      {
        months: ['All'],
        days_and_hours: [
          everyDay(
            allDay({ fixed: '0.12', to_kwh: 100 }, { fixed: '0.15', to_kwh: '250.5' }, { fixed: '0.21' }),
          ),
        ],
      },
    ]);
    const [only] = expandTariff(compileTariff(tariff), {
      start: at('2025-02-01T00:00:00Z'),
      end: at('2025-02-02T00:00:00Z'),
    });
    assert.deepEqual(
      only?.tiers.map((t) => [
        formatDecimal(t.fromKwh),
        t.toKwh && formatDecimal(t.toKwh),
        formatDecimal(t.price),
      ]),
      [
        ['0', '100', '0.12'],
        ['100', '250.5', '0.15'],
        ['250.5', null, '0.21'],
      ],
    );
  });

  it('reports the first tier and exposes the ladder when the rate has tiers', () => {
    const [only, ...rest] = expandTariff(compileTariff(tieredTariff), {
      start: at('2025-02-01T00:00:00Z'),
      end: at('2025-03-01T00:00:00Z'),
    });
    assert.equal(rest.length, 0);
    assert.equal(formatDecimal(only?.price ?? { units: 0n, scale: 0 }), '0.15');
    assert.deepEqual(
      only?.tiers.map((t) => [
        formatDecimal(t.fromKwh),
        t.toKwh && formatDecimal(t.toKwh),
        formatDecimal(t.price),
      ]),
      [
        ['0', '300', '0.15'],
        ['300', null, '0.21'],
      ],
    );
  });

  it('keeps tier ladders apart when neighbours share a first tier but differ above it', () => {
    const tariff = tariffWith(
      [
        {
          months: ['All'],
          days_and_hours: [
            everyDay(
              period('00:00:00', '12:00:00', { fixed: 0.15, to_kwh: 300 }, { fixed: 0.21 }),
              period('12:00:00', '00:00:00', { fixed: 0.15, to_kwh: 300 }, { fixed: 0.25 }),
            ),
          ],
        },
      ],
      { timezone: 'UTC' },
    );
    assert.equal(expand(tariff, '2025-05-01T00:00:00Z', '2025-05-02T00:00:00Z').length, 2);
  });

  it('prices export and non-commodity tariffs the same way when the direction or type differs', () => {
    const exported = compileTariff(exportTariff);
    assert.equal(exported.direction, 'EXPORT');
    assert.deepEqual(expand(exportTariff, '2025-05-01T00:00:00Z', '2025-05-02T00:00:00Z'), [
      ['2025-05-01T00:00:00Z', '2025-05-02T00:00:00Z', '0.15'],
    ]);
    assert.equal(compileTariff(gridFeeTariff).type, 'NON_COMMODITY');
    // Monday 5 May 2025, London BST: peak 17:00–21:00 local = 16:00–20:00Z
    assert.deepEqual(expand(gridFeeTariff, '2025-05-05T12:00:00Z', '2025-05-05T22:00:00Z'), [
      ['2025-05-05T12:00:00Z', '2025-05-05T16:00:00Z', '0.05'],
      ['2025-05-05T16:00:00Z', '2025-05-05T20:00:00Z', '0.12'],
      ['2025-05-05T20:00:00Z', '2025-05-05T22:00:00Z', '0.05'],
    ]);
  });

  it('cuts on the grid and keeps period boundaries when a resolution is given', () => {
    const series = expand(complexTariff, '2025-06-02T15:00:00Z', '2025-06-02T19:00:00Z', {
      resolutionMs: 3_600_000,
    });
    // Monday, summer weekdays: 16:00 local (15:00Z) → 19:30:15 local (18:30:15Z) at 0.34, then 0.21
    assert.deepEqual(series, [
      ['2025-06-02T15:00:00Z', '2025-06-02T16:00:00Z', '0.34'],
      ['2025-06-02T16:00:00Z', '2025-06-02T17:00:00Z', '0.34'],
      ['2025-06-02T17:00:00Z', '2025-06-02T18:00:00Z', '0.34'],
      ['2025-06-02T18:00:00Z', '2025-06-02T18:30:15Z', '0.34'],
      ['2025-06-02T18:30:15Z', '2025-06-02T19:00:00Z', '0.21'],
    ]);
    const kolkata = tariffWith(flatTariff.schedule, { timezone: 'Asia/Kolkata' });
    const local = expand(kolkata, '2025-05-01T00:00:00Z', '2025-05-01T02:00:00Z', {
      resolutionMs: 3_600_000,
      gridOriginMs: at('2025-05-01T00:30:00Z'),
    });
    assert.deepEqual(
      local.map((r) => r[0]),
      ['2025-05-01T00:00:00Z', '2025-05-01T00:30:00Z', '2025-05-01T01:30:00Z'],
    );
  });
});
