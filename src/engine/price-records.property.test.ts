import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { aggregateCosts } from './aggregate-costs.ts';
import { type Case, caseArb, naiveCost, naiveSharedCost, recordsArb, splitArb } from './arbitrary-records.ts';
import { priceRecords } from './price-records.ts';
import { RATIO_ZERO, addRatios, formatRatio, multiplyRatios, ratioOf, ratiosEqual } from './ratio.ts';
import { localEpochDayOf } from './time-zones.ts';

const DAY = 86_400_000;
const RUNS = { numRuns: 60 };

const price = (c: Case, records = c.records) =>
  priceRecords(records, c.series, { timeZone: c.zone, priorMonthEnergyKwh: c.prior });

describe('priceRecords properties', () => {
  it('equals an energy-axis oracle when tariffs, tiers, zones, DST and market holes are random', () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        const result = price(c);
        const oracle = naiveCost(c);
        assert.ok(
          ratiosEqual(result.cost, oracle.cost),
          `${formatRatio(result.cost)} ≠ ${formatRatio(oracle.cost)}`,
        );
        assert.ok(ratiosEqual(result.energyKwh, oracle.energy));
      }),
      RUNS,
    );
  });

  it('equals the oracle restricted to the window when a window is given', () => {
    fc.assert(
      fc.property(
        caseArb().chain((c) =>
          fc
            .tuple(fc.integer({ min: -DAY, max: 10 * DAY }), fc.integer({ min: 0, max: 10 * DAY }))
            .map(([from, length]) => ({
              c,
              window: { start: c.records[0]!.start + from, end: c.records[0]!.start + from + length },
            })),
        ),
        ({ c, window }) => {
          const result = priceRecords(c.records, c.series, {
            timeZone: c.zone,
            priorMonthEnergyKwh: c.prior,
            window,
          });
          const oracle = naiveCost(c, window);
          assert.ok(
            ratiosEqual(result.cost, oracle.cost),
            `${formatRatio(result.cost)} ≠ ${formatRatio(oracle.cost)}`,
          );
          assert.ok(ratiosEqual(result.energyKwh, oracle.energy));
          for (const p of [...result.pieces, ...result.missing])
            assert.ok(p.start >= window.start && p.end <= window.end);
        },
      ),
      RUNS,
    );
  });

  it('gives the identical total when the same energy is split into many contiguous records', () => {
    fc.assert(
      fc.property(
        caseArb().chain((c) => splitArb(c.records).map((parts) => ({ c, parts }))),
        ({ c, parts }) => {
          const whole = price(c);
          const split = price(c, parts);
          assert.ok(
            ratiosEqual(whole.cost, split.cost),
            `${formatRatio(whole.cost)} ≠ ${formatRatio(split.cost)}`,
          );
          assert.ok(ratiosEqual(whole.energyKwh, split.energyKwh));
          assert.ok(ratiosEqual(whole.monthEnergyKwh, split.monthEnergyKwh));
          assert.equal(whole.confidence, split.confidence);
        },
      ),
      RUNS,
    );
  });

  it('gives the same totals when the records come in any order', () => {
    fc.assert(
      fc.property(
        caseArb().chain((c) =>
          fc.shuffledSubarray(c.records, { minLength: c.records.length }).map((s) => ({ c, s })),
        ),
        ({ c, s }) => {
          const a = price(c);
          const b = price(c, s);
          assert.ok(ratiosEqual(a.cost, b.cost));
          assert.ok(ratiosEqual(a.energyKwh, b.energyKwh));
          assert.equal(a.confidence, b.confidence);
          s.forEach((r, i) =>
            assert.ok(ratiosEqual(b.records[i]!.cost, a.records[c.records.indexOf(r)]!.cost)),
          );
        },
      ),
      RUNS,
    );
  });

  it('makes cost additive over records when the tariffs have no tiers', () => {
    fc.assert(
      fc.property(
        caseArb(true).chain((c) =>
          fc
            .array(fc.boolean(), { minLength: c.records.length, maxLength: c.records.length })
            .map((pick) => ({ c, pick })),
        ),
        ({ c, pick }) => {
          const total = price(c).cost;
          const a = price(
            c,
            c.records.filter((_, i) => pick[i]),
          ).cost;
          const b = price(
            c,
            c.records.filter((_, i) => !pick[i]),
          ).cost;
          assert.ok(ratiosEqual(total, addRatios(a, b)));
          // and linear in energy: one record of e₁ + e₂ costs what e₁ and e₂ cost apart
          const doubled = c.records.map((r) => ({
            ...r,
            energyKwh: multiplyRatios(ratioOf(r.energyKwh), { n: 2n, d: 1n }),
          }));
          assert.ok(ratiosEqual(price(c, doubled).cost, addRatios(total, total)));
        },
      ),
      RUNS,
    );
  });

  it('sums DAY buckets to their MONTH bucket exactly and never lets a piece cross a local midnight', () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        const result = price(c);
        const days = aggregateCosts(result.pieces, { aggregation: 'DAY', timeZone: c.zone });
        const months = aggregateCosts(result.pieces, { aggregation: 'MONTH', timeZone: c.zone });
        for (const m of months) {
          const inside = days.filter((d) => d.start >= m.start && d.end <= m.end);
          const cost = inside.reduce((sum, d) => addRatios(sum, d.cost), RATIO_ZERO);
          const energy = inside.reduce((sum, d) => addRatios(sum, d.energyKwh), RATIO_ZERO);
          assert.ok(ratiosEqual(cost, m.cost));
          assert.ok(ratiosEqual(energy, m.energyKwh));
        }
        const all = months.reduce((sum, m) => addRatios(sum, m.cost), RATIO_ZERO);
        assert.ok(ratiosEqual(all, result.cost));
        let previousEnd = -Infinity;
        for (const p of result.pieces) {
          assert.ok(p.start >= previousEnd && p.start <= p.end);
          previousEnd = p.end;
          if (p.end > p.start)
            assert.equal(localEpochDayOf(c.zone, p.start), localEpochDayOf(c.zone, p.end - 1));
        }
        // each record's pieces and unpriced parts hold its energy exactly
        c.records.forEach((r, i) => {
          const parts = [...result.pieces, ...result.missing].filter((p) => p.recordIndex === i);
          const sum = parts.reduce((s, p) => addRatios(s, p.energyKwh), RATIO_ZERO);
          assert.ok(ratiosEqual(sum, ratioOf(r.energyKwh)));
        });
      }),
      RUNS,
    );
  });

  /** A case whose records overlap: a second run of records from a random instant near the first. */
  const overlapArb = caseArb().chain((c) =>
    fc
      .integer({ min: -6 * 3_600_000, max: 2 * DAY })
      .chain((shift) => recordsArb(c.records[0]!.start + shift))
      .map((more) => ({ ...c, records: [...c.records, ...more] })),
  );

  it('prices overlapping records side by side as the stretch oracle does, in total and per record', () => {
    fc.assert(
      fc.property(overlapArb, (c) => {
        const result = price(c);
        const oracle = naiveSharedCost(c, null);
        assert.ok(
          ratiosEqual(result.cost, oracle.cost),
          `${formatRatio(result.cost)} ≠ ${formatRatio(oracle.cost)}`,
        );
        assert.ok(ratiosEqual(result.energyKwh, oracle.energy));
        result.records.forEach((r, i) => assert.ok(ratiosEqual(r.cost, oracle.perRecord[i]!), `record ${i}`));
      }),
      RUNS,
    );
  });

  it('prices records at the tiers other records feed, as the stretch oracle does', () => {
    fc.assert(
      fc.property(
        caseArb().chain((c) =>
          fc
            .integer({ min: -6 * 3_600_000, max: 2 * DAY })
            .chain((shift) => recordsArb(c.records[0]!.start + shift))
            .map((feed) => ({ c, feed })),
        ),
        ({ c, feed }) => {
          const result = priceRecords(c.records, c.series, {
            timeZone: c.zone,
            priorMonthEnergyKwh: c.prior,
            counterRecords: feed,
          });
          const oracle = naiveSharedCost(c, feed);
          assert.ok(
            ratiosEqual(result.cost, oracle.cost),
            `${formatRatio(result.cost)} ≠ ${formatRatio(oracle.cost)}`,
          );
          result.records.forEach((r, i) => {
            assert.ok(ratiosEqual(r.cost, oracle.perRecord[i]!), `record ${i}`);
            assert.ok(
              ratiosEqual(r.energyKwh, ratioOf(c.records[i]!.energyKwh)) || result.missing.length > 0,
            );
          });
        },
      ),
      RUNS,
    );
  });

  it('gives the same answer when the records feed the counter as counterRecords as when they feed it themselves', () => {
    fc.assert(
      fc.property(overlapArb, (c) => {
        const own = price(c);
        const fed = priceRecords(c.records, c.series, {
          timeZone: c.zone,
          priorMonthEnergyKwh: c.prior,
          counterRecords: c.records,
        });
        assert.ok(ratiosEqual(own.cost, fed.cost));
        assert.ok(ratiosEqual(own.monthEnergyKwh, fed.monthEnergyKwh));
        own.records.forEach((r, i) => assert.ok(ratiosEqual(r.cost, fed.records[i]!.cost)));
      }),
      RUNS,
    );
  });
});
