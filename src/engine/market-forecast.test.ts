import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDecimal, toDecimal } from './decimal.ts';
import { fillMarketForecast, MARKET_FORECAST_HORIZON_MS } from './market-forecast.ts';
import type { MarketPrice } from './price-series.ts';
import { at, iso } from './test-support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = 'Europe/Amsterdam';

/** Hourly prices from `from` for `hours` hours; the value of hour i is `value(i)`. */
function hourly(
  from: string,
  hours: number,
  value: (i: number) => string = (i) => String(100 + i),
): MarketPrice[] {
  return Array.from({ length: hours }, (_, i) => ({
    start: at(from) + i * HOUR,
    end: at(from) + (i + 1) * HOUR,
    pricePerMwh: toDecimal(value(i)),
    confidence: 1,
  }));
}

const rows = (prices: MarketPrice[]) =>
  prices.map((p) => [iso(p.start), formatDecimal(p.pricePerMwh), p.confidence]);

// 2025-06-02 00:00 in Amsterdam (CEST) is 2025-06-01T22:00Z.
const MONDAY = '2025-06-01T22:00:00Z';

describe('fillMarketForecast', () => {
  it('repeats the last published day at the same local hour with confidence 0.5 when the window runs past it', () => {
    const published = hourly(MONDAY, 24);
    const out = fillMarketForecast(published, { start: at(MONDAY), end: at(MONDAY) + 3 * DAY }, ZONE);
    assert.equal(out.length, 72);
    assert.deepEqual(rows(out.slice(0, 24)), rows(published));
    assert.deepEqual(rows(out.slice(31, 32)), [['2025-06-03T05:00:00Z', '107', 0.5]]);
    assert.ok(out.slice(24).every((p, i) => formatDecimal(p.pricePerMwh) === String(100 + (i % 24))));
  });

  it('stops 5 days after the last published interval when the window reaches further', () => {
    const published = hourly(MONDAY, 24);
    const out = fillMarketForecast(published, { start: at(MONDAY), end: at(MONDAY) + 10 * DAY }, ZONE);
    assert.equal(out.length, 24 + 5 * 24);
    assert.equal(out.at(-1)?.end, at(MONDAY) + DAY + MARKET_FORECAST_HORIZON_MS);
  });

  it('fills a missing interval with the most recent published value at that local time when data has a gap', () => {
    const day1 = hourly(MONDAY, 24);
    const day3 = hourly('2025-06-03T22:00:00Z', 24, (i) => String(200 + i)).filter((_, i) => i !== 10);
    const out = fillMarketForecast(
      [...day1, ...day3],
      { start: at(MONDAY), end: at(MONDAY) + 3 * DAY },
      ZONE,
    );
    assert.equal(out.length, 72);
    // Day 2 is missing entirely: it repeats day 1. Day 3's hour 10 repeats day 1's too, the most
    // recent *published* value at 10:00 (day 2's was only forecast).
    assert.deepEqual(rows(out.slice(24, 26)), [
      ['2025-06-02T22:00:00Z', '100', 0.5],
      ['2025-06-02T23:00:00Z', '101', 0.5],
    ]);
    assert.deepEqual(rows(out.slice(57, 60)), [
      ['2025-06-04T07:00:00Z', '209', 1],
      ['2025-06-04T08:00:00Z', '110', 0.5],
      ['2025-06-04T09:00:00Z', '211', 1],
    ]);
  });

  it('matches local wall-clock times across a DST change, giving a 23-hour day 23 intervals', () => {
    // Saturday 2025-03-29 in Amsterdam is 24 h (from 2025-03-28T23:00Z); Sunday 30 March has 23.
    const saturday = hourly('2025-03-28T23:00:00Z', 24);
    const sunday = { start: at('2025-03-29T23:00:00Z'), end: at('2025-03-30T22:00:00Z') };
    const out = fillMarketForecast(saturday, sunday, ZONE);
    assert.equal(out.length, 23);
    // Sunday 12:00 CEST (10:00Z) repeats Saturday 12:00 CET (11:00Z), the 13th hour: 112.
    const noon = out.find((p) => p.start === at('2025-03-30T10:00:00Z'));
    assert.equal(noon && formatDecimal(noon.pricePerMwh), '112');
  });

  it('forecasts nothing before the first published interval and returns only what meets the window', () => {
    const published = hourly(MONDAY, 24);
    assert.deepEqual(fillMarketForecast(published, { start: at(MONDAY) - DAY, end: at(MONDAY) }, ZONE), []);
    assert.deepEqual(fillMarketForecast([], { start: 0, end: DAY }, ZONE), []);
    const middle = fillMarketForecast(
      published,
      { start: at(MONDAY) + 90 * 60_000, end: at(MONDAY) + 3 * HOUR },
      ZONE,
    );
    assert.deepEqual(
      middle.map((p) => iso(p.start)),
      ['2025-06-01T23:00:00Z', '2025-06-02T00:00:00Z'],
    );
  });

  it('keeps the published resolution for forecasts when prices are quarter-hourly', () => {
    const quarter = 15 * 60_000;
    const published: MarketPrice[] = Array.from({ length: 96 }, (_, i) => ({
      start: at(MONDAY) + i * quarter,
      end: at(MONDAY) + (i + 1) * quarter,
      pricePerMwh: toDecimal(i),
      confidence: 1,
    }));
    const out = fillMarketForecast(published, { start: at(MONDAY) + DAY, end: at(MONDAY) + 2 * DAY }, ZONE);
    assert.equal(out.length, 96);
    assert.ok(out.every((p, i) => p.end - p.start === quarter && formatDecimal(p.pricePerMwh) === String(i)));
  });
});
