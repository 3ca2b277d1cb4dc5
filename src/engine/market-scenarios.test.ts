import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epochDayFromCivil } from './calendar.ts';
import { decimalToNumber, formatDecimal } from './decimal.ts';
import {
  publicationsIn,
  scenarioPublication,
  scenariosOfDay,
  shapeMarketDay,
  type MarketScenario,
} from './market-scenarios.ts';
import { simulateMarketDay, simulateMarketPrices, type SimulatedMarket } from './market-simulator.ts';
import type { MarketPrice } from './price-series.ts';
import { at, iso } from './test-support.ts';

/** The Netherlands' test-mode market (quarter-hourly since 2025-10-01). */
const NL: SimulatedMarket = {
  seed: 'mrs_65792b4ef61b16685ebd2ec7',
  timeZone: 'Europe/Amsterdam',
  resolutionMs: 15 * 60_000,
  hourlyBeforeDay: epochDayFromCivil(2025, 10, 1),
  levelPerMwh: 90,
};
const ZONE = NL.timeZone;
/** 29 March 2026: clocks go from 02:00 to 03:00 (23 hours); 25 October 2026: back (25 hours). */
const SPRING = epochDayFromCivil(2026, 3, 29);
const AUTUMN = epochDayFromCivil(2026, 10, 25);

/** Cents per MWh, as numbers: the simulator rounds to the cent. */
const cents = (p: MarketPrice) => Math.round(decimalToNumber(p.pricePerMwh) * 100);

const scenario = (type: MarketScenario['type'], first: number, last = first, extra = {}): MarketScenario => ({
  type,
  firstDay: first,
  lastDay: last,
  key: `msc_${type}${first}`,
  ...extra,
});

describe('shapeMarketDay', () => {
  it('multiplies 17:00–20:00 local by 5 on the spring DST day, intervals 64 to 75 of 92', () => {
    const base = simulateMarketDay(NL, SPRING);
    assert.equal(base.length, 92);
    // local midnight is 23:00Z the day before; 17:00 CEST is 15:00Z, 16 hours = 64 quarter-hours on
    assert.equal(iso(base[64]!.start), '2026-03-29T15:00:00Z');
    assert.equal(iso(base[76]!.start), '2026-03-29T18:00:00Z');
    const spiked = shapeMarketDay(base, 'spike', ZONE);
    base.forEach((p, i) => {
      const expected = i >= 64 && i < 76 ? 5 * Math.abs(cents(p)) : cents(p);
      assert.equal(cents(spiked[i]!), expected, `interval ${i}`);
      assert.equal(spiked[i]!.start, p.start);
      assert.equal(spiked[i]!.end, p.end);
    });
  });

  it('prices 10:00–16:00 local below zero on the autumn DST day, intervals 44 to 67 of 100', () => {
    const base = simulateMarketDay(NL, AUTUMN);
    assert.equal(base.length, 100);
    // local midnight is 22:00Z (CEST); 10:00 CET is 09:00Z, 11 hours = 44 quarter-hours on
    assert.equal(iso(base[44]!.start), '2026-10-25T09:00:00Z');
    assert.equal(iso(base[68]!.start), '2026-10-25T15:00:00Z');
    const negative = shapeMarketDay(base, 'negative', ZONE);
    base.forEach((p, i) => {
      const expected = i >= 44 && i < 68 ? -Math.abs(cents(p)) : cents(p);
      assert.equal(cents(negative[i]!), expected, `interval ${i}`);
    });
    assert.ok(negative.slice(44, 68).every((p) => cents(p) <= 0));
  });

  it("prices every interval of a flat day at the day's mean, rounded half away from zero to the cent", () => {
    for (const day of [SPRING, AUTUMN, epochDayFromCivil(2026, 6, 14)]) {
      const base = simulateMarketDay(NL, day);
      const total = base.reduce((sum, p) => sum + cents(p), 0);
      const mean = total / base.length;
      const expected = Math.sign(mean) * Math.floor(Math.abs(mean) + 0.5);
      const flat = shapeMarketDay(base, 'flat', ZONE);
      assert.equal(flat.length, base.length);
      assert.ok(flat.every((p) => cents(p) === expected));
    }
  });

  it('rounds a flat mean of x.5 cents away from zero', () => {
    const day = (values: string[]): MarketPrice[] =>
      values.map((v, i) => ({
        start: i * 3_600_000,
        end: (i + 1) * 3_600_000,
        pricePerMwh: { units: BigInt(Math.round(Number(v) * 100)), scale: 2 },
        confidence: 1,
      }));
    assert.equal(formatDecimal(shapeMarketDay(day(['0.01', '0.02']), 'flat', 'UTC')[0]!.pricePerMwh), '0.02');
    assert.equal(
      formatDecimal(shapeMarketDay(day(['-0.01', '-0.02']), 'flat', 'UTC')[0]!.pricePerMwh),
      '-0.02',
    );
  });
});

describe('scenario publication', () => {
  it('publishes a late day its delay after 12:45 local on the day before, and a missing day never', () => {
    // 12:45 CET on 28 March is 11:45Z; 90 minutes later is 13:15Z
    const late = scenario('late', SPRING, SPRING, { delayMinutes: 90 });
    assert.equal(
      iso(scenarioPublication(ZONE, SPRING, scenariosOfDay([late], SPRING))!),
      '2026-03-28T13:15:00Z',
    );
    assert.equal(
      scenarioPublication(ZONE, SPRING, scenariosOfDay([scenario('missing', SPRING)], SPRING)),
      null,
    );
    assert.equal(
      iso(scenarioPublication(ZONE, SPRING + 1, scenariosOfDay([late], SPRING + 1))!),
      '2026-03-29T10:45:00Z',
    );
  });

  it('applies the newest scenario of each group, and combines a shape with a publication scenario', () => {
    const older = { ...scenario('spike', SPRING - 1, SPRING + 1), key: 'msc_1' };
    const newer = { ...scenario('flat', SPRING, SPRING), key: 'msc_2' };
    const late = { ...scenario('late', SPRING, SPRING, { delayMinutes: 5 }), key: 'msc_0' };
    const of = scenariosOfDay([newer, older, late], SPRING);
    assert.equal(of.shape?.type, 'flat');
    assert.equal(of.publication?.type, 'late');
    assert.equal(scenariosOfDay([newer, older, late], SPRING + 1).shape?.type, 'spike');
    assert.deepEqual(scenariosOfDay([newer, older, late], SPRING + 2), {
      shape: undefined,
      publication: undefined,
    });
  });
});

describe('publicationsIn', () => {
  it('lists the publications in a stretch: a late day moved, a missing day left out, across the spring change', () => {
    // (27 March 12:00Z, 30 March 12:00Z]: the days 28, 29 (late 90 min), 30 (missing) and 31 March
    // are published on the day before at 12:45 local: 11:45Z on 27 March (CET, before the stretch),
    // 13:15Z on 28 March (CET + 90 min), none for the 30th, 10:45Z on 30 March (CEST)
    const scenarios = [
      scenario('late', SPRING, SPRING, { delayMinutes: 90 }),
      scenario('missing', SPRING + 1),
    ];
    assert.deepEqual(
      publicationsIn(ZONE, at('2026-03-27T12:00:00Z'), at('2026-03-30T12:00:00Z'), scenarios).map(iso),
      ['2026-03-28T13:15:00Z', '2026-03-30T10:45:00Z'],
    );
    assert.deepEqual(
      publicationsIn(ZONE, at('2026-03-27T12:00:00Z'), at('2026-03-30T12:00:00Z'), []).map(iso),
      ['2026-03-28T11:45:00Z', '2026-03-29T10:45:00Z', '2026-03-30T10:45:00Z'],
    );
  });

  it('counts a publication at the end of the stretch and not one at its start', () => {
    const day = SPRING + 2; // 31 March, published 30 March 12:45 CEST = 10:45Z
    assert.deepEqual(
      publicationsIn(ZONE, at('2026-03-30T10:45:00Z'), at('2026-03-31T10:45:00Z'), []).map(iso),
      ['2026-03-31T10:45:00Z'],
    );
    assert.equal(iso(scenarioPublication(ZONE, day, scenariosOfDay([], day))!), '2026-03-30T10:45:00Z');
  });
});

describe('simulateMarketPrices with scenarios', () => {
  const day29 = { start: at('2026-03-28T23:00:00Z'), end: at('2026-03-29T22:00:00Z') };

  it('gives the same answer as without scenarios when none touches the window', () => {
    const now = at('2026-03-28T12:00:00Z');
    const far = scenario('missing', SPRING + 40);
    assert.deepEqual(simulateMarketPrices(NL, day29, now, [far]), simulateMarketPrices(NL, day29, now));
  });

  it('has no price at all on a missing day, neither published nor forecast', () => {
    const now = at('2026-03-28T12:00:00Z'); // the 29th is published at 11:45Z
    const two = { start: at('2026-03-27T23:00:00Z'), end: at('2026-03-30T22:00:00Z') };
    const series = simulateMarketPrices(NL, two, now, [scenario('missing', SPRING)]);
    assert.ok(series.prices.every((p) => p.end <= day29.start || p.start >= day29.end));
    // the 28th is published; the 30th is forecast from the 28th
    assert.equal(series.prices.filter((p) => p.end <= day29.start).length, 96);
    assert.ok(series.prices.filter((p) => p.start >= day29.end).every((p) => p.confidence === 0.5));
    assert.equal(simulateMarketPrices(NL, day29, now, [scenario('missing', SPRING)]).prices.length, 0);
  });

  it('publishes a missing day late when a newer late scenario covers it', () => {
    const missing = { ...scenario('missing', SPRING - 1, SPRING + 1), key: 'msc_1' };
    const late = { ...scenario('late', SPRING, SPRING, { delayMinutes: 10 }), key: 'msc_2' };
    const series = simulateMarketPrices(NL, day29, at('2026-03-28T12:00:00Z'), [missing, late]);
    assert.deepEqual(series.prices, simulateMarketDay(NL, SPRING));
    const before = simulateMarketPrices(NL, day29, at('2026-03-28T11:50:00Z'), [missing, late]);
    // the 28th is missing and the 29th not yet out: the 29th is forecast from the 27th
    assert.equal(before.prices.length, 92);
    assert.ok(before.prices.every((p) => p.confidence === 0.5));
  });

  it('forecasts a late day until its delayed publication, then publishes the simulated prices', () => {
    const late = [scenario('late', SPRING, SPRING, { delayMinutes: 90 })];
    const before = simulateMarketPrices(NL, day29, at('2026-03-28T13:14:59Z'), late);
    assert.equal(before.prices.length, 92);
    assert.ok(before.prices.every((p) => p.confidence === 0.5));
    assert.equal(iso(before.nextUpdate), '2026-03-28T13:15:00Z');
    // what a caller sees before any publication: the same forecast as an hour before 12:45
    assert.deepEqual(before.prices, simulateMarketPrices(NL, day29, at('2026-03-28T10:45:00Z')).prices);

    const after = simulateMarketPrices(NL, day29, at('2026-03-28T13:15:00Z'), late);
    assert.deepEqual(after.prices, simulateMarketDay(NL, SPRING));
    assert.equal(iso(after.lastUpdated!), '2026-03-28T13:15:00Z');
    assert.equal(iso(after.nextUpdate), '2026-03-29T10:45:00Z');
  });

  it('publishes a shaped day with its shape, and forecasts it unshaped before publication', () => {
    const spike = [scenario('spike', SPRING)];
    const published = simulateMarketPrices(NL, day29, at('2026-03-28T12:00:00Z'), spike);
    assert.deepEqual(published.prices, shapeMarketDay(simulateMarketDay(NL, SPRING), 'spike', ZONE));
    const early = simulateMarketPrices(NL, day29, at('2026-03-28T11:00:00Z'), spike);
    assert.deepEqual(early.prices, simulateMarketPrices(NL, day29, at('2026-03-28T11:00:00Z')).prices);
  });
});
