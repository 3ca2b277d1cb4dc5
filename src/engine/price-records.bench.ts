// Timing of record pricing: `node --import tsx src/engine/price-records.bench.ts`.
// One year of 15-minute readings (35 040 records, 3-decimal kWh) against the complex time-of-use
// tariff (3 seasons × weekdays/Saturday/Sunday × 5 periods, 2 special dates, 250 kWh tiers), and
// the same year as power (W) records, whose energies are Ratios. Reports the median and best of
// repeated runs after a warm-up, and the process CPU time per run; the engine alone (series
// expanded and combined beforehand). Most of the spread between best and median is the garbage
// collector copying the 35 040 result pieces: compare with `node --max-semi-space-size=64 …`.
import { aggregateCosts } from './aggregate-costs.ts';
import { combineSeries } from './combine-series.ts';
import { compileTariff } from './compile-tariff.ts';
import { toDecimal } from './decimal.ts';
import { recordEnergyKwh } from './energy.ts';
import { complexTariff } from './example-tariffs.ts';
import { expandTariff } from './expand-tariff.ts';
import { type EnergyRecord, priceRecords } from './price-records.ts';
import { formatRatio, roundRatio } from './ratio.ts';

function time(label: string, runs: number, run: () => number): void {
  let size = 0;
  for (let i = 0; i < Math.min(runs, 20); i++) size = run();
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    size = run();
    samples.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? NaN;
  // CPU time (all threads, garbage collector included) is less inflated than wall time on a busy machine
  const cpuMs = (used.user + used.system) / 1000 / runs;
  console.log(
    `${label}: median ${median.toFixed(3)} ms, best ${(samples[0] ?? NaN).toFixed(3)} ms, ` +
      `CPU ${cpuMs.toFixed(3)} ms/run, ${size}`,
  );
}

const year = { start: Date.UTC(2025, 0, 1), end: Date.UTC(2026, 0, 1) };
const STEP = 900_000;
const compiled = compileTariff(complexTariff);
const merged = combineSeries(expandTariff(compiled, year), []);
const gridded = combineSeries(expandTariff(compiled, year, { resolutionMs: STEP }), []);

// a deterministic load shape: 0.050–0.449 kWh per quarter-hour, about 2 200 kWh a month
const records: EnergyRecord[] = [];
const watts: EnergyRecord[] = [];
for (let t = year.start, i = 0; t < year.end; t += STEP, i++) {
  const kwh = toDecimal(`0.${String(50 + ((i * 7919) % 400)).padStart(3, '0')}`);
  records.push({ start: t, end: t + STEP, energyKwh: kwh });
  const w = 200 + ((i * 104_729) % 1_800) + 0.5;
  watts.push({
    start: t,
    end: t + STEP,
    energyKwh: recordEnergyKwh({ value: w, unit: 'W', start: t, end: t + STEP }),
  });
}
const options = { timeZone: 'Europe/London' };

time(
  'priceRecords, 35 040 kWh records, merged series',
  100,
  () => priceRecords(records, merged, options).pieces.length,
);
time(
  'priceRecords, 35 040 kWh records, 15-minute series',
  100,
  () => priceRecords(records, gridded, options).pieces.length,
);
time(
  'priceRecords, 35 040 W records, merged series',
  100,
  () => priceRecords(watts, merged, options).pieces.length,
);
const shuffled = [...records].reverse();
time(
  'priceRecords, 35 040 kWh records in reverse order',
  100,
  () => priceRecords(shuffled, merged, options).pieces.length,
);
const result = priceRecords(records, merged, options);
time(
  'aggregateCosts DAY over the year',
  100,
  () => aggregateCosts(result.pieces, { aggregation: 'DAY', timeZone: 'Europe/London' }).length,
);
time(
  'aggregateCosts MONTH over the year',
  100,
  () => aggregateCosts(result.pieces, { aggregation: 'MONTH', timeZone: 'Europe/London' }).length,
);
console.log(
  `year: ${formatRatio(result.energyKwh)} kWh, cost ${roundRatio(result.cost, 5).units} × 10^-5, ${result.pieces.length} pieces`,
);
