import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDecimal } from './decimal.ts';
import { hourly } from './find-cheapest-oracle.ts';
import { type Ratio, formatRatio } from './ratio.ts';
import { type AmountOptions, scheduleAmount } from './schedule-amount.ts';
import { at, iso } from './test-support.ts';

const H = 3_600_000;
const day = { start: at('2025-06-01T00:00:00Z'), end: at('2025-06-01T06:00:00Z') };
// 00:00 0.10 | 01:00 0.05 | 02:00 0.05 | 03:00 0.20 | 04:00 0.01 | 05:00 0.30
const series = hourly('2025-06-01T00:00:00Z', [10, 5, 5, 20, 1, 30]);
const kwh = (n: number | string) => toDecimal(n);
const text = (r: Ratio | null) => (r ? formatRatio(r) : 'none');

function plan(options: AmountOptions, w = day, s = series) {
  const r = scheduleAmount(s, w, options);
  assert.ok(r.ok, r.ok ? '' : r.code);
  return {
    schedule: r.schedule.map((x) => [
      iso(x.start).slice(11, 19),
      iso(x.end).slice(11, 19),
      text(x.energyKwh),
    ]),
    energy: text(r.energyKwh),
    complete: r.complete,
    cost: text(r.cost),
    baseline: text(r.baselineCost),
    savings: text(r.savings),
    percent: text(r.savingsPercentage),
  };
}

describe('scheduleAmount', () => {
  it('runs in the cheapest hour and saves against running at once when the energy takes one hour', () => {
    assert.deepEqual(plan({ energyKwh: kwh(7), powerKw: kwh(7) }), {
      schedule: [['04:00:00', '05:00:00', '7']],
      energy: '7',
      complete: true,
      cost: '0.07',
      baseline: '0.7',
      savings: '0.63',
      percent: '90',
    });
  });

  it('trims the last period in time at full power and merges touching periods', () => {
    // 10 kWh at 4 kW = 2.5 h: 04–05 at 0.01, 01–02:30 at 0.05; run at once 00:00–02:30.
    assert.deepEqual(plan({ energyKwh: kwh(10), powerKw: kwh(4) }), {
      schedule: [
        ['01:00:00', '02:30:00', '6'],
        ['04:00:00', '05:00:00', '4'],
      ],
      energy: '10',
      complete: true,
      cost: '0.34',
      baseline: '0.7',
      savings: '0.36',
      percent: '360/7',
    });
  });

  it('keeps the energy exact when the running time is not a whole number of ms', () => {
    const flat = hourly('2025-06-01T00:00:00Z', [10, 10, 10]);
    const r = scheduleAmount(
      flat,
      { start: day.start, end: day.start + 3 * H },
      { energyKwh: kwh(10), powerKw: kwh(7) },
    );
    assert.ok(r.ok);
    const slot = r.schedule[0];
    assert.ok(slot);
    // 36 000 000 / 7 ms = 5 142 857.14… ms; earliest finish among equal prices: from 00:00.
    assert.deepEqual(
      [iso(slot.start), slot.end - slot.start, text(slot.energyKwh), text(r.durationMs)],
      ['2025-06-01T00:00:00Z', 5_142_857, '10', '36000000/7'],
    );
    assert.equal(text(r.cost), '1');
    assert.equal(text(r.savings), '0');
  });

  it('delivers what fits and reports the scheduled energy when the window is too short', () => {
    const w = { start: day.start, end: day.start + 2 * H };
    assert.deepEqual(plan({ energyKwh: kwh(14), powerKw: kwh(1) }, w), {
      schedule: [['00:00:00', '02:00:00', '2']],
      energy: '2',
      complete: false,
      cost: '0.15',
      baseline: '0.15',
      savings: '0',
      percent: '0',
    });
  });

  it('drops periods above the shaving cap before choosing when a limit is given', () => {
    const r = plan({ energyKwh: kwh(7), powerKw: kwh(1), limit: '0.05' });
    assert.deepEqual(
      [r.schedule, r.energy, r.complete, r.cost, r.baseline, r.savings],
      [
        [
          ['01:00:00', '03:00:00', '2'],
          ['04:00:00', '05:00:00', '1'],
        ],
        '3',
        false,
        '0.11',
        '0.2',
        '0.09',
      ],
    );
  });

  it('exports into the most valuable hour and counts extra revenue as savings when maximising', () => {
    const r = plan({ energyKwh: kwh(2), powerKw: kwh(2), maximise: true });
    assert.deepEqual(
      [r.schedule, r.cost, r.baseline, r.savings, r.percent],
      [[['05:00:00', '06:00:00', '2']], '0.6', '0.2', '0.4', '200'],
    );
  });

  it('chooses only before the deadline when the deadline cuts the cheapest period', () => {
    const w = { start: day.start, end: at('2025-06-01T04:30:00Z') };
    const r = plan({ energyKwh: kwh(3), powerKw: kwh(2) }, w);
    assert.deepEqual(
      [r.schedule, r.cost],
      [
        [
          ['01:00:00', '02:00:00', '2'],
          ['04:00:00', '04:30:00', '1'],
        ],
        '0.11',
      ],
    );
  });

  it('fails with typed codes when energy, power or prices are missing', () => {
    const codes = [
      scheduleAmount(series, day, { energyKwh: kwh(0), powerKw: kwh(1) }),
      scheduleAmount(series, day, { energyKwh: kwh(1), powerKw: kwh(-1) }),
      scheduleAmount([], day, { energyKwh: kwh(1), powerKw: kwh(1) }),
    ].map((r) => (r.ok ? 'ok' : r.code));
    assert.deepEqual(codes, ['energy_invalid', 'max_power_invalid', 'no_price_data']);
  });
});
