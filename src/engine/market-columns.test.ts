import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileTariff } from './compile-tariff.ts';
import { formatDecimal, makeDecimal, toDecimal } from './decimal.ts';
import { marketTariff } from './example-tariffs.ts';
import { expandTariff, expandTariffSeries } from './expand-tariff.ts';
import { expandTariffNaive } from './expand-tariff-naive.ts';
import { MarketColumns } from './market-columns.ts';
import { MarketLadders } from './market-ladders.ts';
import type { MarketPrice, PriceInterval } from './price-series.ts';
import { at, plainSeries, rows } from './test-support.ts';

const QUARTER = 900_000;
const START = at('2025-06-01T00:00:00Z');

/** Consecutive quarter-hours from START with the given values per MWh. */
const quarters = (values: string[], confidence = 1): MarketPrice[] =>
  values.map((value, k) => ({
    start: START + k * QUARTER,
    end: START + (k + 1) * QUARTER,
    pricePerMwh: toDecimal(value),
    confidence,
  }));

const compiled = compileTariff(marketTariff);

describe('MarketColumns', () => {
  it('holds every value at the largest scale met: 85.2, -12.5 and 40 at scale 2', () => {
    const columns = MarketColumns.from(quarters(['85.2', '-12.55', '40']));
    assert.equal(columns.scale, 2);
    assert.deepEqual([...columns.units], [8520, -1255, 4000]);
    assert.equal(columns.minUnits, -1255);
    assert.equal(columns.maxUnits, 8520);
    assert.deepEqual([...columns.starts], [START, START + QUARTER, START + 2 * QUARTER]);
  });

  it('marks a value that is no safe integer at the common scale, and keeps its exact Decimal', () => {
    const huge = makeDecimal(10n ** 17n + 3n, 0);
    const prices = quarters(['1', '2']);
    const columns = MarketColumns.from([
      ...prices,
      { start: START + 2 * QUARTER, end: START + 3 * QUARTER, pricePerMwh: huge, confidence: 1 },
    ]);
    assert.ok(Number.isNaN(columns.units[2]));
    assert.equal(columns.valueAt(2), huge);
    assert.deepEqual([columns.minUnits, columns.maxUnits], [1, 2]);
  });

  it('rejects unsorted, overlapping or empty intervals, a non-Decimal value and a bad confidence', () => {
    const [a, b] = quarters(['1', '2']) as [MarketPrice, MarketPrice];
    assert.throws(() => MarketColumns.from([b, a]), /unsorted or overlaps/);
    assert.throws(() => MarketColumns.from([a, { ...b, start: a.end - 1 }]), /overlaps/);
    assert.throws(() => MarketColumns.from([{ ...a, end: a.start }]), /empty/);
    assert.throws(
      () => MarketColumns.from([{ ...a, pricePerMwh: 1 as unknown as MarketPrice['pricePerMwh'] }]),
      /Decimal/,
    );
    assert.throws(() => MarketColumns.from([{ ...a, confidence: 1.5 }]), /confidence/);
  });
});

describe('expandTariffSeries on columns', () => {
  const window = { start: START, end: START + 4 * QUARTER };

  it('prices by hand: (85.23/MWh → 0.08523 + 0.02123) × 1.05 = 0.111783, twice merged', () => {
    const series = expandTariffSeries(compiled, window, {
      market: MarketColumns.from(quarters(['85.23', '85.23', '-12.5', '1e-13'])),
    });
    // -12.5/MWh: (−0.0125 + 0.02123) × 1.05 = 0.0091665;
    // 1e-13/MWh → 1e-16/kWh: (0.0000000000000001 + 0.02123) × 1.05, exact through the bigint path
    assert.deepEqual(rows(series.toIntervals()), [
      ['2025-06-01T00:00:00Z', '2025-06-01T00:30:00Z', '0.111783'],
      ['2025-06-01T00:30:00Z', '2025-06-01T00:45:00Z', '0.0091665'],
      ['2025-06-01T00:45:00Z', '2025-06-01T01:00:00Z', '0.022291500000000105'],
    ]);
    assert.equal(series.length, 3);
    assert.equal(formatDecimal(series.at(0).market as never), '0.08523');
    assert.equal(series.coveredMs(START + QUARTER, START + 10 * QUARTER), 3 * QUARTER);
    assert.throws(() => series.at(3), RangeError);
  });

  it('equals the naive oracle from MarketPrice[], from columns and with ladders kept across calls', () => {
    const kept = new MarketLadders();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            // a few repeating cents values, values far apart (a sparse table) and huge ones
            fc.integer({ min: -3, max: 3 }).map((c) => `${c}.01`),
            fc.integer({ min: -(10 ** 9), max: 10 ** 9 }).map((c) => (c / 100).toFixed(2)),
            fc.constantFrom('123456789012345678.5', '0.0000000000001'),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        fc.constantFrom(0.5, 1),
        fc.option(fc.constantFrom(QUARTER, 3_600_000), { nil: undefined }),
        (values, confidence, resolutionMs) => {
          const prices = quarters(values, confidence);
          const span = { start: START - QUARTER, end: START + (values.length + 1) * QUARTER };
          const naive = plainSeries(expandTariffNaive(marketTariff, span, { market: prices, resolutionMs }));
          const columns = MarketColumns.from(prices);
          assert.deepStrictEqual(
            plainSeries(expandTariff(compiled, span, { market: prices, resolutionMs })),
            naive,
          );
          assert.deepStrictEqual(
            plainSeries(expandTariffSeries(compiled, span, { market: columns, resolutionMs }).toIntervals()),
            naive,
          );
          for (let k = 0; k < 2; k++) {
            const again = expandTariffSeries(compiled, span, {
              market: columns,
              resolutionMs,
              ladders: kept,
            });
            assert.deepStrictEqual(plainSeries(again.toIntervals()), naive);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('expandTariff on unusual market input, as the naive oracle', () => {
  const HOUR = 3_600_000;
  const bare = { ...marketTariff, timezone: 'UTC', schedule: [] };
  const bareCompiled = compileTariff(bare);
  const hour = (i: number, units: bigint, scale: number, confidence = 1): MarketPrice => ({
    start: START + i * HOUR,
    end: START + (i + 1) * HOUR,
    pricePerMwh: { units, scale },
    confidence,
  });
  const same = (market: MarketPrice[], window = { start: START, end: START + 3 * HOUR }, confidence = 1) => {
    const run = (f: () => PriceInterval[]) => {
      try {
        return plainSeries(f());
      } catch (error) {
        return `throws ${(error as Error).message}`;
      }
    };
    assert.deepStrictEqual(
      run(() => expandTariff(bareCompiled, window, { market, confidence })),
      run(() => expandTariffNaive(bare, window, { market, confidence })),
    );
  };

  it('reads no market price for an empty window: unsorted prices there give no error', () => {
    same([hour(1, 5n, 0), hour(0, 5n, 0)], { start: START, end: START });
    assert.deepEqual(
      expandTariff(bareCompiled, { start: START, end: START }, { market: [hour(1, 5n, 0), hour(0, 5n, 0)] }),
      [],
    );
  });

  it('prices non-canonical Decimals (negative or mixed scales) as their canonical values', () => {
    same([hour(0, 5n, -4), hour(1, 50n, 0), hour(2, 5000n, 2)]);
  });

  it('refuses a fractional scale as the Decimal arithmetic does', () => {
    same([hour(0, 15n, 12.5)]);
    assert.throws(
      () => expandTariff(bareCompiled, { start: START, end: START + HOUR }, { market: [hour(0, 15n, 1.5)] }),
      RangeError,
    );
  });

  it('keeps a confidence of −0 as the oracle does', () => {
    same([hour(0, 5n, 0, -0)], undefined, 0);
  });
});
