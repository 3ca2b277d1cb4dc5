/**
 * The timing half of the `engine-schedules` module, run as its own process so that the JIT and
 * the heap hold nothing but the engine: `node --expose-gc --import tsx
 * bench/engine-schedules-timing.ts`, with an EngineSchedulesSpec as JSON on stdin. Prints JSON
 * lines on stdout: `{"event":"log","message":…}` for progress, then
 * `{"event":"result",…EngineSchedulesResult}`.
 *
 * The cheapest 4 hours in 48 hours and in 30 days of 15-minute prices (the series of
 * src/engine/find-cheapest.bench.ts: seeded random cents −5..34, many ties and some negatives,
 * as engine CombinedIntervals with Decimal prices), with `findCheapestContiguous` and
 * `findCheapestSlots`, beside the brute-force oracles of the property tests
 * (src/engine/find-cheapest-oracle.ts), timed on both cases (on 30 days with fewer samples: a
 * call takes around 0.1 s). Every answer is checked against the oracle's once, outside the timed region.
 */
import { text } from 'node:stream/consumers';
import {
  BASE,
  MINUTE,
  contiguousOracle,
  quarterHours,
  splitOracle,
  type SearchCase,
} from '../src/engine/find-cheapest-oracle.ts';
import { findCheapestSlots } from '../src/engine/find-cheapest-slots.ts';
import { findCheapestContiguous } from '../src/engine/find-cheapest-window.ts';
import { ratioOf } from '../src/engine/index.ts';
import { summarize, type Summary } from './lib/stats.ts';

export interface EngineSchedulesSpec {
  /** Timed samples per set; each sample is the mean of a batch sized to take ≥ batchMs. */
  samples: number;
  /** Milliseconds a batch should take at least (sets the calls per sample). */
  batchMs: number;
  /** Milliseconds of untimed calls before each set. */
  warmupMs: number;
  /** Timed samples for the oracles on the 30-day case, where one call takes around 0.1 s. */
  slowOracleSamples: number;
}

export interface ScheduleTimedSet {
  /** "48 h" or "30 days". */
  case: string;
  /** e.g. "findCheapestContiguous". */
  name: string;
  /** Part of a target (the engine functions, not the oracles). */
  target: boolean;
  /** µs per call: order statistics over the samples (each a batch mean). */
  summary: Summary;
  /** Calls per sample. */
  batch: number;
}

export interface ScheduleCase {
  case: string;
  hours: number;
  intervals: number;
  /** The engine's answer equals the oracle's (cost, and start for the contiguous run). */
  contiguousAgrees: boolean;
  splitAgrees: boolean;
  contiguousStart: string;
  contiguousCostCentMinutes: number;
  splitSlots: number;
  splitCostCentMinutes: number;
}

export interface EngineSchedulesResult {
  execArgv: string[];
  gcExposed: boolean;
  cases: ScheduleCase[];
  sets: ScheduleTimedSet[];
}

const emit = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
const log = (message: string) => emit({ event: 'log', message });
const gc = (globalThis as { gc?: () => void }).gc;
const H = 3_600_000;

let sink = 0;

function timeSet(
  spec: EngineSchedulesSpec,
  label: string,
  name: string,
  target: boolean,
  run: () => unknown,
  sampleCount = spec.samples,
): ScheduleTimedSet {
  const warm = performance.now();
  while (performance.now() - warm < spec.warmupMs) if (run()) sink++;
  let batch = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) if (run()) sink++;
    if (performance.now() - t >= spec.batchMs || batch >= 1 << 20) break;
    batch *= 2;
  }
  gc?.();
  const samples: number[] = [];
  for (let k = 0; k < sampleCount; k++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) if (run()) sink++;
    samples.push(((performance.now() - t) * 1000) / batch);
  }
  const summary = summarize(samples);
  log(
    `${name}, 4 h in ${label}: median ${summary.median.toFixed(2)} µs, p95 ${summary.p95.toFixed(2)} µs (${batch} calls/sample)`,
  );
  return { case: label, name, target, summary, batch };
}

/** Σ price × hours as an exact Ratio → cents × minutes (the oracle's unit), or NaN. */
function centMinutes(cost: unknown): number {
  const r = ratioOf(cost as Parameters<typeof ratioOf>[0]);
  const scaled = r.n * 6000n;
  return scaled % r.d === 0n ? Number(scaled / r.d) : NaN;
}

async function main(): Promise<void> {
  const spec = JSON.parse(await text(process.stdin)) as EngineSchedulesSpec;
  const cases: ScheduleCase[] = [];
  const sets: ScheduleTimedSet[] = [];
  const duration = 4 * H;
  for (const [label, hours] of [
    ['48 h', 48],
    ['30 days', 30 * 24],
  ] as const) {
    const series = quarterHours(hours);
    const window = { start: BASE, end: BASE + hours * H };
    const c: SearchCase = {
      series,
      from: 0,
      to: hours * 60,
      minutes: 240,
      maximise: false,
      tie: 'earliest',
      huge: false,
    };
    // Outside the timed region: the engine's answers against the oracles' (whole minutes).
    const run = findCheapestContiguous(series, window, duration);
    const split = findCheapestSlots(series, window, duration);
    const oracleRun = contiguousOracle(c);
    const oracleSplit = splitOracle(c);
    const runCost = run.ok ? centMinutes(run.cost) : NaN;
    const splitCost = split.ok ? centMinutes(split.cost) : NaN;
    cases.push({
      case: label,
      hours,
      intervals: series.length,
      contiguousAgrees:
        run.ok &&
        oracleRun !== null &&
        runCost === oracleRun.best.cost &&
        run.start === BASE + oracleRun.best.start * MINUTE,
      splitAgrees: split.ok && oracleSplit !== null && splitCost === oracleSplit.cost,
      contiguousStart: run.ok ? new Date(run.start).toISOString() : run.code,
      contiguousCostCentMinutes: runCost,
      splitSlots: split.ok ? split.slots.length : 0,
      splitCostCentMinutes: splitCost,
    });

    sets.push(
      timeSet(spec, label, 'findCheapestContiguous', true, () =>
        findCheapestContiguous(series, window, duration),
      ),
    );
    sets.push(
      timeSet(spec, label, 'findCheapestSlots', true, () => findCheapestSlots(series, window, duration)),
    );
    // The oracles beside them: on 30 days a call takes around 0.1 s, so fewer samples there.
    const oracleSamples = hours <= 48 ? spec.samples : spec.slowOracleSamples;
    sets.push(
      timeSet(
        spec,
        label,
        'contiguousOracle (every whole-minute start)',
        false,
        () => contiguousOracle(c),
        oracleSamples,
      ),
    );
    sets.push(
      timeSet(spec, label, 'splitOracle (every minute ranked)', false, () => splitOracle(c), oracleSamples),
    );
  }
  emit({
    event: 'result',
    execArgv: process.execArgv.filter((a) => a !== '--import' && a !== 'tsx'),
    gcExposed: gc !== undefined,
    cases,
    sets,
    sink,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
