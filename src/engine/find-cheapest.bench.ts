// Timing of the schedule searches: `node --import tsx src/engine/find-cheapest.bench.ts`.
// The cheapest 4 hours in 48 hours and in 30 days of 15-minute prices (random cents, ties and
// negatives), contiguous and split, beside the brute-force oracle of the property test.
import {
  BASE,
  type SearchCase,
  contiguousOracle,
  quarterHours,
  splitOracle,
} from './find-cheapest-oracle.ts';
import { findCheapestSlots } from './find-cheapest-slots.ts';
import { findCheapestContiguous } from './find-cheapest-window.ts';

const H = 3_600_000;

/** Median and best µs per call over batches sized to take about a millisecond. */
function time(label: string, run: () => unknown): void {
  const warm = performance.now();
  while (performance.now() - warm < 200) run();
  let batch = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) run();
    if (performance.now() - t > 2 || batch > 1e6) break;
    batch *= 2;
  }
  const samples: number[] = [];
  for (let k = 0; k < 101; k++) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) run();
    samples.push(((performance.now() - t) * 1000) / batch);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label}: median ${(samples[50] ?? NaN).toFixed(2)} µs, best ${(samples[0] ?? NaN).toFixed(2)} µs`,
  );
}

for (const [name, hours] of [
  ['48 h', 48],
  ['30 days', 30 * 24],
] as const) {
  const series = quarterHours(hours);
  const window = { start: BASE, end: BASE + hours * H };
  time(`findCheapestContiguous, 4 h in ${name}`, () => findCheapestContiguous(series, window, 4 * H));
  time(`findCheapestSlots, 4 h in ${name}`, () => findCheapestSlots(series, window, 4 * H));
  const c: SearchCase = {
    series,
    from: 0,
    to: hours * 60,
    minutes: 240,
    maximise: false,
    tie: 'earliest',
    huge: false,
  };
  if (hours <= 48) {
    time(`contiguousOracle (whole minutes), 4 h in ${name}`, () => contiguousOracle(c));
    time(`splitOracle (whole minutes), 4 h in ${name}`, () => splitOracle(c));
  }
}
