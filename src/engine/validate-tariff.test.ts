import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hoursArb, scheduleArb } from './arbitrary-tariffs.ts';
import { compileTariff } from './compile-tariff.ts';
import {
  allDay,
  everyDay,
  flatTariff,
  marketTariff,
  period,
  seasonalTariff,
  tariffWith,
  weekdayWeekendTariff,
} from './example-tariffs.ts';
import type { ScheduleEntryDefinition, TariffDefinition } from './tariff-definition.ts';
import { InvalidTariffError } from './tariff-errors.ts';
import { validateTariff, validateTariffSchedule } from './validate-tariff.ts';

/** The first issue of a schedule given as loosely typed data, as a converter might pass it. */
const firstIssue = (schedule: unknown, marketRates = false) =>
  validateTariffSchedule(schedule, { marketRates })[0];
const oneBlock = (hours: unknown[], days: unknown[] = ['All']) => [
  { months: ['All'], days_and_hours: [{ days, hours }] },
];
const flat = (fixed: unknown = 0.2) => ({ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed }] });

describe('validateTariffSchedule', () => {
  it('accepts every spec example when the schedule is valid', () => {
    for (const t of [flatTariff, weekdayWeekendTariff, seasonalTariff, marketTariff])
      assert.deepEqual(validateTariff(t), []);
  });
  it('accepts the Weekday alias, empty days and months, and 24:00:00 as an end when given', () => {
    const schedule = [
      {
        months: [],
        days_and_hours: [
          {
            days: ['Weekday'],
            hours: [{ valid_from: '00:00:00', valid_to: '24:00:00', rate: [{ fixed: 1 }] }],
          },
          { days: ['Weekend'], hours: [flat()] },
        ],
      },
    ];
    assert.deepEqual(validateTariffSchedule(schedule, { marketRates: false }), []);
    assert.deepEqual(validateTariffSchedule(oneBlock([flat()], []), { marketRates: false }), []);
  });
  it('rejects unknown month names with months_invalid when a month is misspelt', () => {
    const issue = firstIssue([{ months: ['Jan', 'Janu'], days_and_hours: [everyDay(allDay({ fixed: 1 }))] }]);
    assert.equal(issue?.code, 'months_invalid');
    assert.equal(issue?.path, 'schedule[0].months[1]');
    assert.match(issue?.message ?? '', /^schedule\[0\]\.months\[1\]: unknown month "Janu"/);
  });
  it('rejects day numbers and unknown days with days_invalid when days are not names', () => {
    assert.equal(firstIssue(oneBlock([flat()], [1]))?.code, 'days_invalid');
    const issue = firstIssue(oneBlock([flat()], ['Funday']));
    assert.equal(issue?.path, 'schedule[0].days_and_hours[0].days[0]');
  });
  it('rejects dates outside 1–31 with dates_invalid when a date is 0, 32 or fractional', () => {
    for (const dates of [[0], [32], [1.5], ['1']]) {
      assert.equal(
        firstIssue([{ months: ['All'], dates, days_and_hours: [everyDay(allDay({ fixed: 1 }))] }])?.code,
        'dates_invalid',
      );
    }
  });
  it('rejects malformed times with valid_from_invalid and valid_to_invalid when not HH:MM:SS', () => {
    const from = firstIssue(
      oneBlock([{ valid_from: '7:00:00', valid_to: '00:00:00', rate: [{ fixed: 1 }] }]),
    );
    assert.equal(from?.code, 'valid_from_invalid');
    assert.equal(from?.path, 'schedule[0].days_and_hours[0].hours[0].valid_from');
    assert.equal(
      firstIssue(oneBlock([{ valid_from: '24:00:00', valid_to: '00:00:00', rate: [{ fixed: 1 }] }]))?.code,
      'valid_from_invalid',
    );
    assert.equal(
      firstIssue(oneBlock([{ valid_from: '00:00:00', valid_to: '12:60:00', rate: [{ fixed: 1 }] }]))?.code,
      'valid_to_invalid',
    );
  });
  it('rejects an empty period with valid_to_invalid when valid_to equals a non-midnight valid_from', () => {
    assert.equal(
      firstIssue(oneBlock([period('07:00:00', '07:00:00', { fixed: 1 })]))?.code,
      'valid_to_invalid',
    );
  });
  it('rejects bad rates with rate_missing, rate_invalid and fixed_missing when tiers are wrong', () => {
    assert.equal(
      firstIssue(oneBlock([{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [] }]))?.code,
      'rate_missing',
    );
    assert.equal(firstIssue(oneBlock([flat('abc')]))?.code, 'rate_invalid');
    assert.equal(firstIssue(oneBlock([flat(Number.NaN)]))?.code, 'rate_invalid');
    // Beyond a billion a cost of metered energy could overflow a double.
    assert.equal(firstIssue(oneBlock([flat(1e308)]))?.code, 'rate_invalid');
    assert.equal(firstIssue(oneBlock([flat(-1_000_000_001)]))?.code, 'rate_invalid');
    assert.equal(firstIssue(oneBlock([flat(1_000_000_000)])), undefined);
    const missing = firstIssue(
      oneBlock([{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ surcharge_fixed: 0.1 }] }]),
    );
    assert.equal(missing?.code, 'fixed_missing');
    assert.equal(missing?.path, 'schedule[0].days_and_hours[0].hours[0].rate[0].fixed');
  });
  it('ignores fixed and accepts negative surcharges when the tariff has market rates', () => {
    const hours = [
      {
        valid_from: '00:00:00',
        valid_to: '00:00:00',
        rate: [{ fixed: 'ignored', surcharge_fixed: -0.01, surcharge_percentage: -0.1 }],
      },
    ];
    assert.equal(firstIssue(oneBlock(hours), true), undefined);
  });
  it('rejects tier bounds with to_kwh_invalid when they are not strictly increasing or null too early', () => {
    const tiers = (...rate: unknown[]) => oneBlock([{ valid_from: '00:00:00', valid_to: '00:00:00', rate }]);
    assert.equal(firstIssue(tiers({ fixed: 1, to_kwh: null }, { fixed: 2 }))?.code, 'to_kwh_invalid');
    assert.equal(
      firstIssue(tiers({ fixed: 1, to_kwh: 300 }, { fixed: 2, to_kwh: 200 }, { fixed: 3 }))?.code,
      'to_kwh_invalid',
    );
    assert.equal(firstIssue(tiers({ fixed: 1, to_kwh: 0 }, { fixed: 2 }))?.code, 'to_kwh_invalid');
    assert.equal(
      firstIssue(tiers({ fixed: 1, to_kwh: 100 }, { fixed: 2, to_kwh: 300 }, { fixed: 3 })),
      undefined,
    );
  });
  it('names the uncovered times with gap_in_time_period when a block leaves a gap', () => {
    const issue = firstIssue(
      oneBlock([period('00:00:00', '07:00:00', { fixed: 1 }), period('08:00:00', '00:00:00', { fixed: 2 })]),
    );
    assert.equal(issue?.code, 'gap_in_time_period');
    assert.equal(issue?.path, 'schedule[0].days_and_hours[0].hours');
    assert.match(issue?.message ?? '', /gap between 07:00:00 and 08:00:00/);
    assert.match(firstIssue(oneBlock([]))?.message ?? '', /gap between 00:00:00 and 24:00:00/);
  });
  it('names both periods with overlap_in_time_period when periods of a block overlap', () => {
    const issue = firstIssue(
      oneBlock([period('22:00:00', '07:00:00', { fixed: 1 }), period('06:00:00', '22:00:00', { fixed: 2 })]),
    );
    assert.equal(issue?.code, 'overlap_in_time_period');
    assert.match(issue?.message ?? '', /hours\[0\] and hours\[1\] overlap between 06:00:00 and 07:00:00/);
  });
  it('accepts a wrap-around period when the rest of the day is covered', () => {
    assert.deepEqual(
      validateTariffSchedule(
        oneBlock([
          period('22:00:00', '06:00:00', { fixed: 1 }),
          period('06:00:00', '22:00:00', { fixed: 2 }),
        ]),
        { marketRates: false },
      ),
      [],
    );
  });
  it('names the first uncovered day with gap_in_time_period when no entry applies to it', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov'];
    assert.match(
      firstIssue([{ months, days_and_hours: [everyDay(allDay({ fixed: 1 }))] }])?.message ?? '',
      /no entry applies to 1 Dec/,
    );
    const leap = [
      {
        months: ['Feb'],
        dates: Array.from({ length: 28 }, (_, i) => i + 1),
        days_and_hours: [everyDay(allDay({ fixed: 1 }))],
      },
      {
        months: [...months.filter((m) => m !== 'Feb'), 'Dec'],
        days_and_hours: [everyDay(allDay({ fixed: 2 }))],
      },
    ];
    assert.match(firstIssue(leap)?.message ?? '', /no entry applies to 29 Feb/);
  });
  it('names the weekday with gap_in_time_period when the winning entry has no block for it', () => {
    const schedule: ScheduleEntryDefinition[] = [
      { months: ['All'], days_and_hours: [everyDay(allDay({ fixed: 1 }))] },
      {
        months: ['Dec'],
        dates: [25],
        days_and_hours: [{ days: ['Weekdays'], hours: [allDay({ fixed: 0.1 })] }],
      },
    ];
    const issue = firstIssue(schedule);
    assert.equal(issue?.code, 'gap_in_time_period');
    assert.match(issue?.message ?? '', /no block applies to Sat 25 Dec, and schedule\[1\] wins that date/);
  });
  it('rejects equally specific entries with overlap_in_time_period when they share a day', () => {
    const schedule = [
      { months: ['Jan', 'Feb'], days_and_hours: [everyDay(allDay({ fixed: 1 }))] },
      {
        months: ['Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
        days_and_hours: [everyDay(allDay({ fixed: 2 }))],
      },
    ];
    const issue = firstIssue(schedule);
    assert.equal(issue?.code, 'overlap_in_time_period');
    assert.match(issue?.message ?? '', /schedule\[0\] and schedule\[1\] both apply to 1 Feb/);
  });
  it('rejects equally specific blocks with overlap_in_time_period when they share a weekday', () => {
    const issue = firstIssue(
      oneBlock([flat()]).map((e) => ({
        ...e,
        days_and_hours: [
          { days: ['Weekdays'], hours: [flat()] },
          { days: ['Weekday', 'Sat'], hours: [flat()] },
          { days: ['Sun'], hours: [flat()] },
        ],
      })),
    );
    assert.equal(issue?.code, 'overlap_in_time_period');
    assert.match(
      issue?.message ?? '',
      /days_and_hours\[0\] and schedule\[0\]\.days_and_hours\[1\] both apply to Mon 1 Jan/,
    );
  });
  it('rejects an empty schedule with schedule_invalid unless the tariff has market rates', () => {
    assert.equal(firstIssue([])?.code, 'schedule_invalid');
    assert.equal(firstIssue([], true), undefined);
    assert.equal(firstIssue(undefined, true), undefined);
    assert.equal(firstIssue({})?.code, 'schedule_invalid');
  });
});

describe('validateTariffSchedule properties', () => {
  it('finds a gap when any period is removed from a block of several', () => {
    fc.assert(
      fc.property(
        hoursArb(false).filter((h) => h.length >= 2),
        fc.nat(),
        (hours, pick) => {
          const kept = hours.filter((_, i) => i !== pick % hours.length);
          assert.equal(firstIssue(oneBlock(kept))?.code, 'gap_in_time_period');
        },
      ),
      { numRuns: 100 },
    );
  });
  it('finds an overlap when any period is listed twice', () => {
    fc.assert(
      fc.property(hoursArb(false), fc.nat(), (hours, pick) => {
        const twice = [...hours, hours[pick % hours.length]];
        assert.equal(firstIssue(oneBlock(twice))?.code, 'overlap_in_time_period');
      }),
      { numRuns: 100 },
    );
  });
  it('accepts every generated schedule when it is valid by construction', () => {
    fc.assert(
      fc.property(
        fc.boolean().chain((market) => scheduleArb(market).map((s) => [s, market] as const)),
        ([schedule, market]) => {
          assert.deepEqual(validateTariffSchedule(schedule, { marketRates: market }), []);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('validateTariff', () => {
  const bad = (overrides: Partial<TariffDefinition>) =>
    validateTariff(tariffWith(flatTariff.schedule, overrides))[0]?.code;
  it('rejects tariff fields with their codes when they are invalid', () => {
    assert.equal(bad({ timezone: 'Europe/Lndon' }), 'timezone_invalid');
    assert.equal(bad({ direction: 'SIDEWAYS' as never }), 'tariff_direction_invalid');
    assert.equal(bad({ type: 'GAS' as never }), 'tariff_type_invalid');
    assert.equal(bad({ type: 'NON_COMMODITY', direction: 'EXPORT' }), 'tariff_type_not_supported');
    assert.equal(bad({ type: 'NON_COMMODITY', direction: 'LOCAL' }), 'tariff_type_not_supported');
    assert.equal(bad({ type: 'NON_COMMODITY', direction: 'IMPORT' }), undefined);
    assert.equal(bad({ timezone: 'europe/london' }), 'timezone_invalid');
    assert.equal(bad({ contract_start_ms: Number.NaN }), 'contract_start_date_invalid');
    assert.equal(bad({ contract_end_ms: Date.UTC(2024, 0, 1) }), 'contract_end_date_invalid');
    assert.equal(bad({ contract_end_ms: Infinity }), undefined);
    assert.equal(bad({ direction: 'LOCAL' }), undefined);
  });
});

describe('compileTariff', () => {
  it('throws InvalidTariffError with the first code and path when the definition is invalid', () => {
    const tariff = tariffWith([
      { months: ['All'], days_and_hours: [everyDay(period('00:00:00', '07:00:00', { fixed: 1 }))] },
    ]);
    assert.throws(
      () => compileTariff(tariff),
      (error: unknown) => {
        assert.ok(error instanceof InvalidTariffError);
        assert.equal(error.code, 'gap_in_time_period');
        assert.equal(error.path, 'schedule[0].days_and_hours[0].hours');
        assert.equal(error.issues.length, 1);
        return true;
      },
    );
  });
});
