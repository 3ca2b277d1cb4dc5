import type { CostsTimedSet, EngineCostsResult, EngineCostsSpec } from './engine-costs-timing.ts';
import { runJsonChild, type ChildRun } from './lib/child.ts';
import { int, table } from './lib/format.ts';
import { RECORDS_2025 } from './lib/meter-load.ts';
import { checkLines } from './lib/report.ts';
import type { BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/**
 * In-process benchmark of record pricing: one year of 15-minute meter records (35,040) against the
 * complex ToU + tier tariff. `priceRecords` and `aggregateCosts(MONTH)` are timed in
 * bench/engine-costs-timing.ts, a child process with nothing else in its heap, once with Node's
 * default heap settings (the target) and once with `--max-semi-space-size=64`, as the server
 * runs (a comparison row).
 */

const TARGET_MS = 20;

/** The children: default heap (the target), then the young generation the server gets. */
const VARIANTS: { label: string; nodeArgs: string[]; target: boolean }[] = [
  { label: 'default', nodeArgs: ['--expose-gc'], target: true },
  {
    label: '`--max-semi-space-size=64`',
    nodeArgs: ['--expose-gc', '--max-semi-space-size=64'],
    target: false,
  },
];

interface VariantRun {
  label: string;
  target: boolean;
  run: ChildRun<EngineCostsResult>;
}

const fmt = (value: number): string =>
  value >= 100 ? int(value) : value >= 10 ? value.toFixed(1) : value.toFixed(value >= 1 ? 2 : 3);

const setOf = (r: EngineCostsResult, name: string): CostsTimedSet | undefined =>
  r.sets.find((s) => s.name === name && s.target);

function rows(v: VariantRun): string[][] {
  return v.run.result.sets.map((s) => [
    v.label,
    s.target ? `**${s.name}**` : s.name,
    s.input,
    int(s.summary.runs),
    fmt(s.summary.median),
    fmt(s.summary.p95),
    fmt(s.summary.min),
    fmt(s.cpu.median),
    int(s.output),
  ]);
}

function checksFor(runs: VariantRun[]): Check[] {
  const main = runs.find((v) => v.target);
  const other = runs.find((v) => !v.target);
  if (!main) return [];
  const checks: Check[] = [];
  for (const name of ['priceRecords', 'priceRecords + aggregateCosts(MONTH)']) {
    const set = setOf(main.run.result, name);
    if (!set) continue;
    const cmp = other ? setOf(other.run.result, name) : undefined;
    checks.push({
      name: `Engine costs: ${name} over ${int(RECORDS_2025)} records (a year at 15 min, complex ToU + tiers) ≤ ${TARGET_MS} ms (median)`,
      actual:
        `median ${fmt(set.summary.median)} ms, p95 ${fmt(set.summary.p95)} ms, CPU median ${fmt(set.cpu.median)} ms` +
        (cmp
          ? `; with --max-semi-space-size=64 median ${fmt(cmp.summary.median)} ms, p95 ${fmt(cmp.summary.p95)} ms`
          : ''),
      pass: set.summary.median <= TARGET_MS,
    });
  }
  const wrong = runs.filter(
    (v) => !(v.run.result.monthsAddUp && v.run.result.inputsAgree && v.run.result.energyMatchesInput),
  );
  checks.push({
    name: 'Engine costs: pieces hold the records’ energy, MONTH buckets add up to the total exactly, Wh and kWh inputs agree',
    actual: wrong.length === 0 ? 'yes' : `NO (${wrong.map((v) => v.label).join(', ')})`,
    pass: wrong.length === 0,
  });
  return checks;
}

export const engineCosts: BenchModule = {
  name: 'engine-costs',
  summary: 'priceRecords and aggregateCosts(MONTH) over a year of 15-minute records (complex ToU + tiers)',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const iterations = ctx.options.iterations;
    const warmup = Math.max(10, Math.round(iterations / 2));
    const spec: EngineCostsSpec = { iterations, warmup };
    const runs: VariantRun[] = [];
    for (const variant of VARIANTS) {
      const run = await runJsonChild<EngineCostsResult>(
        ctx,
        'bench/engine-costs-timing.ts',
        variant.nodeArgs,
        spec,
        `engine-costs (${variant.label.replaceAll('`', '')})`,
      );
      const priced = setOf(run.result, 'priceRecords');
      ctx.log(
        `engine-costs (${variant.label.replaceAll('`', '')}): priceRecords median ${fmt(priced?.summary.median ?? NaN)} ms, ` +
          `p95 ${fmt(priced?.summary.p95 ?? NaN)} ms`,
      );
      runs.push({ label: variant.label, target: variant.target, run });
    }
    const checks = checksFor(runs);
    const r = runs[0]?.run.result;
    const markdown = [
      '### Engine: pricing a year of 15-minute meter records',
      '',
      'In-process, no server: one `node --expose-gc --import tsx bench/engine-costs-timing.ts` child per row group, ' +
        'with Node’s default heap (the target) and with `--max-semi-space-size=64` (as the benchmarked server runs). ' +
        `${int(r?.records ?? RECORDS_2025)} records, one per quarter-hour of 2025, 50–449 Wh each ` +
        `(${r?.energyKwh ?? '?'} kWh in all), priced against the complex ToU + tier tariff ` +
        '(Europe/London; 3 seasons × weekdays/Sat/Sun × 5 periods, 2 special dates, 250 kWh monthly tier bound) with ' +
        '`priceRecords(records, series, {timeZone, priorMonthEnergyKwh: 0, window: 2025})`. The combined series ' +
        `(\`compileTariff\` → \`expandTariff\` → \`combineSeries\` with no non-commodity part: ${int(r?.seriesIntervals ?? 0)} ` +
        'merged intervals, as the server’s `priceLocation` builds it) is made once, outside the timed region. ' +
        `${warmup} warm-up runs, then ${iterations} measured, per row; \`global.gc()\` between rows. ` +
        'Bold rows are the targets. Times are wall-clock ms; "CPU" is the child’s CPU per run (all threads): wall ≫ CPU ' +
        'means the run waited for a core. The last two rows are the rest of the engine work a cost request does, for scale.',
      '',
      table(
        [
          'Node heap',
          'Function',
          'Input',
          'runs',
          'median ms',
          'p95 ms',
          'min ms',
          'CPU median ms',
          'output',
        ],
        runs.flatMap(rows),
        ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
      '',
      `- Output: ${int(r?.pieces ?? 0)} priced pieces (records cut at price boundaries, the 19:30:15 boundary and ` +
        `${int(r?.tierCrossings ?? 0)} tier crossings), ${int(r?.months ?? 0)} MONTH buckets; total cost ` +
        `${r?.costRounded ?? '?'} (GBP, rounded to 5 places). Records with Wh values get their energy from ` +
        '`recordEnergyKwh` as a Ratio over 1000, as `src/core/pricing/metered.ts` passes them; the kWh row gives ' +
        'the same energies as 3-decimal Decimals.',
      ...runs.map(
        (v) =>
          `- ${v.label}: child ran ${v.run.seconds.toFixed(1)} s using ${v.run.selfCores?.toFixed(2) ?? 'n/a'} cores; ` +
          `other work on the machine meanwhile ${v.run.otherCores === undefined ? 'n/a' : Math.max(0, v.run.otherCores).toFixed(2)} cores` +
          `${(v.run.otherCores ?? 0) > 0.25 ? ' (**disturbed**: compare the CPU column with the wall-clock ones)' : ''}.`,
      ),
      ...(runs.some((v) => !v.run.result.gcExposed) ? ['- `global.gc` was not available.'] : []),
      '',
      ...checkLines(checks),
    ].join('\n');
    return { markdown, checks };
  },
};
