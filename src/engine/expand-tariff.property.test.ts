import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import {
  ZONES,
  hoursArb,
  marketArb,
  tariffArb,
  zoneTransitions,
  zonedWindowArb,
} from './arbitrary-tariffs.ts';
import { DAY_MS, epochDayFromCivil } from './calendar.ts';
import { compileTariff } from './compile-tariff.ts';
import { toDecimal } from './decimal.ts';
import { flatTariff, tariffWith } from './example-tariffs.ts';
import { effectiveWindow, expandTariff } from './expand-tariff.ts';
import { expandTariffNaive, type NaiveOptions } from './expand-tariff-naive.ts';
import { type PriceInterval, createPriceInterval } from './price-series.ts';
import type { TariffDefinition } from './tariff-definition.ts';
import { coverageProblem, plainSeries } from './test-support.ts';
import { localEpochDayOf, startOfLocalDay } from './time-zones.ts';

const optionsArb = fc.record({
  resolutionMs: fc.constantFrom(undefined, 900_000, 1_800_000, 3_600_000),
  gridOriginMs: fc.constantFrom(undefined, 0, 1_800_000, 2_700_000),
  confidence: fc.constantFrom(undefined, 1, 0.8),
});

/** A zone, a window, a valid tariff in that zone, market prices, and expansion options. */
const caseArb = (maxDays: number) =>
  zonedWindowArb(maxDays).chain(({ zone, start, end }) =>
    fc.record({
      window: fc.constant({ start, end }),
      tariff: tariffArb(zone, start, end),
      market: marketArb(start, end),
      options: optionsArb,
    }),
  );

const optionsOf = (c: {
  market: NaiveOptions['market'];
  options: Omit<NaiveOptions, 'market'>;
}): NaiveOptions => {
  const out: { -readonly [K in keyof NaiveOptions]: NaiveOptions[K] } = { market: c.market };
  for (const [k, v] of Object.entries(c.options)) if (v !== undefined) Object.assign(out, { [k]: v });
  return out;
};

const clip = (series: readonly PriceInterval[], start: number, end: number): PriceInterval[] =>
  start >= end
    ? []
    : series
        .filter((i) => i.end > start && i.start < end)
        .map((i) =>
          createPriceInterval(
            Math.max(i.start, start),
            Math.min(i.end, end),
            i.price,
            i.confidence,
            i.market,
            i.tiers,
          ),
        );

describe('expandTariff properties', () => {
  it('equals the naive oracle when tariffs, windows and options are random', () => {
    fc.assert(
      fc.property(caseArb(2), (c) => {
        const options = optionsOf(c);
        assert.deepStrictEqual(
          plainSeries(expandTariff(compileTariff(c.tariff), c.window, options)),
          plainSeries(expandTariffNaive(c.tariff, c.window, options)),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('covers the window with no gap or overlap when every instant has a price', () => {
    fc.assert(
      fc.property(caseArb(12), (c) => {
        const tariff: TariffDefinition = {
          ...c.tariff,
          market_rates: false,
          schedule: c.tariff.market_rates ? flatTariff.schedule : c.tariff.schedule,
        };
        const compiled = compileTariff(tariff);
        const series = expandTariff(compiled, c.window, optionsOf({ ...c, market: [] }));
        const { start, end } = effectiveWindow(compiled, c.window);
        assert.equal(coverageProblem(series, start, end), null);
        const step = c.options.resolutionMs;
        if (step !== undefined) {
          const origin = c.options.gridOriginMs ?? 0;
          for (const i of series)
            assert.ok(
              Math.floor((i.start - origin) / step) === Math.floor((i.end - 1 - origin) / step),
              'an interval crosses a grid line',
            );
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same prices when any sub-window is expanded again', () => {
    fc.assert(
      fc.property(
        caseArb(6),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, x, y) => {
          const compiled = compileTariff(c.tariff);
          const options = optionsOf(c);
          const whole = expandTariff(compiled, c.window, options);
          const span = c.window.end - c.window.start;
          const a = c.window.start + Math.floor(span * Math.min(x, y));
          const b = c.window.start + Math.floor(span * Math.max(x, y));
          assert.deepStrictEqual(
            plainSeries(expandTariff(compiled, { start: a, end: b }, options)),
            plainSeries(clip(whole, a, b)),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('prices an instant at the rate of the period its wall time falls in when the wall time is unambiguous', () => {
    const arb = fc.record({
      zone: fc.constantFrom(...ZONES),
      hours: hoursArb(false),
      window: zonedWindowArb(3),
      picks: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
    });
    fc.assert(
      fc.property(arb, ({ zone, hours, window, picks }) => {
        const priced = hours.map((h, i) => ({ ...h, rate: [{ fixed: `0.${i + 1}` }] }));
        const tariff = tariffWith([{ months: ['All'], days_and_hours: [{ days: ['All'], hours: priced }] }], {
          timezone: zone,
          contract_start_ms: 0,
          contract_end_ms: Infinity,
        });
        const series = expandTariff(compileTariff(tariff), window);
        for (const p of picks) {
          const t = Math.min(window.end - 1, window.start + Math.floor((window.end - window.start) * p));
          const zoned = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone);
          const wall = zoned.toPlainDateTime();
          const first = wall.toZonedDateTime(zone, { disambiguation: 'earlier' }).epochMilliseconds;
          const last = wall.toZonedDateTime(zone, { disambiguation: 'later' }).epochMilliseconds;
          if (first !== last) continue; // a repeated wall time: decided by the first-occurrence rule instead
          const second = zoned.hour * 3600 + zoned.minute * 60 + zoned.second;
          const index = priced.findIndex((h) => {
            const [from, to] = [h.valid_from, h.valid_to].map((s) =>
              s
                .split(':')
                .map(Number)
                .reduce((acc, n) => acc * 60 + n, 0),
            ) as [number, number];
            const end = to === 0 ? 86_400 : to;
            return end > from ? from <= second && second < end : second >= from || second < end;
          });
          const interval = series.find((i) => i.start <= t && t < i.end);
          assert.deepEqual(
            interval?.price,
            toDecimal(`0.${index + 1}`),
            `at ${new Date(t).toISOString()} in ${zone}`,
          );
        }
      }),
      { numRuns: 60 },
    );
  });

  it('has as many local hours as Temporal says when the day is any day in any zone', () => {
    const arb = fc
      .record({
        zone: fc.constantFrom(...ZONES),
        random: fc.integer({ min: epochDayFromCivil(2020, 1, 1), max: epochDayFromCivil(2030, 12, 31) }),
        dst: fc.nat(),
        near: fc.integer({ min: -1, max: 2 }),
      })
      .map(({ zone, random, dst, near }) => {
        // three times in four, a day next to or on a DST change of the zone
        const changes = zoneTransitions(zone);
        const change = changes[dst % Math.max(1, changes.length)];
        return {
          zone,
          day: near < 2 && change !== undefined ? localEpochDayOf(zone, change) + near : random,
        };
      });
    fc.assert(
      fc.property(arb, ({ zone, day }) => {
        const compiled = compileTariff(
          tariffWith(flatTariff.schedule, {
            timezone: zone,
            contract_start_ms: 0,
            contract_end_ms: Infinity,
          }),
        );
        const start = startOfLocalDay(zone, day);
        const end = startOfLocalDay(zone, day + 1);
        const series = expandTariff(
          compiled,
          { start, end },
          { resolutionMs: 3_600_000, gridOriginMs: start },
        );
        const expected = Temporal.Instant.fromEpochMilliseconds(
          day * DAY_MS + 12 * 3_600_000,
        ).toZonedDateTimeISO(zone).hoursInDay;
        const total = series.reduce((sum, i) => sum + (i.end - i.start), 0) / 3_600_000;
        assert.equal(total, expected);
        assert.equal(series.length, Math.ceil(expected));
      }),
      { numRuns: 150 },
    );
  });
});
