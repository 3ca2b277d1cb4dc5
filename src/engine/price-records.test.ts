import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineSeries } from './combine-series.ts';
import { compileTariff } from './compile-tariff.ts';
import { toDecimal } from './decimal.ts';
import { everyDay, gridFeeTariff, period, tariffWith, weekdayWeekendTariff } from './example-tariffs.ts';
import { expandTariff } from './expand-tariff.ts';
import { MeteringError } from './metering-errors.ts';
import { priceRecords } from './price-records.ts';
import { LONDON, WIDE, kwh, pieceRows, seriesOf } from './price-records-support.ts';
import { formatRatio } from './ratio.ts';
import { at, iso } from './test-support.ts';

describe('priceRecords', () => {
  it('splits a record at the peak boundary with energy spread by time when it crosses 16:00', () => {
    // Monday 6 Jan 2025, London = UTC in winter: 0.24 until 16:00, 0.38 after.
    const result = priceRecords(
      [kwh('2025-01-06T15:30:00Z', '2025-01-06T16:30:00Z', '1')],
      seriesOf(weekdayWeekendTariff),
      LONDON,
    );
    assert.deepEqual(pieceRows(result), [
      ['2025-01-06T15:30:00Z', '2025-01-06T16:00:00Z', '0.5', '24e-2', '0.12'],
      ['2025-01-06T16:00:00Z', '2025-01-06T16:30:00Z', '0.5', '38e-2', '0.19'],
    ]);
    assert.equal(formatRatio(result.cost), '0.31');
    assert.equal(formatRatio(result.energyKwh), '1');
  });

  it('adds the non-commodity tier price and cuts at its boundaries when a grid fee applies', () => {
    // 16:30–17:30: commodity 0.38 throughout; grid fee 0.05 until 17:00, 0.12 after.
    const result = priceRecords(
      [kwh('2025-01-06T16:30:00Z', '2025-01-06T17:30:00Z', '2')],
      seriesOf(weekdayWeekendTariff, gridFeeTariff),
      LONDON,
    );
    assert.deepEqual(
      result.pieces.map((p) => [
        formatRatio(p.energyKwh),
        formatRatio(p.cost),
        p.commodityTier,
        p.nonCommodityTier,
      ]),
      [
        ['1', '0.43', 0, 0],
        ['1', '0.5', 0, 0],
      ],
    );
    assert.equal(formatRatio(result.cost), '0.93');
  });

  it('spreads energy by real elapsed time when the record spans the spring-forward hour', () => {
    // 30 Mar 2025: 00:30 GMT = 00:30Z, 03:00 BST = 02:00Z. Three real hours (four wall hours):
    // 0.5 h at 0.1, 1.5 h at 0.2, 1 h at 0.3.
    const tariff = tariffWith([
      {
        months: ['All'],
        days_and_hours: [
          everyDay(
            period('00:00:00', '00:30:00', { fixed: 0.1 }),
            period('00:30:00', '03:00:00', { fixed: 0.2 }),
            period('03:00:00', '00:00:00', { fixed: 0.3 }),
          ),
        ],
      },
    ]);
    const result = priceRecords(
      [kwh('2025-03-30T00:00:00Z', '2025-03-30T03:00:00Z', '3')],
      seriesOf(tariff),
      LONDON,
    );
    assert.deepEqual(pieceRows(result), [
      ['2025-03-30T00:00:00Z', '2025-03-30T00:30:00Z', '0.5', '1e-1', '0.05'],
      ['2025-03-30T00:30:00Z', '2025-03-30T02:00:00Z', '1.5', '2e-1', '0.3'],
      ['2025-03-30T02:00:00Z', '2025-03-30T03:00:00Z', '1', '3e-1', '0.3'],
    ]);
    assert.equal(formatRatio(result.cost), '0.65');
  });

  it('gives the repeated hour its energy when the record spans the fall-back night', () => {
    // 25→26 Oct 2025: 23:00 BST (22:00Z) to 08:00 GMT (08:00Z) is 10 real hours. Local 00:00–07:00
    // on the 26th is 8 real hours (23:00Z–07:00Z), so 8 of the 10 kWh are off-peak.
    const tariff = tariffWith([
      {
        months: ['All'],
        days_and_hours: [
          everyDay(
            period('00:00:00', '07:00:00', { fixed: 0.1 }),
            period('07:00:00', '00:00:00', { fixed: 0.3 }),
          ),
        ],
      },
    ]);
    const result = priceRecords(
      [kwh('2025-10-25T22:00:00Z', '2025-10-26T08:00:00Z', '10')],
      seriesOf(tariff),
      LONDON,
    );
    assert.deepEqual(pieceRows(result), [
      ['2025-10-25T22:00:00Z', '2025-10-25T23:00:00Z', '1', '3e-1', '0.3'],
      ['2025-10-25T23:00:00Z', '2025-10-26T07:00:00Z', '8', '1e-1', '0.8'],
      ['2025-10-26T07:00:00Z', '2025-10-26T08:00:00Z', '1', '3e-1', '0.3'],
    ]);
    assert.equal(formatRatio(result.cost), '1.4');
  });

  it('lists the unpriced part and leaves it out of the totals when prices are missing', () => {
    const hourly = expandTariff(compileTariff(weekdayWeekendTariff), WIDE, { resolutionMs: 3_600_000 });
    const series = combineSeries(hourly, []).filter(
      (i) => i.end <= at('2025-01-06T16:00:00Z') || i.start >= at('2025-01-06T17:00:00Z'),
    );
    const result = priceRecords([kwh('2025-01-06T15:00:00Z', '2025-01-06T18:00:00Z', '3')], series, LONDON);
    assert.deepEqual(
      result.missing.map((m) => [iso(m.start), iso(m.end), formatRatio(m.energyKwh), m.recordIndex]),
      [['2025-01-06T16:00:00Z', '2025-01-06T17:00:00Z', '1', 0]],
    );
    assert.equal(formatRatio(result.energyKwh), '2');
    assert.equal(formatRatio(result.cost), '0.62'); // 1 × 0.24 + 1 × 0.38
  });

  it('sorts records and totals them per input position when they come out of order', () => {
    const result = priceRecords(
      [
        kwh('2025-01-06T17:00:00Z', '2025-01-06T18:00:00Z', '1'),
        kwh('2025-01-06T15:00:00Z', '2025-01-06T16:00:00Z', '1'),
      ],
      seriesOf(weekdayWeekendTariff),
      LONDON,
    );
    assert.deepEqual(
      result.pieces.map((p) => p.recordIndex),
      [1, 0],
    );
    assert.deepEqual(
      result.records.map((r) => formatRatio(r.cost)),
      ['0.38', '0.24'],
    );
  });

  // [decision:overlapping-records]
  it('prices records that share an instant side by side, each at its own share', () => {
    // 15:00–16:00 on a weekday costs 0.24/kWh: A 1 kWh = 0.24, B (inside A) 0.5 kWh = 0.12.
    const result = priceRecords(
      [
        kwh('2025-01-06T15:00:00Z', '2025-01-06T16:00:00Z', '1'),
        kwh('2025-01-06T15:30:00Z', '2025-01-06T16:00:00Z', '0.5'),
      ],
      seriesOf(weekdayWeekendTariff),
      LONDON,
    );
    assert.deepEqual(
      result.pieces.map((p) => [p.recordIndex, iso(p.start), iso(p.end), formatRatio(p.energyKwh)]),
      [
        [0, '2025-01-06T15:00:00Z', '2025-01-06T15:30:00Z', '0.5'],
        [0, '2025-01-06T15:30:00Z', '2025-01-06T16:00:00Z', '0.5'],
        [1, '2025-01-06T15:30:00Z', '2025-01-06T16:00:00Z', '0.5'],
      ],
    );
    assert.deepEqual(
      result.records.map((r) => [formatRatio(r.energyKwh), formatRatio(r.cost)]),
      [
        ['1', '0.24'],
        ['0.5', '0.12'],
      ],
    );
    assert.equal(formatRatio(result.cost), '0.36');
  });

  it('rejects a record with time_range_invalid or value_invalid when it is empty or negative', () => {
    const series = seriesOf(weekdayWeekendTariff);
    const t = at('2025-01-06T15:00:00Z');
    assert.throws(
      () => priceRecords([{ start: t, end: t, energyKwh: toDecimal(1) }], series, LONDON),
      (e: unknown) => e instanceof MeteringError && e.code === 'time_range_invalid',
    );
    assert.throws(
      () => priceRecords([{ start: t, end: t + 1, energyKwh: toDecimal(-1) }], series, LONDON),
      (e: unknown) => e instanceof MeteringError && e.code === 'value_invalid',
    );
  });
});
