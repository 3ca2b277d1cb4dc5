import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extrapolatedConfidence, selectContracts, type ContractWindow } from './select-contracts.ts';

const DAY = 86_400_000;
const c = (key: string, start: number, end: number, createdAt = 0): ContractWindow => ({
  key,
  start,
  end,
  createdAt,
});

describe('extrapolatedConfidence', () => {
  it('steps from 0.8 down by 0.2 every 90 days to a floor of 0.2', () => {
    assert.equal(extrapolatedConfidence(0), 0.8);
    assert.equal(extrapolatedConfidence(89 * DAY), 0.8);
    assert.equal(extrapolatedConfidence(90 * DAY), 0.6);
    assert.equal(extrapolatedConfidence(180 * DAY), 0.4);
    assert.equal(extrapolatedConfidence(270 * DAY), 0.2);
    assert.equal(extrapolatedConfidence(5000 * DAY), 0.2);
  });
});

describe('selectContracts', () => {
  it('gives the whole range to the one tariff whose window covers it', () => {
    assert.deepEqual(selectContracts([c('a', 0, 100 * DAY)], { start: DAY, end: 2 * DAY }), [
      { key: 'a', start: DAY, end: 2 * DAY, confidence: 1 },
    ]);
  });

  it('lets the newer tariff win where windows overlap', () => {
    const pieces = selectContracts([c('old', 0, 10 * DAY, 1), c('new', 5 * DAY, 20 * DAY, 2)], {
      start: 0,
      end: 15 * DAY,
    });
    assert.deepEqual(pieces, [
      { key: 'old', start: 0, end: 5 * DAY, confidence: 1 },
      { key: 'new', start: 5 * DAY, end: 15 * DAY, confidence: 1 },
    ]);
  });

  it('extrapolates beyond the contract end with stepped confidence', () => {
    const pieces = selectContracts([c('a', 0, 10 * DAY)], { start: 9 * DAY, end: 200 * DAY });
    assert.deepEqual(pieces, [
      { key: 'a', start: 9 * DAY, end: 10 * DAY, confidence: 1 },
      { key: 'a', start: 10 * DAY, end: 100 * DAY, confidence: 0.8 },
      { key: 'a', start: 100 * DAY, end: 190 * DAY, confidence: 0.6 },
      { key: 'a', start: 190 * DAY, end: 200 * DAY, confidence: 0.4 },
    ]);
  });

  it('fills a gap between two contracts from the nearer one', () => {
    const pieces = selectContracts([c('a', 0, 10 * DAY), c('b', 20 * DAY, 30 * DAY)], {
      start: 5 * DAY,
      end: 25 * DAY,
    });
    assert.deepEqual(
      pieces.map((p) => [p.key, p.start / DAY, p.end / DAY, p.confidence]),
      [
        ['a', 5, 10, 1],
        ['a', 10, 15, 0.8],
        ['b', 15, 20, 0.8],
        ['b', 20, 25, 1],
      ],
    );
  });

  it('covers the range without gaps or overlaps for any contracts', () => {
    const window = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 400 }));
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 5 }), window, (contracts, [s, len]) => {
        const list = contracts.map(([start, length], i) =>
          c(`k${i}`, start * DAY, (start + length) * DAY, i),
        );
        const pieces = selectContracts(list, { start: s * DAY, end: (s + len) * DAY });
        assert.equal(pieces[0]?.start, s * DAY);
        assert.equal(pieces.at(-1)?.end, (s + len) * DAY);
        for (let i = 1; i < pieces.length; i++) assert.equal(pieces[i]?.start, pieces[i - 1]?.end);
        for (const p of pieces) {
          const owner = list.find((x) => x.key === p.key) as ContractWindow;
          const inside = owner.start <= p.start && p.end <= owner.end;
          assert.equal(p.confidence === 1, inside);
        }
      }),
      { numRuns: 200 },
    );
  });
});
