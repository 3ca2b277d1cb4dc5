// Timing of the tariff engine: `node --import tsx src/engine/expand-tariff.bench.ts`.
// Reports the median and best of repeated runs after a warm-up, for the complex time-of-use tariff
// (3 seasons × weekdays/Saturday/Sunday × 5 periods, 2 special dates, 2 tiers) over one year, and
// the naive oracle over one week as the baseline.
import { compileTariff } from './compile-tariff.ts';
import { complexTariff } from './example-tariffs.ts';
import { expandTariff } from './expand-tariff.ts';
import { expandTariffNaive } from './expand-tariff-naive.ts';

function time(label: string, runs: number, run: () => number): void {
  let size = 0;
  for (let i = 0; i < Math.min(runs, 20); i++) size = run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    size = run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? NaN;
  console.log(
    `${label}: median ${median.toFixed(3)} ms, best ${(samples[0] ?? NaN).toFixed(3)} ms, ${size} intervals`,
  );
}

const year = { start: Date.UTC(2025, 0, 1), end: Date.UTC(2026, 0, 1) };
const week = { start: Date.UTC(2025, 2, 27), end: Date.UTC(2025, 3, 3) };
const compiled = compileTariff(complexTariff);

time('compileTariff (complex)', 20, () => compileTariff(complexTariff).plans.length);
time(
  'expandTariff, 1 year, 15-minute grid',
  200,
  () => expandTariff(compiled, year, { resolutionMs: 900_000 }).length,
);
time(
  'expandTariff, 1 year, 60-minute grid',
  200,
  () => expandTariff(compiled, year, { resolutionMs: 3_600_000 }).length,
);
time('expandTariff, 1 year, merged', 200, () => expandTariff(compiled, year).length);
time(
  'expandTariffNaive, 1 week, 15-minute grid',
  3,
  () => expandTariffNaive(complexTariff, week, { resolutionMs: 900_000 }).length,
);
