import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateCosts } from './aggregate-costs.ts';
import { combineSeries } from './combine-series.ts';
import { compileTariff } from './compile-tariff.ts';
import { toDecimal } from './decimal.ts';
import { recordEnergyKwh } from './energy.ts';
import { allDay, everyDay, marketTariff, tariffWith } from './example-tariffs.ts';
import { expandTariff } from './expand-tariff.ts';
import type { MarketPrice } from './price-series.ts';
import { priceRecords } from './price-records.ts';
import { kwh, seriesOf } from './price-records-support.ts';
import { formatRatio } from './ratio.ts';
import { at, iso } from './test-support.ts';

describe('priceRecords with market prices', () => {
  it('prices a session over midnight at each hour of two days of market prices', () => {
    // Amsterdam, 1→2 Jun 2025, 22:30–01:30 CEST at 7400 W. Price = (market/1000 + 0.02123) × 1.05.
    const market: MarketPrice[] = [
      ['2025-06-01T20:00:00Z', '100'],
      ['2025-06-01T21:00:00Z', '80'],
      ['2025-06-01T22:00:00Z', '60'],
      ['2025-06-01T23:00:00Z', '-20'],
    ].map(([from, value]) => ({
      start: at(from as string),
      end: at(from as string) + 3_600_000,
      pricePerMwh: toDecimal(value as string),
      confidence: 1,
    }));
    const start = at('2025-06-01T20:30:00Z');
    const end = at('2025-06-01T23:30:00Z');
    const energyKwh = recordEnergyKwh({ value: 7400, unit: 'W', start, end });
    assert.equal(formatRatio(energyKwh), '22.2');
    const series = combineSeries(
      expandTariff(
        compileTariff(marketTariff),
        { start: at('2025-06-01T20:00:00Z'), end: at('2025-06-02T00:00:00Z') },
        { market },
      ),
      [],
    );
    const result = priceRecords([{ start, end, energyKwh }], series, { timeZone: 'Europe/Amsterdam' });
    assert.deepEqual(
      result.pieces.map((p) => [iso(p.start), formatRatio(p.energyKwh), formatRatio(p.cost)]),
      [
        ['2025-06-01T20:30:00Z', '3.7', '0.47097855'],
        ['2025-06-01T21:00:00Z', '7.4', '0.7865571'],
        ['2025-06-01T22:00:00Z', '7.4', '0.6311571'],
        ['2025-06-01T23:00:00Z', '3.7', '0.00477855'],
      ],
    );
    assert.equal(formatRatio(result.cost), '1.8934713');
    const days = aggregateCosts(result.pieces, { aggregation: 'DAY', timeZone: 'Europe/Amsterdam' });
    assert.deepEqual(
      days.map((b) => [iso(b.start), iso(b.end), formatRatio(b.energyKwh), formatRatio(b.cost)]),
      [
        ['2025-05-31T22:00:00Z', '2025-06-01T22:00:00Z', '11.1', '1.25753565'],
        ['2025-06-01T22:00:00Z', '2025-06-02T22:00:00Z', '11.1', '0.63593565'],
      ],
    );
  });

  it('values export at the export tariff, negative where the market is, when prices go below zero', () => {
    const exportMarket = tariffWith(
      [{ months: ['All'], days_and_hours: [everyDay(allDay({ surcharge_fixed: 0 }))] }],
      { direction: 'EXPORT', market_rates: true, timezone: 'Europe/Amsterdam' },
    );
    const market: MarketPrice[] = [
      {
        start: at('2025-06-01T10:00:00Z'),
        end: at('2025-06-01T11:00:00Z'),
        pricePerMwh: toDecimal(-50),
        confidence: 1,
      },
      {
        start: at('2025-06-01T11:00:00Z'),
        end: at('2025-06-01T12:00:00Z'),
        pricePerMwh: toDecimal(30),
        confidence: 0.6,
      },
    ];
    const result = priceRecords(
      [kwh('2025-06-01T10:00:00Z', '2025-06-01T12:00:00Z', '2', 0.9)],
      seriesOf(exportMarket, undefined, market),
      { timeZone: 'Europe/Amsterdam' },
    );
    assert.deepEqual(
      result.pieces.map((p) => [formatRatio(p.cost), p.confidence]),
      [
        ['-0.05', 0.9],
        ['0.03', 0.6],
      ],
    );
    assert.equal(formatRatio(result.cost), '-0.02');
    assert.equal(result.confidence, 0.6);
    assert.equal(result.records[0]?.confidence, 0.6);
  });
});
