/**
 * The timing half of the `engine-costs` module, run as its own process so that the JIT and the
 * heap hold nothing but the engine: `node --expose-gc [--max-semi-space-size=64] --import tsx
 * bench/engine-costs-timing.ts`, with an EngineCostsSpec as JSON on stdin. Prints JSON lines on
 * stdout: `{"event":"log","message":…}` for progress, then `{"event":"result",…EngineCostsResult}`.
 *
 * One year (2025) of 15-minute meter records, 35,040 of them, priced against the complex ToU +
 * tier tariff: the combined price series is built once (compileTariff → expandTariff →
 * combineSeries, as the server's priceLocation builds it: merged intervals, no grid), then
 * `priceRecords` and `aggregateCosts(MONTH)` are timed over the year.
 */
import { text } from 'node:stream/consumers';
import {
  aggregateCosts,
  combineSeries,
  compileTariff,
  expandTariff,
  formatRatio,
  priceRecords,
  ratioOf,
  recordEnergyKwh,
  roundRatio,
  formatDecimal,
  toDecimal,
  RatioSum,
  type CombinedInterval,
  type EnergyRecord,
  type PricedRecords,
  type Ratio,
  type TimeWindow,
} from '../src/engine/index.ts';
import { complexTariff } from '../src/engine/example-tariffs.ts';
import { summarize, type Summary } from './lib/stats.ts';
import { YEAR_2025, QUARTER_HOUR_MS, whAt } from './lib/meter-load.ts';

export interface EngineCostsSpec {
  /** Measured runs per set (after the warm-up). */
  iterations: number;
  /** Untimed runs before each set. */
  warmup: number;
}

export interface CostsTimedSet {
  /** What was timed, e.g. "priceRecords". */
  name: string;
  /** The input, e.g. "Wh values via recordEnergyKwh (as the server)". */
  input: string;
  /** Wall-clock ms per run. */
  summary: Summary;
  /** CPU ms of this process per run (all threads, GC helpers included). */
  cpu: Summary;
  /** Size of the output of one run (pieces, buckets, records). */
  output: number;
  /** Part of a target (`priceRecords`, `priceRecords + aggregateCosts(MONTH)`). */
  target: boolean;
}

export interface EngineCostsResult {
  execArgv: string[];
  gcExposed: boolean;
  records: number;
  seriesIntervals: number;
  sets: CostsTimedSet[];
  /** Results of one run of each input, checked outside the timed region. */
  pieces: number;
  tierCrossings: number;
  energyKwh: string;
  costRounded: string;
  months: number;
  /** Sum of the MONTH buckets equals the priced total exactly; both inputs give the same total. */
  monthsAddUp: boolean;
  inputsAgree: boolean;
  energyMatchesInput: boolean;
}

const emit = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
const log = (message: string) => emit({ event: 'log', message });
const gc = (globalThis as { gc?: () => void }).gc;

function timeSet(
  spec: EngineCostsSpec,
  name: string,
  input: string,
  target: boolean,
  run: () => number,
): CostsTimedSet {
  log(`${name} (${input}) × ${spec.iterations}`);
  let output = 0;
  for (let i = 0; i < spec.warmup; i++) output = run();
  gc?.();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < spec.iterations; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    output = run();
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  gc?.();
  return { name, input, summary: summarize(wall), cpu: summarize(cpu), output, target };
}

const sameRatio = (a: Ratio, b: Ratio) => {
  const x = ratioOf(a);
  const y = ratioOf(b);
  return x.n * y.d === y.n * x.d;
};

async function main(): Promise<void> {
  const spec = JSON.parse(await text(process.stdin)) as EngineCostsSpec;
  const year: TimeWindow = YEAR_2025;
  const zone = 'Europe/London';

  // Outside every timed region: the series, as priceLocation builds it for the server.
  const compiled = compileTariff(complexTariff);
  const series: CombinedInterval[] = combineSeries(expandTariff(compiled, year), []);

  // The same load twice: integer Wh values turned into energies the way the server does it
  // (recordEnergyKwh → a Ratio over 1000), and the same energies as 3-decimal kWh Decimals
  // (as src/engine/price-records.bench.ts passes them).
  const fromWh: EnergyRecord[] = [];
  const asKwh: EnergyRecord[] = [];
  const wh: { value: string; start: number; end: number }[] = [];
  for (let t = year.start, i = 0; t < year.end; t += QUARTER_HOUR_MS, i++) {
    const value = whAt(i);
    wh.push({ value: String(value), start: t, end: t + QUARTER_HOUR_MS });
    fromWh.push({
      start: t,
      end: t + QUARTER_HOUR_MS,
      energyKwh: recordEnergyKwh({ value: String(value), unit: 'Wh', start: t, end: t + QUARTER_HOUR_MS }),
    });
    asKwh.push({ start: t, end: t + QUARTER_HOUR_MS, energyKwh: toDecimal((value / 1000).toFixed(3)) });
  }
  const options = { timeZone: zone, priorMonthEnergyKwh: { n: 0n, d: 1n }, window: year };
  const month = { aggregation: 'MONTH' as const, timeZone: zone, window: year };

  // One untimed run of each, to check the answers.
  const pricedWh: PricedRecords = priceRecords(fromWh, series, options);
  const pricedKwh: PricedRecords = priceRecords(asKwh, series, options);
  const buckets = aggregateCosts(pricedWh.pieces, month);
  const bucketCost = new RatioSum();
  for (const b of buckets) bucketCost.add(b.cost);
  const inputEnergy = new RatioSum();
  for (const r of fromWh) inputEnergy.add(r.energyKwh as Ratio);

  const sets: CostsTimedSet[] = [];
  sets.push(
    timeSet(spec, 'priceRecords', 'Wh values via recordEnergyKwh (as the server passes them)', true, () => {
      return priceRecords(fromWh, series, options).pieces.length;
    }),
  );
  sets.push(
    timeSet(spec, 'priceRecords', '3-decimal kWh Decimals (as price-records.bench.ts)', false, () => {
      return priceRecords(asKwh, series, options).pieces.length;
    }),
  );
  sets.push(
    timeSet(spec, 'aggregateCosts(MONTH)', 'the pieces of one priceRecords run', false, () => {
      return aggregateCosts(pricedWh.pieces, month).length;
    }),
  );
  sets.push(
    timeSet(
      spec,
      'priceRecords + aggregateCosts(MONTH)',
      'Wh values via recordEnergyKwh (the MONTH report path)',
      true,
      () => aggregateCosts(priceRecords(fromWh, series, options).pieces, month).length,
    ),
  );
  sets.push(
    timeSet(
      spec,
      'recordEnergyKwh × 35,040',
      'Wh values (per request in the server; not in the target)',
      false,
      () => {
        let n = 0;
        for (const r of wh) {
          recordEnergyKwh({ value: r.value, unit: 'Wh', start: r.start, end: r.end });
          n++;
        }
        return n;
      },
    ),
  );
  sets.push(
    timeSet(
      spec,
      'expandTariff + combineSeries',
      'the year (per request in the server; not in the target)',
      false,
      () => combineSeries(expandTariff(compiled, year), []).length,
    ),
  );

  const result: EngineCostsResult = {
    execArgv: process.execArgv.filter((a) => a !== '--import' && a !== 'tsx'),
    gcExposed: gc !== undefined,
    records: fromWh.length,
    seriesIntervals: series.length,
    sets,
    pieces: pricedWh.pieces.length,
    tierCrossings: pricedWh.pieces.filter(
      (p, i, all) =>
        i > 0 && p.commodityTier !== (all[i - 1] as typeof p).commodityTier && p.commodityTier === 1,
    ).length,
    energyKwh: formatRatio(pricedWh.energyKwh),
    costRounded: formatDecimal(roundRatio(pricedWh.cost, 5)),
    months: buckets.length,
    monthsAddUp: sameRatio(bucketCost.value(), pricedWh.cost),
    inputsAgree:
      sameRatio(pricedWh.cost, pricedKwh.cost) && sameRatio(pricedWh.energyKwh, pricedKwh.energyKwh),
    energyMatchesInput: sameRatio(inputEnergy.value(), pricedWh.energyKwh),
  };
  emit({ event: 'result', ...result });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
