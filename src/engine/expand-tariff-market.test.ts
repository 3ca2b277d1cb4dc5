import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTariff } from './compile-tariff.ts';
import { formatDecimal, toDecimal } from './decimal.ts';
import { allDay, everyDay, flatTariff, marketTariff, period, tariffWith } from './example-tariffs.ts';
import { expandTariff } from './expand-tariff.ts';
import { type MarketPrice, roundPriceSeries } from './price-series.ts';
import type { TariffDefinition } from './tariff-definition.ts';
import { at, iso, rows } from './test-support.ts';

const mwh = (from: string, to: string, value: string, confidence = 1): MarketPrice => ({
  start: at(from),
  end: at(to),
  pricePerMwh: toDecimal(value),
  confidence,
});

const MARKET: MarketPrice[] = [
  mwh('2025-06-01T10:00:00Z', '2025-06-01T11:00:00Z', '85.23'),
  mwh('2025-06-01T11:00:00Z', '2025-06-01T12:00:00Z', '-12.5'),
  mwh('2025-06-01T12:00:00Z', '2025-06-01T13:00:00Z', '-50', 0.5),
  // no price for 13:00–14:00
  mwh('2025-06-01T14:00:00Z', '2025-06-01T14:15:00Z', '85.23'),
  mwh('2025-06-01T14:15:00Z', '2025-06-01T14:30:00Z', '85.23'),
];

const marketWith = (hours: ReturnType<typeof allDay>[], overrides: Partial<TariffDefinition> = {}) =>
  tariffWith([{ months: ['All'], days_and_hours: [everyDay(...hours)] }], {
    market_rates: true,
    timezone: 'Europe/Amsterdam',
    ...overrides,
  });

describe('expandTariff with market rates', () => {
  const series = expandTariff(
    compileTariff(marketTariff),
    { start: at('2025-06-01T10:00:00Z'), end: at('2025-06-01T15:00:00Z') },
    { market: MARKET },
  );

  it('computes (market + surcharge_fixed) × (1 + surcharge_percentage) per kWh when prices are negative', () => {
    assert.deepEqual(rows(series), [
      ['2025-06-01T10:00:00Z', '2025-06-01T11:00:00Z', '0.111783'],
      ['2025-06-01T11:00:00Z', '2025-06-01T12:00:00Z', '0.0091665'],
      ['2025-06-01T12:00:00Z', '2025-06-01T13:00:00Z', '-0.0302085'],
      ['2025-06-01T14:00:00Z', '2025-06-01T14:30:00Z', '0.111783'],
    ]);
  });

  it('exposes market, fixed and percentage components that add up to the price when audited', () => {
    const third = series[2];
    const [tier] = third?.tiers ?? [];
    assert.equal(third?.market && formatDecimal(third.market), '-0.05');
    assert.equal(tier && formatDecimal(tier.fixed), '0.02123');
    assert.equal(tier && formatDecimal(tier.percentage), '-0.0014385');
  });

  it('carries the lowest confidence and leaves out hours without a market price when inputs vary', () => {
    assert.deepEqual(
      series.map((i) => i.confidence),
      [1, 1, 0.5, 1],
    );
    assert.ok(
      !series.some((i) => i.start < at('2025-06-01T14:00:00Z') && i.end > at('2025-06-01T13:00:00Z')),
    );
  });

  it('rounds to 5 decimals half away from zero only when writing the output', () => {
    assert.deepEqual(
      roundPriceSeries(series).map((i) => i.value),
      [0.11178, 0.00917, -0.03021, 0.11178],
    );
  });

  it('splits a market interval at a period boundary when surcharges differ by period', () => {
    // Amsterdam CEST: 12:30 local = 10:30Z
    const tariff = marketWith([
      period('00:00:00', '12:30:00', { surcharge_fixed: 0.01 }),
      period('12:30:00', '00:00:00', { surcharge_fixed: 0.05, surcharge_percentage: -0.1 }),
    ]);
    const out = expandTariff(
      compileTariff(tariff),
      { start: at('2025-06-01T10:00:00Z'), end: at('2025-06-01T12:00:00Z') },
      { market: MARKET },
    );
    assert.deepEqual(rows(out), [
      ['2025-06-01T10:00:00Z', '2025-06-01T10:30:00Z', '0.09523'],
      ['2025-06-01T10:30:00Z', '2025-06-01T11:00:00Z', '0.121707'],
      ['2025-06-01T11:00:00Z', '2025-06-01T12:00:00Z', '0.03375'],
    ]);
  });

  it('prices every tier of the ladder when the market rate has tiers', () => {
    const tariff = marketWith([allDay({ surcharge_fixed: 0.02, to_kwh: 100 }, { surcharge_fixed: 0.04 })]);
    const [first] = expandTariff(
      compileTariff(tariff),
      { start: at('2025-06-01T10:00:00Z'), end: at('2025-06-01T11:00:00Z') },
      { market: MARKET },
    );
    assert.deepEqual(
      first?.tiers.map((t) => formatDecimal(t.price)),
      ['0.10523', '0.12523'],
    );
  });

  it('uses the bare market price when a market tariff has no schedule', () => {
    const tariff = tariffWith([], { market_rates: true, timezone: 'Europe/Amsterdam' });
    const out = expandTariff(
      compileTariff(tariff),
      { start: at('2025-06-01T10:00:00Z'), end: at('2025-06-01T11:00:00Z') },
      { market: MARKET },
    );
    assert.deepEqual(rows(out), [['2025-06-01T10:00:00Z', '2025-06-01T11:00:00Z', '0.08523']]);
  });

  it('returns nothing when a market tariff is given no market prices', () => {
    assert.deepEqual(
      expandTariff(compileTariff(marketTariff), {
        start: at('2025-06-01T10:00:00Z'),
        end: at('2025-06-01T11:00:00Z'),
      }),
      [],
    );
  });

  it('throws a RangeError when market prices overlap, are unsorted or carry a bad confidence', () => {
    const window = { start: at('2025-06-01T10:00:00Z'), end: at('2025-06-01T12:00:00Z') };
    const compiled = compileTariff(marketTariff);
    const swapped = [MARKET[1], MARKET[0]].filter((m): m is MarketPrice => m !== undefined);
    assert.throws(() => expandTariff(compiled, window, { market: swapped }), RangeError);
    const unsure = [mwh('2025-06-01T10:00:00Z', '2025-06-01T11:00:00Z', '1', 1.5)];
    assert.throws(() => expandTariff(compiled, window, { market: unsure }), RangeError);
    assert.throws(() => expandTariff(compiled, window, { market: MARKET, confidence: -0.1 }), RangeError);
  });
});

describe('expandTariff and the contract window', () => {
  const flat = compileTariff(flatTariff); // 2025-01-01T00:00Z → 2026-01-01T00:00Z

  it('stops at the contract end when the window runs past it', () => {
    assert.deepEqual(
      rows(expandTariff(flat, { start: at('2025-12-31T12:00:00Z'), end: at('2026-01-01T12:00:00Z') })),
      [['2025-12-31T12:00:00Z', '2026-01-01T00:00:00Z', '0.2431']],
    );
  });

  it('returns nothing when the window lies before the contract starts', () => {
    assert.deepEqual(
      expandTariff(flat, { start: at('2024-06-01T00:00:00Z'), end: at('2024-06-02T00:00:00Z') }),
      [],
    );
    assert.deepEqual(
      expandTariff(flat, { start: at('2025-06-01T00:00:00Z'), end: at('2025-06-01T00:00:00Z') }),
      [],
    );
  });

  it('extends past the contract with the given confidence when clipping is turned off', () => {
    const out = expandTariff(
      flat,
      { start: at('2025-12-31T12:00:00Z'), end: at('2026-01-01T12:00:00Z') },
      { clipToContract: false, confidence: 0.8 },
    );
    assert.deepEqual(
      out.map((i) => [iso(i.start), iso(i.end), i.confidence]),
      [['2025-12-31T12:00:00Z', '2026-01-01T12:00:00Z', 0.8]],
    );
  });

  it('throws a RangeError when the window is reversed or not finite', () => {
    assert.throws(
      () => expandTariff(flat, { start: at('2025-06-02T00:00:00Z'), end: at('2025-06-01T00:00:00Z') }),
      RangeError,
    );
    assert.throws(() => expandTariff(flat, { start: 0, end: Infinity }), RangeError);
  });
});
