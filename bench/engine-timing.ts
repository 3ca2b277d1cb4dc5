/**
 * The timing half of the `engine-expand` module, run as its own process (one per tariff) so that
 * the JIT and the heap hold nothing but the engine: `node --expose-gc --import tsx
 * bench/engine-timing.ts`, with an EngineTimingSpec as JSON on stdin. Prints JSON lines on
 * stdout: `{"event":"log","message":…}` for progress, then `{"event":"result",…EngineTimingResult}`.
 *
 * For one tariff it times `compileTariff`, the fast expansion over a year at 15-minute resolution
 * (`expandTariffSeries`, the engine's columnar output; market prices given as `MarketColumns`,
 * built before timing as the MarketPrice objects are), the same as PriceInterval objects
 * (`expandTariff`, which for a market tariff also converts MarketPrice[] to columns), and the naive
 * per-interval rule scan `expandTariffNaive` over a short span (scaled to a year) and, when that
 * estimate says a year takes at most ~10 s, over the whole year too. Every timed expansion is
 * checked against the naive oracle once, outside the timed region.
 */
import { text } from 'node:stream/consumers';
import {
  compileTariff,
  expandTariff,
  expandTariffSeries,
  MarketColumns,
  samePriceBreakdown,
  toDecimal,
  type MarketPrice,
  type PriceInterval,
  type TariffDefinition,
  type TimeWindow,
} from '../src/engine/index.ts';
import { complexTariff, marketTariff } from '../src/engine/example-tariffs.ts';
import { expandTariffNaive, type NaiveOptions } from '../src/engine/expand-tariff-naive.ts';
import { summarize, type Summary } from './lib/stats.ts';

export type EngineTariff = 'tou' | 'market';

export interface EngineTimingSpec {
  tariff: EngineTariff;
  /** Measured runs of compileTariff and of the fast expansion (after a warm-up). */
  iterations: number;
  /** Measured runs of the naive scan over the short span. */
  naiveSpanRuns: number;
  /** Measured runs of the naive scan over a whole year (0: never). */
  naiveYearRuns: number;
  /** Time the naive scan over a whole year only when the short span predicts at most this. */
  naiveYearLimitMs: number;
}

export interface TimedSet {
  /** Wall-clock ms per run, as measured (not scaled). */
  summary: Summary;
  /** CPU ms of this process per run (all its threads, GC helpers included): wall ≫ CPU means the
   * run waited for a core that other work held. */
  cpu: Summary;
  /** Days of the window expanded per run (0 for compile). */
  spanDays: number;
  /** Multiply the summary by this for "per year" (365 / spanDays; 1 for a year or compile). */
  scale: number;
  /** Intervals in the output of one run. */
  intervals: number;
}

export interface EngineTimingResult {
  tariff: EngineTariff;
  description: string;
  gcExposed: boolean;
  /** Market intervals built for the year and how many are negative (market tariff only). */
  marketIntervals: number;
  negativeMarketIntervals: number;
  compile: TimedSet;
  /** `expandTariffSeries` (columns out; market prices in as MarketColumns): the target check. */
  fast: TimedSet;
  /** `expandTariff`: the same as PriceInterval objects, from MarketPrice[] for a market tariff. */
  objects: TimedSet;
  /** Market tariff only: `MarketColumns.from` over the year's MarketPrice[]; null for ToU. */
  columnsFrom: TimedSet | null;
  naiveSpan: TimedSet;
  /** Null when the short span predicted more than `naiveYearLimitMs` (or naiveYearRuns is 0). */
  naiveYear: TimedSet | null;
  /** The fast path's output equals the naive oracle's, on the short span and (if run) the year. */
  equalOnSpan: boolean;
  equalOnYear: boolean | null;
  spanStart: string;
  spanEnd: string;
}

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
const YEAR: TimeWindow = { start: Date.UTC(2025, 0, 1), end: Date.UTC(2026, 0, 1) };
/** 14 days across the spring clock change of London and Amsterdam (30 March 2025) and a month end. */
const SPAN: TimeWindow = { start: Date.UTC(2025, 2, 20), end: Date.UTC(2025, 3, 3) };
const YEAR_DAYS = (YEAR.end - YEAR.start) / DAY_MS;
const SPAN_DAYS = (SPAN.end - SPAN.start) / DAY_MS;

const emit = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
const log = (message: string) => emit({ event: 'log', message });

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * A year of synthetic quarter-hourly day-ahead prices per MWh, exact to the cent: a daily
 * sinusoid (trough before dawn, peak in the evening), a weekly and a seasonal swing; where the
 * troughs line up the price goes below zero, as real markets do on sunny, windy days.
 */
function syntheticMarket(window: TimeWindow): MarketPrice[] {
  const out: MarketPrice[] = [];
  for (let start = window.start; start < window.end; start += QUARTER_HOUR_MS) {
    const i = (start - window.start) / QUARTER_HOUR_MS;
    const hour = (start % DAY_MS) / 3_600_000;
    const perMwh =
      55 +
      50 * Math.sin((2 * Math.PI * (hour - 10)) / 24) +
      20 * Math.sin((2 * Math.PI * i) / (96 * 7)) +
      15 * Math.sin((2 * Math.PI * i) / (96 * 91.25));
    const cents = Math.round(perMwh * 100);
    out.push({
      start,
      end: start + QUARTER_HOUR_MS,
      pricePerMwh: toDecimal((cents / 100).toFixed(2)),
      confidence: 1,
    });
  }
  return out;
}

/** Runs `run` `warmup` times untimed, then `runs` times timed (wall clock and process CPU). */
function timeSet(
  warmup: number,
  runs: number,
  spanDays: number,
  run: () => number,
): TimedSet & { lastOutput: number } {
  let intervals = 0;
  for (let i = 0; i < warmup; i++) intervals = run();
  gc?.();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    intervals = run();
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  gc?.();
  return {
    summary: summarize(wall),
    cpu: summarize(cpu),
    spanDays,
    scale: spanDays > 0 ? YEAR_DAYS / spanDays : 1,
    intervals,
    lastOutput: intervals,
  };
}

const strip = ({ lastOutput: _lastOutput, ...set }: TimedSet & { lastOutput: number }): TimedSet => set;

function sameSeries(a: readonly PriceInterval[], b: readonly PriceInterval[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as PriceInterval;
    const y = b[i] as PriceInterval;
    if (x.start !== y.start || x.end !== y.end || !samePriceBreakdown(x, y)) return false;
  }
  return true;
}

/** The market prices that intersect a window, as a caller that reads them from a store passes them. */
const marketIn = (market: readonly MarketPrice[], w: TimeWindow) =>
  market.filter((m) => m.end > w.start && m.start < w.end);

async function main(): Promise<void> {
  const spec = JSON.parse(await text(process.stdin)) as EngineTimingSpec;
  const definition: TariffDefinition = spec.tariff === 'tou' ? complexTariff : marketTariff;
  const description =
    spec.tariff === 'tou'
      ? 'complex time of use (Europe/London; 3 seasons × weekdays/Sat/Sun × 5 periods, one wrapping midnight and one ending at 19:30:15; 2 special dates; 2 tiers)'
      : 'market (Europe/Amsterdam; market price + 0.02123/kWh, then + 5 %, all day)';
  const market = spec.tariff === 'market' ? syntheticMarket(YEAR) : [];
  const yearOptions: NaiveOptions = { resolutionMs: QUARTER_HOUR_MS, market };
  const columns = MarketColumns.from(market);
  const yearColumns = { resolutionMs: QUARTER_HOUR_MS, market: columns };
  const spanOptions: NaiveOptions = { resolutionMs: QUARTER_HOUR_MS, market: marketIn(market, SPAN) };

  log(`${spec.tariff}: compileTariff × ${spec.iterations}`);
  const compile = timeSet(Math.min(20, spec.iterations), spec.iterations, 0, () => {
    compileTariff(definition);
    return 0;
  });
  const compiled = compileTariff(definition);

  const warmup = Math.max(10, Math.round(spec.iterations / 2));
  log(`${spec.tariff}: expandTariffSeries, one year at 15 min × ${spec.iterations}`);
  const fast = timeSet(
    warmup,
    spec.iterations,
    YEAR_DAYS,
    () => expandTariffSeries(compiled, YEAR, yearColumns).length,
  );

  log(`${spec.tariff}: expandTariff (objects), one year at 15 min × ${spec.iterations}`);
  const objects = strip(
    timeSet(warmup, spec.iterations, YEAR_DAYS, () => expandTariff(compiled, YEAR, yearOptions).length),
  );

  let columnsFrom: TimedSet | null = null;
  if (spec.tariff === 'market') {
    log(`${spec.tariff}: MarketColumns.from, one year × ${spec.iterations}`);
    columnsFrom = strip(timeSet(warmup, spec.iterations, YEAR_DAYS, () => MarketColumns.from(market).length));
  }

  log(`${spec.tariff}: expandTariffNaive, ${SPAN_DAYS} days at 15 min × ${spec.naiveSpanRuns}`);
  const naiveSpan = timeSet(
    1,
    spec.naiveSpanRuns,
    SPAN_DAYS,
    () => expandTariffNaive(definition, SPAN, spanOptions).length,
  );
  const spanColumns = { ...spanOptions, market: MarketColumns.from(spanOptions.market ?? []) };
  const naiveOnSpan = expandTariffNaive(definition, SPAN, spanOptions);
  const equalOnSpan =
    sameSeries(expandTariffSeries(compiled, SPAN, spanColumns).toIntervals(), naiveOnSpan) &&
    sameSeries(expandTariff(compiled, SPAN, spanOptions), naiveOnSpan);

  const predicted = naiveSpan.summary.median * naiveSpan.scale;
  let naiveYear: TimedSet | null = null;
  let equalOnYear: boolean | null = null;
  if (spec.naiveYearRuns > 0 && predicted <= spec.naiveYearLimitMs) {
    log(
      `${spec.tariff}: expandTariffNaive, one year at 15 min × ${spec.naiveYearRuns} (predicted ${(predicted / 1000).toFixed(1)} s each)`,
    );
    let last: PriceInterval[] = [];
    naiveYear = strip(
      timeSet(0, spec.naiveYearRuns, YEAR_DAYS, () => {
        last = expandTariffNaive(definition, YEAR, yearOptions);
        return last.length;
      }),
    );
    equalOnYear =
      sameSeries(expandTariffSeries(compiled, YEAR, yearColumns).toIntervals(), last) &&
      sameSeries(expandTariff(compiled, YEAR, yearOptions), last);
  } else {
    log(
      `${spec.tariff}: naive year predicted at ${(predicted / 1000).toFixed(1)} s: scaled from ${SPAN_DAYS} days only`,
    );
  }

  const result: EngineTimingResult = {
    tariff: spec.tariff,
    description,
    gcExposed: gc !== undefined,
    marketIntervals: market.length,
    negativeMarketIntervals: market.filter((m) => m.pricePerMwh.units < 0n).length,
    compile: strip(compile),
    fast: strip(fast),
    objects,
    columnsFrom,
    naiveSpan: strip(naiveSpan),
    naiveYear,
    equalOnSpan,
    equalOnYear,
    spanStart: new Date(SPAN.start).toISOString().slice(0, 10),
    spanEnd: new Date(SPAN.end).toISOString().slice(0, 10),
  };
  emit({ event: 'result', ...result });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
