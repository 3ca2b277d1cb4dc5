import type {
  EngineSchedulesResult,
  EngineSchedulesSpec,
  ScheduleTimedSet,
} from './engine-schedules-timing.ts';
import { runJsonChild } from './lib/child.ts';
import { int, table } from './lib/format.ts';
import { checkLines } from './lib/report.ts';
import type { BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/**
 * In-process benchmark of the schedule searches (issue 5): the cheapest 4 hours in 48 hours and
 * in 30 days of 15-minute prices, with `findCheapestContiguous` and `findCheapestSlots`, beside
 * the brute-force oracles of the property tests (both windows). Timed in
 * bench/engine-schedules-timing.ts, a child process with nothing else in its heap.
 */

/** Targets in µs (median per call), by case. */
const TARGET_US: Record<string, number> = { '48 h': 20, '30 days': 1000 };

const us = (value: number): string =>
  value >= 100 ? int(value) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

function checksFor(r: EngineSchedulesResult): Check[] {
  const checks: Check[] = [];
  for (const set of r.sets.filter((s) => s.target)) {
    const target = TARGET_US[set.case];
    if (target === undefined) continue;
    const oracle = r.sets.find(
      (s) =>
        !s.target &&
        s.case === set.case &&
        s.name.startsWith(set.name === 'findCheapestContiguous' ? 'contiguousOracle' : 'splitOracle'),
    );
    checks.push({
      name: `Engine schedules: ${set.name}, cheapest 4 h in ${set.case} of 15-minute prices ≤ ${target >= 1000 ? `${target / 1000} ms` : `${target} µs`} (median)`,
      actual:
        `median ${us(set.summary.median)} µs, p95 ${us(set.summary.p95)} µs` +
        (oracle ? `; brute-force oracle median ${us(oracle.summary.median)} µs` : ''),
      pass: set.summary.median <= target,
    });
  }
  const wrong = r.cases.filter((c) => !(c.contiguousAgrees && c.splitAgrees));
  checks.push({
    name: 'Engine schedules: both searches give the brute-force oracle’s answer (48 h and 30 days)',
    actual: wrong.length === 0 ? 'yes' : `NO (${wrong.map((c) => c.case).join(', ')})`,
    pass: wrong.length === 0,
  });
  return checks;
}

function row(s: ScheduleTimedSet): string[] {
  return [
    s.case,
    s.target ? `**${s.name}**` : s.name,
    int(s.summary.runs),
    int(s.batch),
    us(s.summary.median),
    us(s.summary.p95),
    us(s.summary.min),
    s.target
      ? (TARGET_US[s.case] ?? 0) >= 1000
        ? `${(TARGET_US[s.case] ?? 0) / 1000} ms`
        : `${TARGET_US[s.case] ?? '?'} µs`
      : '–',
  ];
}

export const engineSchedules: BenchModule = {
  name: 'engine-schedules',
  summary: 'findCheapestContiguous / findCheapestSlots: cheapest 4 h in 48 h and 30 days of 15-minute prices',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const spec: EngineSchedulesSpec = { samples: 101, batchMs: 2, warmupMs: 300, slowOracleSamples: 15 };
    const run = await runJsonChild<EngineSchedulesResult>(
      ctx,
      'bench/engine-schedules-timing.ts',
      ['--expose-gc'],
      spec,
      'engine-schedules',
    );
    const r = run.result;
    const checks = checksFor(r);
    const markdown = [
      '### Engine: schedule searches (issue 5)',
      '',
      'In-process, no server: one `node --expose-gc --import tsx bench/engine-schedules-timing.ts` child. ' +
        'The cheapest 4 hours (`durationMs` = 4 h, segment LOW, ties earliest) in a window of 48 hours and of 30 days of ' +
        '15-minute prices: the series of `src/engine/find-cheapest.bench.ts` (seeded random prices of −0.05..0.34 per kWh ' +
        'as engine `CombinedInterval`s with exact Decimal prices: many ties, some negative), ' +
        `${r.cases.map((c) => `${int(c.intervals)} intervals for ${c.case}`).join(', ')}. ` +
        '`findCheapestContiguous` is one run; `findCheapestSlots` is the split search (exactly the duration, no grid). ' +
        'The brute-force oracles of the property tests (`src/engine/find-cheapest-oracle.ts`: every whole-minute start ' +
        'costed on its own; every minute ranked by price) are timed beside them on both windows, for scale, and every ' +
        'answer is checked against theirs once, untimed. ' +
        `Each sample is the mean of a batch of calls sized to take ≥ ${spec.batchMs} ms, after ${spec.warmupMs} ms of ` +
        `warm-up calls; ${spec.samples} samples per row (${spec.slowOracleSamples} for the 30-day oracles, ` +
        'where one call takes around 0.1 s); median/p95/min are over the samples, in µs per call. Bold rows are the targets.',
      '',
      table(
        ['Window', 'Function', 'samples', 'calls/sample', 'median µs', 'p95 µs', 'min µs', 'target'],
        r.sets.map(row),
        ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
      '',
      ...r.cases.map(
        (c) =>
          `- ${c.case}: contiguous run from ${c.contiguousStart}, ${c.contiguousCostCentMinutes} cent·minutes ` +
          `(oracle agrees: ${c.contiguousAgrees ? 'yes' : '**NO**'}); split: ${c.splitSlots} slots, ` +
          `${c.splitCostCentMinutes} cent·minutes (oracle agrees: ${c.splitAgrees ? 'yes' : '**NO**'}).`,
      ),
      `- Child ran ${run.seconds.toFixed(1)} s using ${run.selfCores?.toFixed(2) ?? 'n/a'} cores; other work on the ` +
        `machine meanwhile ${run.otherCores === undefined ? 'n/a' : Math.max(0, run.otherCores).toFixed(2)} cores` +
        `${(run.otherCores ?? 0) > 0.25 ? ' (**disturbed**: p95 is pessimistic)' : ''}.`,
      '',
      ...checkLines(checks),
    ].join('\n');
    return { markdown, checks };
  },
};
