import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileTariff } from './compile-tariff.ts';
import { type Decimal, ONE, addDecimals, formatDecimal, makeDecimal, toDecimal } from './decimal.ts';
import { marketTariff } from './example-tariffs.ts';
import { MarketLadders, priceMarketTiers, priceMarketTiersSafe } from './market-ladders.ts';
import type { TierPrice } from './price-series.ts';
import type { ReadTier } from './read-schedule.ts';
import { plainTiers } from './test-support.ts';

const text = (tiers: readonly TierPrice[]) =>
  tiers.map((t) => [t.price, t.fixed, t.percentage].map(formatDecimal).join(' '));

const tier = (fixed: Decimal, percentage: Decimal, toKwh: Decimal | null = null): ReadTier => ({
  fromKwh: makeDecimal(0n, 0),
  toKwh,
  fixed,
  surchargePercentage: percentage,
  multiplier: addDecimals(ONE, percentage),
});

const decimal = (maxUnits: bigint, maxScale: number) =>
  fc
    .tuple(fc.bigInt({ min: -maxUnits, max: maxUnits }), fc.integer({ min: 0, max: maxScale }))
    .map(([units, scale]) => makeDecimal(units, scale));

describe('market ladders', () => {
  it('prices a market value by hand: (−12.50/MWh → −0.0125 + 0.02123) × 1.05', () => {
    const rate = compileTariff(marketTariff).plans[0]?.rates[0];
    assert.ok(rate);
    const ladder = new MarketLadders().ladder(rate, toDecimal('-12.50'));
    assert.equal(formatDecimal(ladder.perKwh), '-0.0125');
    // base 0.00873; price 0.0091665; percentage 0.0004365
    assert.deepEqual(text(ladder.tiers), ['0.0091665 0.02123 0.0004365']);
  });

  it('shares one ladder between equal market values and prices different rates apart', () => {
    const ladders = new MarketLadders();
    const a = { tiers: [tier(toDecimal('0.02'), toDecimal('0.1'))], prices: null, breakdown: null };
    const b = { tiers: [tier(toDecimal('0.03'), toDecimal('0'))], prices: null, breakdown: null };
    const first = ladders.ladder(a, toDecimal('85.2'));
    assert.equal(ladders.ladder(a, makeDecimal(852n, 1)), first);
    assert.notEqual(ladders.ladder(b, toDecimal('85.2')), first);
    assert.deepEqual(text(ladders.ladder(b, toDecimal('85.2')).tiers), ['0.1152 0.03 0']);
  });

  it('the number path gives exactly the canonical Decimals of the bigint path, or declines', () => {
    fc.assert(
      fc.property(
        decimal(10n ** 12n, 6),
        fc.array(fc.tuple(decimal(10n ** 9n, 9), decimal(10n ** 6n, 6)), { minLength: 1, maxLength: 3 }),
        (perMwh, rungs) => {
          const tiers = rungs.map(([fixed, percentage]) => tier(fixed, percentage));
          const perKwh = makeDecimal(perMwh.units, perMwh.scale + 3);
          const fast = priceMarketTiersSafe(tiers, Number(perKwh.units), perKwh.scale);
          if (fast) assert.deepEqual(plainTiers(fast), priceMarketTiers(tiers, perKwh));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('takes the number path for every realistic market price and surcharge', () => {
    fc.assert(
      fc.property(
        // up to ±100,000 per MWh to the cent; surcharges to 5 decimals; percentages to 4
        decimal(10n ** 7n, 2),
        fc.array(fc.tuple(decimal(10n ** 6n, 5), decimal(10n ** 4n, 4)), { minLength: 1, maxLength: 3 }),
        (perMwh, rungs) => {
          const tiers = rungs.map(([fixed, percentage]) => tier(fixed, percentage));
          const perKwh = makeDecimal(perMwh.units, perMwh.scale + 3);
          const fast = priceMarketTiersSafe(tiers, Number(perKwh.units), perKwh.scale);
          assert.ok(fast);
          assert.deepEqual(plainTiers(fast), priceMarketTiers(tiers, perKwh));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('falls back to the bigint path beyond the safe integers, with the same answer', () => {
    const rate = {
      tiers: [tier(toDecimal('0.123456789'), toDecimal('0.123456789'))],
      prices: null,
      breakdown: null,
    };
    const huge = toDecimal('123456789012345678.91');
    const perKwh = makeDecimal(huge.units, huge.scale + 3);
    assert.equal(priceMarketTiersSafe(rate.tiers, Number(perKwh.units), perKwh.scale), null);
    const ladder = new MarketLadders().ladder(rate, huge);
    assert.deepEqual(plainTiers(ladder.tiers), priceMarketTiers(rate.tiers, perKwh));
    // (123456789012345.67891 + 0.123456789) × 1.123456789, multiplied out by hand
    assert.equal(formatDecimal(ladder.tiers[0]?.price ?? ONE), '138698367764060.496484621370180521');
  });

  it('prices a value once across calls that share the ladders, and starts afresh at its limit', () => {
    const rate = compileTariff(marketTariff).plans[0]?.rates[0];
    assert.ok(rate);
    const shared = new MarketLadders(3);
    const first = shared.ladder(rate, toDecimal('10'));
    assert.equal(shared.ladder(rate, toDecimal('10.00')), first);
    shared.ladder(rate, toDecimal('11'));
    shared.ladder(rate, toDecimal('12'));
    assert.equal(shared.count, 3);
    // full: the next value empties it, so 10 is priced anew (equal, not the same object)
    shared.ladder(rate, toDecimal('13'));
    assert.equal(shared.count, 1);
    const again = shared.ladder(rate, toDecimal('10'));
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
  });
});
