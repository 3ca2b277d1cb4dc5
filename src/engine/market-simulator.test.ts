import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epochDayFromCivil, isoWeekdayOf } from './calendar.ts';
import { decimalToNumber, formatDecimal } from './decimal.ts';
import { dayAheadPublication } from './market-publication.ts';
import { simulateMarketDay, simulateMarketPrices, type SimulatedMarket } from './market-simulator.ts';
import type { MarketPrice } from './price-series.ts';
import { readLocalTime } from './time-zones.ts';
import { at, iso } from './test-support.ts';

const DE: SimulatedMarket = {
  seed: 'mrs_66798016c0d13b149391f8e5',
  timeZone: 'Europe/Berlin',
  resolutionMs: 15 * 60_000,
  hourlyBeforeDay: epochDayFromCivil(2025, 10, 1),
  levelPerMwh: 90,
};
const day = (y: number, m: number, d: number) => epochDayFromCivil(y, m, d);
const values = (prices: readonly MarketPrice[]) => prices.map((p) => decimalToNumber(p.pricePerMwh));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The mean price of local hours [from, to) over many days. */
function meanAtHours(days: number[], from: number, to: number): number {
  const picked = days.flatMap((d) =>
    simulateMarketDay(DE, d).filter((p) => {
      const hour = readLocalTime(DE.timeZone, p.start).msOfDay / 3_600_000;
      return hour >= from && hour < to;
    }),
  );
  return mean(values(picked));
}

const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);

describe('simulateMarketDay', () => {
  it('gives the same prices for the same seed and different prices for another seed', () => {
    const d = day(2025, 11, 12);
    assert.deepEqual(simulateMarketDay(DE, d), simulateMarketDay({ ...DE }, d));
    assert.notDeepEqual(
      values(simulateMarketDay(DE, d)),
      values(simulateMarketDay({ ...DE, seed: 'mrs_other' }, d)),
    );
  });

  it('has 96 quarter-hours from SDAC 15-minute trading on, 24 hours before, and 100 on the autumn DST day', () => {
    assert.equal(simulateMarketDay(DE, day(2025, 10, 1)).length, 96);
    assert.equal(simulateMarketDay(DE, day(2025, 9, 30)).length, 24);
    const fallBack = simulateMarketDay(DE, day(2025, 10, 26));
    assert.equal(fallBack.length, 100);
    assert.equal(iso(fallBack[0]!.start), '2025-10-25T22:00:00Z');
    assert.equal(iso(fallBack.at(-1)!.end), '2025-10-26T23:00:00Z');
    assert.ok(fallBack.every((p, i) => i === 0 || p.start === fallBack[i - 1]!.end));
  });

  it('publishes prices in cents with confidence 1', () => {
    const prices = simulateMarketDay(DE, day(2025, 11, 12));
    assert.ok(prices.every((p) => p.confidence === 1 && p.pricePerMwh.scale <= 2));
  });

  it('peaks in the morning and evening and dips at midday when averaged over weekdays', () => {
    const weekdays = range(day(2025, 4, 1), 120).filter((d) => isoWeekdayOf(d) <= 5);
    const night = meanAtHours(weekdays, 2, 5);
    const morning = meanAtHours(weekdays, 7, 9);
    const midday = meanAtHours(weekdays, 12, 15);
    const evening = meanAtHours(weekdays, 18, 21);
    assert.ok(evening > midday && evening > night, `evening ${evening}, midday ${midday}, night ${night}`);
    assert.ok(morning > night && morning > midday, `morning ${morning}, midday ${midday}, night ${night}`);
  });

  it('is cheaper at weekends than on weekdays', () => {
    const days = range(day(2025, 1, 6), 70);
    const weekday = mean(
      days.filter((d) => isoWeekdayOf(d) <= 5).map((d) => mean(values(simulateMarketDay(DE, d)))),
    );
    const weekend = mean(
      days.filter((d) => isoWeekdayOf(d) >= 6).map((d) => mean(values(simulateMarketDay(DE, d)))),
    );
    assert.ok(weekend < weekday * 0.95, `weekend ${weekend}, weekday ${weekday}`);
  });

  it('goes negative now and then, mostly around midday in summer', () => {
    const summer = range(day(2025, 4, 1), 183).flatMap((d) => simulateMarketDay(DE, d));
    const negative = summer.filter((p) => p.pricePerMwh.units < 0n);
    assert.ok(negative.length > 0, 'some negative prices in a summer');
    assert.ok(negative.length < summer.length * 0.05, `${negative.length} of ${summer.length} negative`);
    for (const p of negative) {
      const hour = readLocalTime(DE.timeZone, p.start).msOfDay / 3_600_000;
      assert.ok(hour >= 8 && hour < 18, `negative at ${iso(p.start)}`);
    }
  });
});

describe('simulateMarketPrices', () => {
  const deliveryDay = day(2025, 11, 13);
  const publication = dayAheadPublication(DE.timeZone, deliveryDay); // 2025-11-12T11:45:00Z
  const window = { start: at('2025-11-12T23:00:00Z'), end: at('2025-11-13T23:00:00Z') };

  it('forecasts the next day until 12:45 local on the day before, and publishes it from then', () => {
    assert.equal(iso(publication), '2025-11-12T11:45:00Z');
    const before = simulateMarketPrices(DE, window, publication - 1);
    assert.equal(before.prices.length, 96);
    assert.ok(before.prices.every((p) => p.confidence === 0.5));
    assert.equal(before.nextUpdate, publication);
    assert.equal(iso(before.lastUpdated!), '2025-11-11T11:45:00Z');

    const after = simulateMarketPrices(DE, window, publication);
    assert.deepEqual(after.prices, simulateMarketDay(DE, deliveryDay));
    assert.equal(after.lastUpdated, publication);
    assert.equal(iso(after.nextUpdate), '2025-11-13T11:45:00Z');
  });

  it('repeats yesterday at the same time of day as the forecast when the day is not yet published', () => {
    const before = simulateMarketPrices(DE, window, publication - 1);
    const yesterday = simulateMarketDay(DE, deliveryDay - 1);
    assert.deepEqual(
      before.prices.map((p) => formatDecimal(p.pricePerMwh)),
      yesterday.map((p) => formatDecimal(p.pricePerMwh)),
    );
  });

  it('returns nothing more than 5 days past the last published day', () => {
    const now = at('2025-11-12T08:00:00Z'); // 12 November is the last published day
    const far = simulateMarketPrices(
      DE,
      { start: at('2025-11-17T23:00:00Z'), end: at('2025-11-18T23:00:00Z') },
      now,
    );
    assert.deepEqual(far.prices, []);
    assert.equal(far.lastUpdated, null);
    const edge = simulateMarketPrices(
      DE,
      { start: at('2025-11-16T23:00:00Z'), end: at('2025-11-17T23:00:00Z') },
      now,
    );
    assert.equal(edge.prices.length, 96);
  });

  it('publishes every past day with confidence 1 when the window lies in the past', () => {
    const past = simulateMarketPrices(
      DE,
      { start: at('2025-06-01T00:00:00Z'), end: at('2025-06-08T00:00:00Z') },
      at('2025-11-12T08:00:00Z'),
    );
    assert.equal(past.prices.length, 7 * 24); // hourly before October
    assert.ok(past.prices.every((p) => p.confidence === 1));
  });
});
