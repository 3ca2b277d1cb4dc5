import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  BASE,
  HUGE,
  MINUTE,
  type SearchCase,
  contiguousOracle,
  searchCaseArb,
  splitOracle,
} from './find-cheapest-oracle.ts';
import { findCheapestSlots } from './find-cheapest-slots.ts';
import { findCheapestContiguous } from './find-cheapest-window.ts';
import { type Ratio, formatRatio, ratiosEqual } from './ratio.ts';

const RUNS = { numRuns: 10_000 };

/** cents × minutes as money for 1 kW (price × hours). */
let huge = false;
const money = (centMinutes: number): Ratio => ({ n: BigInt(centMinutes) * (huge ? HUGE : 1n), d: 6000n });
const window = (c: SearchCase) => ({ start: BASE + c.from * MINUTE, end: BASE + c.to * MINUTE });
const sameMoney = (actual: Ratio, centMinutes: number, what: string) =>
  assert.ok(ratiosEqual(actual, money(centMinutes)), `${what}: ${formatRatio(actual)} ≠ ${centMinutes}/6000`);

describe('schedule searches against brute force', () => {
  it('finds the contiguous start and cost of a whole-minute brute force when series are random', () => {
    fc.assert(
      fc.property(searchCaseArb(), (c) => {
        huge = c.huge;
        const result = findCheapestContiguous(c.series, window(c), c.minutes * MINUTE, {
          maximise: c.maximise,
          tie: c.tie,
        });
        const oracle = contiguousOracle(c);
        if (oracle === null) {
          assert.equal(result.ok, false);
          if (!result.ok) assert.equal(result.code, 'no_price_data');
          return;
        }
        assert.ok(result.ok);
        sameMoney(result.cost, oracle.best.cost, 'best');
        assert.equal(result.start, BASE + oracle.best.start * MINUTE, 'start by the tie rule');
        sameMoney(result.worst.cost, oracle.worst.cost, 'worst');
        const first = oracle.all[0];
        if (first && first.start === c.from) {
          assert.ok(result.runAtOnce);
          sameMoney(result.runAtOnce.cost, first.cost, 'at once');
        } else assert.equal(result.runAtOnce, null);
        const sign = c.maximise ? -1 : 1;
        const apart = oracle.all.filter(
          (r) => r.start + c.minutes <= oracle.best.start || r.start >= oracle.best.start + c.minutes,
        );
        if (apart.length === 0) assert.equal(result.alternative, null);
        else {
          const alt = Math.min(...apart.map((r) => r.cost * sign)) * sign;
          assert.ok(result.alternative);
          sameMoney(result.alternative.cost, alt, 'alternative');
        }
      }),
      RUNS,
    );
  });

  it('chooses the minutes and cost of a ranked brute force when split runs are random', () => {
    fc.assert(
      fc.property(searchCaseArb(), (c) => {
        huge = c.huge;
        const result = findCheapestSlots(c.series, window(c), c.minutes * MINUTE, {
          maximise: c.maximise,
          tie: c.tie,
        });
        const oracle = splitOracle(c);
        if (oracle === null) {
          assert.equal(result.ok, false);
          if (!result.ok) assert.equal(result.code, 'no_price_data');
          return;
        }
        assert.ok(result.ok);
        sameMoney(result.cost, oracle.cost, 'cost');
        assert.equal(result.durationMs, c.minutes * MINUTE);
        const minutes: number[] = [];
        for (const s of result.slots)
          for (let t = s.start; t < s.end; t += MINUTE) minutes.push((t - BASE) / MINUTE);
        assert.deepEqual(minutes, oracle.chosen, 'the same minutes by the tie rule, in time order');
      }),
      RUNS,
    );
  });

  it('never costs a split run more than the best contiguous run when both exist', () => {
    fc.assert(
      fc.property(searchCaseArb(), (c) => {
        const w = window(c);
        const split = findCheapestSlots(c.series, w, c.minutes * MINUTE, { maximise: c.maximise });
        const run = findCheapestContiguous(c.series, w, c.minutes * MINUTE, { maximise: c.maximise });
        if (!split.ok || !run.ok) return;
        const d = split.cost.n * run.cost.d - run.cost.n * split.cost.d;
        assert.ok(c.maximise ? d >= 0n : d <= 0n);
      }),
      { numRuns: 2000 },
    );
  });
});
