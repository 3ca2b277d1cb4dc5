import type { EngineTariff, EngineTimingResult, EngineTimingSpec, TimedSet } from './engine-timing.ts';
import { runJsonChild, type ChildRun } from './lib/child.ts';
import { int, table } from './lib/format.ts';
import { checkLines } from './lib/report.ts';
import type { BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/**
 * In-process benchmark of the tariff engine: one year of 15-minute prices from `expandTariff`
 * for the complex time-of-use tariff and for a market tariff, against the naive per-interval
 * rule scan `expandTariffNaive`. The timing runs in bench/engine-timing.ts, one child process per
 * tariff (`node --expose-gc`), so that nothing else shares its heap or its JIT.
 */

const TARGET_MS_PER_YEAR = 2;
const TARGET_SPEED_UP = 20;
/** Time the naive scan over a whole year when a short span predicts it takes at most this. */
const NAIVE_YEAR_LIMIT_MS = 10_000;

const TARIFF_NAMES: Record<EngineTariff, string> = { tou: 'complex ToU', market: 'market' };

const fmt = (value: number): string =>
  value >= 100 ? int(value) : value >= 10 ? value.toFixed(1) : value.toFixed(value >= 1 ? 2 : 3);

/** The naive scan's ms per year: measured over a year when it was run, else scaled from the span. */
function naivePerYear(r: EngineTimingResult): { ms: number; how: string } {
  if (r.naiveYear) return { ms: r.naiveYear.summary.median, how: 'timed over a full year' };
  return {
    ms: r.naiveSpan.summary.median * r.naiveSpan.scale,
    how: `scaled ×${r.naiveSpan.scale.toFixed(2)} from ${r.naiveSpan.spanDays} days`,
  };
}

function rowsFor(run: ChildRun<EngineTimingResult>): string[][] {
  const r = run.result;
  const name = TARIFF_NAMES[r.tariff];
  const naive = naivePerYear(r);
  const row = (fn: string, window: string, set: TimedSet, perYear: boolean, vs: string): string[] => [
    name,
    fn,
    window,
    int(set.summary.runs),
    fmt(set.summary.median),
    fmt(set.summary.p95),
    fmt(set.summary.min),
    fmt(set.cpu.median),
    perYear ? fmt(set.summary.median * set.scale) : '–',
    perYear ? fmt(set.summary.p95 * set.scale) : '–',
    set.spanDays > 0 ? int(set.intervals) : '–',
    vs,
  ];
  const rows = [
    row('compileTariff', '–', r.compile, false, ''),
    row(
      'expandTariffSeries (columns; the target check)',
      '1 year',
      r.fast,
      true,
      `**×${int(naive.ms / r.fast.summary.median)}** faster`,
    ),
    row(
      r.columnsFrom
        ? 'expandTariff (PriceInterval objects, from MarketPrice[])'
        : 'expandTariff (PriceInterval objects)',
      '1 year',
      r.objects,
      true,
      `×${int(naive.ms / r.objects.summary.median)} faster`,
    ),
    ...(r.columnsFrom
      ? [row('MarketColumns.from (inside expandTariff above)', '1 year', r.columnsFrom, true, '')]
      : []),
    row(
      'expandTariffNaive',
      `${r.naiveSpan.spanDays} days (×${r.naiveSpan.scale.toFixed(2)})`,
      r.naiveSpan,
      true,
      r.naiveYear ? '' : 'baseline (scaled)',
    ),
  ];
  if (r.naiveYear) rows.push(row('expandTariffNaive', '1 year', r.naiveYear, true, 'baseline'));
  return rows;
}

function checksFor(run: ChildRun<EngineTimingResult>): Check[] {
  const r = run.result;
  const name = TARIFF_NAMES[r.tariff];
  const naive = naivePerYear(r);
  const speedUp = naive.ms / r.fast.summary.median;
  return [
    {
      name: `Engine, ${name}: expandTariffSeries over a year at 15 min ≤ ${TARGET_MS_PER_YEAR} ms (median)`,
      actual: `median ${fmt(r.fast.summary.median)} ms, p95 ${fmt(r.fast.summary.p95)} ms (${int(r.fast.intervals)} intervals)`,
      pass: r.fast.summary.median <= TARGET_MS_PER_YEAR,
    },
    {
      name: `Engine, ${name}: expandTariffSeries ≥ ${TARGET_SPEED_UP}× faster than expandTariffNaive`,
      actual:
        `×${int(speedUp)} (naive ${fmt(naive.ms)} ms per year, ${naive.how}` +
        (r.naiveYear
          ? `; ×${int((r.naiveSpan.summary.median * r.naiveSpan.scale) / r.fast.summary.median)} against the ${r.naiveSpan.spanDays}-day timing scaled to a year)`
          : ')'),
      pass: speedUp >= TARGET_SPEED_UP,
    },
    {
      name: `Engine, ${name}: expandTariffSeries and expandTariff equal the naive oracle on the timed windows`,
      actual:
        `${r.naiveSpan.spanDays} days: ${r.equalOnSpan ? 'yes' : 'NO'}` +
        (r.equalOnYear === null ? '' : `; 1 year: ${r.equalOnYear ? 'yes' : 'NO'}`),
      pass: r.equalOnSpan && r.equalOnYear !== false,
    },
  ];
}

export const engineExpand: BenchModule = {
  name: 'engine-expand',
  summary: 'expandTariff over a year at 15 min (complex ToU and market tariffs) vs the naive rule scan',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const { iterations, naiveYearRuns } = ctx.options;
    const runs: ChildRun<EngineTimingResult>[] = [];
    for (const tariff of ['tou', 'market'] as const) {
      const spec: EngineTimingSpec = {
        tariff,
        iterations,
        naiveSpanRuns: 5,
        naiveYearRuns,
        naiveYearLimitMs: NAIVE_YEAR_LIMIT_MS,
      };
      const run = await runJsonChild<EngineTimingResult>(
        ctx,
        'bench/engine-timing.ts',
        ['--expose-gc'],
        spec,
        'engine',
      );
      const r = run.result;
      ctx.log(
        `engine: ${tariff}: expandTariff median ${fmt(r.fast.summary.median)} ms, p95 ${fmt(r.fast.summary.p95)} ms; ` +
          `naive ${fmt(naivePerYear(r).ms)} ms per year (${naivePerYear(r).how})`,
      );
      runs.push(run);
    }
    const checks = runs.flatMap(checksFor);
    const first = runs[0]?.result;
    const market = runs.find((r) => r.result.tariff === 'market')?.result;
    const disturbedRuns = runs.filter((r) => (r.otherCores ?? 0) > 0.25);
    const markdown = [
      '### Engine: one year of 15-minute prices',
      '',
      'In-process, no server: one `node --expose-gc --import tsx bench/engine-timing.ts` child per tariff. ' +
        '`expandTariffSeries(compiled, {2025-01-01, 2026-01-01}, {resolutionMs: 900_000})`, 365 days, 35,040 ' +
        "quarter-hours, the engine's columnar output (start, end and confidence arrays, one shared breakdown " +
        'reference per interval); `expandTariff` is the same series as PriceInterval objects, what the ' +
        'prices, costs and schedules code reads today. ' +
        `${int(Math.max(10, Math.round(iterations / 2)))} warm-up runs, then ${int(iterations)} measured. ` +
        '`compileTariff` is timed apart (20 warm-up runs). The naive per-interval rule scan ' +
        '`expandTariffNaive` (reads the raw definition, scans every rule and asks Temporal for every wall time) ' +
        `is timed over ${first?.naiveSpan.spanDays ?? 14} days (${first?.spanStart ?? ''} → ${first?.spanEnd ?? ''}, across the spring ` +
        'clock change) after one warm-up run and scaled linearly to a year; when that predicts at most ' +
        `${NAIVE_YEAR_LIMIT_MS / 1000} s, it is also timed over the full year (${naiveYearRuns} run${naiveYearRuns === 1 ? '' : 's'}), and the ` +
        'speed-up uses the full-year median. `global.gc()` runs between sets. Times are wall-clock ms ' +
        '(`performance.now()`); "CPU" is the child process CPU per run (all threads): wall ≫ CPU means ' +
        'the run waited for a core. "×" speed-ups are naive median per year ÷ fast median.',
      '',
      table(
        [
          'Tariff',
          'Function',
          'Window timed',
          'runs',
          'median ms',
          'p95 ms',
          'min ms',
          'CPU median ms',
          'median ms / year',
          'p95 ms / year',
          'intervals out',
          'vs naive',
        ],
        runs.flatMap(rowsFor),
        ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
      '',
      ...runs.map((run) => {
        const r = run.result;
        return (
          `- ${TARIFF_NAMES[r.tariff]}: ${r.description}. Child ran ${run.seconds.toFixed(1)} s using ` +
          `${run.selfCores?.toFixed(2) ?? 'n/a'} cores; other work on the machine meanwhile ` +
          `${run.otherCores === undefined ? 'n/a' : Math.max(0, run.otherCores).toFixed(2)} cores` +
          `${(run.otherCores ?? 0) > 0.25 ? ' (**disturbed**)' : ''}.`
        );
      }),
      ...(market
        ? [
            `- Market prices: ${int(market.marketIntervals)} synthetic quarter-hours for 2025 (a daily, weekly and ` +
              `seasonal sinusoid, exact cents per MWh as engine \`MarketPrice\`s with confidence 1; ` +
              `${int(market.negativeMarketIntervals)} negative), built once before timing, and once as ` +
              "`MarketColumns` (the engine's columnar market input) for `expandTariffSeries`; `expandTariff` takes the " +
              '`MarketPrice` objects and converts them itself (the `MarketColumns.from` row). The naive scan gets only the ' +
              `prices inside its window, as a caller reading a store would pass them.`,
          ]
        : []),
      '- The complex ToU tariff gives more than 35,040 intervals: its 19:30:15 boundary splits one ' +
        'quarter-hour a day (none on 25 Dec and 1 Jan).',
      ...(runs.some((r) => !r.result.gcExposed) ? ['- `global.gc` was not available.'] : []),
      ...(disturbedRuns.length
        ? [
            '- Other work used more than 0.25 cores during a child run: compare the CPU column with the wall-clock ones.',
          ]
        : []),
      '',
      ...checkLines(checks),
    ].join('\n');
    return { markdown, checks };
  },
};
