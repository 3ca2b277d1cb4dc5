import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConvertedReads, registerReadsToIntervals } from './cumulative-reads.ts';
import { formatDecimal } from './decimal.ts';

const T = Date.UTC(2024, 6, 26, 10, 0, 0); // a whole second, like the API's epoch seconds
const Q = 900_000;

const text = (c: ConvertedReads) =>
  c.intervals.map((i) => [
    (i.start - T) / Q,
    (i.end - T) / Q,
    formatDecimal(i.energyKwh),
    i.fromIndex,
    i.toIndex,
    ...(i.reset ? ['reset'] : []),
    ...(i.gap ? ['gap'] : []),
  ]);

describe('registerReadsToIntervals', () => {
  it('pairs consecutive reads in time order when the input is unsorted', () => {
    const out = registerReadsToIntervals(
      [
        { time: T + 2 * Q, value: 1750 },
        { time: T, value: 1000 },
        { time: T + Q, value: 1500 },
      ],
      { unit: 'Wh' },
    );
    assert.deepEqual(text(out), [
      [0, 1, '0.5', 1, 2],
      [1, 2, '0.25', 2, 0],
    ]);
    assert.deepEqual(out.failed, []);
    assert.deepEqual(out.last && [out.last.time - T, formatDecimal(out.last.valueKwh), out.last.index], [
      2 * Q,
      '1.75',
      0,
    ]);
  });

  it('pairs the first read with the stored previous read when that read is earlier', () => {
    const out = registerReadsToIntervals([{ time: T + Q, value: '12.5' }], {
      unit: 'kWh',
      previous: { time: T, value: '12.25' },
    });
    assert.deepEqual(text(out), [[0, 1, '0.25', -1, 0]]);
  });

  it('starts the series at the first read when the stored previous read is not earlier', () => {
    const out = registerReadsToIntervals(
      [
        { time: T, value: 5 },
        { time: T + Q, value: 6 },
      ],
      { unit: 'kWh', previous: { time: T, value: 4 } },
    );
    assert.deepEqual(text(out), [[0, 1, '1', 0, 1]]);
  });

  it('fails the later read with duplicate_time when two reads share a time', () => {
    const out = registerReadsToIntervals(
      [
        { time: T, value: 100 },
        { time: T + Q, value: 200 },
        { time: T + Q, value: 200 },
        { time: T + 2 * Q, value: 300 },
      ],
      { unit: 'Wh' },
    );
    assert.deepEqual(text(out), [
      [0, 1, '0.1', 0, 1],
      [1, 2, '0.1', 1, 3],
    ]);
    assert.deepEqual(
      out.failed.map((f) => [f.index, f.code]),
      [[2, 'duplicate_time']],
    );
  });

  it('fails the lower read and continues from it when the register goes down (default rule)', () => {
    const out = registerReadsToIntervals(
      [
        { time: T, value: 99_900 },
        { time: T + Q, value: 99_990 },
        { time: T + 2 * Q, value: 40 },
        { time: T + 3 * Q, value: 90 },
      ],
      { unit: 'Wh' },
    );
    assert.deepEqual(text(out), [
      [0, 1, '0.09', 0, 1],
      [2, 3, '0.05', 2, 3],
    ]);
    assert.deepEqual(
      out.failed.map((f) => [f.index, f.code]),
      [[2, 'register_decreased']],
    );
  });

  it('counts the new value from zero when the register goes down and the rule is reset', () => {
    const out = registerReadsToIntervals(
      [
        { time: T, value: 99_900 },
        { time: T + Q, value: 40 },
        { time: T + 2 * Q, value: 90 },
      ],
      { unit: 'Wh', onDecrease: 'reset' },
    );
    assert.deepEqual(text(out), [
      [0, 1, '0.04', 0, 1, 'reset'],
      [1, 2, '0.05', 1, 2],
    ]);
    assert.deepEqual(out.failed, []);
  });

  it('keeps one interval and flags it when reads are further apart than maxGapMs', () => {
    const out = registerReadsToIntervals(
      [
        { time: T, value: 10 },
        { time: T + Q, value: 10 },
        { time: T + 97 * Q, value: 34 },
      ],
      { unit: 'kWh', maxGapMs: 4 * Q },
    );
    assert.deepEqual(text(out), [
      [0, 1, '0', 0, 1],
      [1, 97, '24', 1, 2, 'gap'],
    ]);
  });

  it('fails reads with time_invalid or value_invalid when they are not usable', () => {
    const out = registerReadsToIntervals(
      [
        { time: T, value: 1 },
        { time: T + 0.5, value: 2 },
        { time: T + Q, value: -3 },
        { time: T + 2 * Q, value: Number.NaN },
        { time: T + 3 * Q, value: 4 },
      ],
      { unit: 'kWh' },
    );
    assert.deepEqual(text(out), [[0, 3, '3', 0, 4]]);
    assert.deepEqual(
      out.failed.map((f) => [f.index, f.code]),
      [
        [1, 'time_invalid'],
        [2, 'value_invalid'],
        [3, 'value_invalid'],
      ],
    );
  });

  it('returns the stored previous read as last when the batch holds only older reads', () => {
    const out = registerReadsToIntervals([{ time: T - Q, value: 1 }], {
      unit: 'kWh',
      previous: { time: T, value: 2 },
    });
    assert.deepEqual(out.intervals, []);
    assert.deepEqual(out.last && [out.last.time, out.last.index], [T, -1]);
  });
});
