import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hourly } from './find-cheapest-oracle.ts';
import { type FindSlotsOptions, findCheapestSlots } from './find-cheapest-slots.ts';
import { findCheapestContiguous } from './find-cheapest-window.ts';
import { formatRatio } from './ratio.ts';
import { mergeSlots } from './schedule-series.ts';
import { at, iso } from './test-support.ts';

const H = 3_600_000;
const M = 60_000;
const day = { start: at('2025-06-01T00:00:00Z'), end: at('2025-06-01T06:00:00Z') };
// 00:00 0.10 | 01:00 0.05 | 02:00 0.05 | 03:00 0.20 | 04:00 0.01 | 05:00 0.30
const series = hourly('2025-06-01T00:00:00Z', [10, 5, 5, 20, 1, 30]);

function split(ms: number, options: FindSlotsOptions = {}, s = series, w = day) {
  const r = findCheapestSlots(s, w, ms, options);
  assert.ok(r.ok, r.ok ? '' : r.code);
  return {
    slots: r.slots.map((x) => `${iso(x.start).slice(11, 16)}-${iso(x.end).slice(11, 16)}`),
    cost: formatRatio(r.cost),
    minutes: r.durationMs / M,
  };
}

describe('findCheapestSlots', () => {
  it('takes the cheapest hours in time order when they are apart', () => {
    assert.deepEqual(split(3 * H), {
      slots: ['01:00-02:00', '02:00-03:00', '04:00-05:00'],
      cost: '0.11',
      minutes: 180,
    });
    const r = findCheapestSlots(series, day, 3 * H);
    assert.ok(r.ok);
    assert.deepEqual(
      mergeSlots(r.slots).map((m) => [iso(m.start), iso(m.end), formatRatio(m.averagePrice)]),
      [
        ['2025-06-01T01:00:00Z', '2025-06-01T03:00:00Z', '0.05'],
        ['2025-06-01T04:00:00Z', '2025-06-01T05:00:00Z', '0.01'],
      ],
    );
    assert.equal(formatRatio(r.averagePrice), '11/300');
    assert.equal(formatRatio(r.runAtOnce?.cost ?? { n: 0n, d: 1n }), '0.2');
  });

  it('trims the earliest or the latest equal-price slot at the margin when prices tie', () => {
    assert.deepEqual(split(90 * M, { tie: 'earliest' }), {
      slots: ['01:00-01:30', '04:00-05:00'],
      cost: '0.035',
      minutes: 90,
    });
    assert.deepEqual(split(90 * M, { tie: 'latest' }), {
      slots: ['02:30-03:00', '04:00-05:00'],
      cost: '0.035',
      minutes: 90,
    });
  });

  it('takes every negative price first and beats the contiguous run when prices go negative', () => {
    const negative = hourly('2025-06-01T00:00:00Z', [-5, 3, -2]);
    const w = { start: day.start, end: day.start + 3 * H };
    assert.deepEqual(split(90 * M, {}, negative, w), {
      slots: ['00:00-01:00', '02:00-02:30'],
      cost: '-0.06',
      minutes: 90,
    });
    const run = findCheapestContiguous(negative, w, 90 * M);
    assert.ok(run.ok);
    assert.deepEqual([iso(run.start), formatRatio(run.cost)], ['2025-06-01T00:00:00Z', '-0.035']);
  });

  it('takes the most valuable time when maximising', () => {
    assert.deepEqual(split(90 * M, { maximise: true }), {
      slots: ['03:00-03:30', '05:00-06:00'],
      cost: '0.4',
      minutes: 90,
    });
  });

  // [decision:duration-selection]
  it('takes whole periods, or whole grid cells, when asked for whole blocks', () => {
    assert.deepEqual(split(90 * M, { whole: true }), {
      slots: ['01:00-02:00', '04:00-05:00'],
      cost: '0.06',
      minutes: 120,
    });
    assert.deepEqual(split(90 * M, { whole: true, gridMs: 30 * M }), {
      slots: ['01:00-01:30', '04:00-04:30', '04:30-05:00'],
      cost: '0.035',
      minutes: 90,
    });
  });

  it('chooses only before the deadline when the window end cuts a cheap period', () => {
    const w = { start: day.start, end: at('2025-06-01T04:30:00Z') };
    assert.deepEqual(split(90 * M, {}, series, w), {
      slots: ['01:00-02:00', '04:00-04:30'],
      cost: '0.055',
      minutes: 90,
    });
  });

  it('fails with no_price_data when the priced time is shorter than the duration', () => {
    const holed = hourly('2025-06-01T00:00:00Z', [1, null, null, 2]);
    const w = { start: day.start, end: day.start + 4 * H };
    const r = findCheapestSlots(holed, w, 3 * H);
    assert.equal(r.ok ? 'ok' : r.code, 'no_price_data');
    const bad = findCheapestSlots(series, day, 60 * M, { gridMs: 0 });
    assert.equal(bad.ok ? 'ok' : bad.code, 'duration_invalid');
  });
});
