import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epochDayFromCivil } from './calendar.ts';
import { formatDecimal } from './decimal.ts';
import { hourly } from './find-cheapest-oracle.ts';
import { findCheapestContiguous } from './find-cheapest-window.ts';
import { type Ratio, formatRatio } from './ratio.ts';
import { at, iso } from './test-support.ts';
import { startOfLocalDay } from './time-zones.ts';

const H = 3_600_000;
const day = { start: at('2025-06-01T00:00:00Z'), end: at('2025-06-01T06:00:00Z') };
// 00:00 0.10 | 01:00 0.05 | 02:00 0.05 | 03:00 0.20 | 04:00 0.01 | 05:00 0.30
const series = hourly('2025-06-01T00:00:00Z', [10, 5, 5, 20, 1, 30]);
const text = (r: Ratio | undefined) => (r ? formatRatio(r) : 'none');

describe('findCheapestContiguous', () => {
  it('starts the run at the cheapest boundary and explains the other starts when prices differ', () => {
    const r = findCheapestContiguous(series, day, 2 * H);
    assert.ok(r.ok);
    assert.deepEqual(
      [iso(r.start), iso(r.end), text(r.cost), text(r.averagePrice)],
      ['2025-06-01T01:00:00Z', '2025-06-01T03:00:00Z', '0.1', '0.05'],
    );
    assert.deepEqual(
      r.slots.map((s) => [iso(s.start), iso(s.end), formatDecimal(s.price)]),
      [
        ['2025-06-01T01:00:00Z', '2025-06-01T02:00:00Z', '0.05'],
        ['2025-06-01T02:00:00Z', '2025-06-01T03:00:00Z', '0.05'],
      ],
    );
    assert.deepEqual(
      [iso(r.runAtOnce?.start ?? 0), text(r.runAtOnce?.cost)],
      ['2025-06-01T00:00:00Z', '0.15'],
    );
    assert.deepEqual([iso(r.worst.start), text(r.worst.cost)], ['2025-06-01T04:00:00Z', '0.31']);
    assert.deepEqual(
      [iso(r.alternative?.start ?? 0), text(r.alternative?.cost)],
      ['2025-06-01T03:00:00Z', '0.21'],
    );
    assert.equal(r.confidence, 1);
  });

  it('takes the earliest or the latest of equal starts, cutting slots in part, when a flat stretch ties', () => {
    const early = findCheapestContiguous(series, day, 90 * 60_000, { tie: 'earliest' });
    const late = findCheapestContiguous(series, day, 90 * 60_000, { tie: 'latest' });
    assert.ok(early.ok && late.ok);
    assert.deepEqual(
      [iso(early.start), iso(early.end), text(early.cost)],
      ['2025-06-01T01:00:00Z', '2025-06-01T02:30:00Z', '0.075'],
    );
    assert.deepEqual(
      [iso(late.start), iso(late.end), text(late.cost)],
      ['2025-06-01T01:30:00Z', '2025-06-01T03:00:00Z', '0.075'],
    );
    assert.deepEqual(
      late.slots.map((s) => [iso(s.start), iso(s.end)]),
      [
        ['2025-06-01T01:30:00Z', '2025-06-01T02:00:00Z'],
        ['2025-06-01T02:00:00Z', '2025-06-01T03:00:00Z'],
      ],
    );
  });

  it('finds the most valuable hour and calls the cheapest the worst when maximising', () => {
    const r = findCheapestContiguous(series, day, H, { maximise: true });
    assert.ok(r.ok);
    assert.deepEqual(
      [iso(r.start), text(r.cost), iso(r.worst.start), text(r.worst.cost)],
      ['2025-06-01T05:00:00Z', '0.3', '2025-06-01T04:00:00Z', '0.01'],
    );
  });

  it('starts and ends inside series intervals when the window edges cut them', () => {
    const w = { start: at('2025-06-01T00:20:00Z'), end: at('2025-06-01T04:40:00Z') };
    const r = findCheapestContiguous(series, w, 4 * H);
    assert.ok(r.ok);
    // 00:20–04:20: 40 min × 0.10 + 2 h × 0.05 + 1 h × 0.20 + 20 min × 0.01 = 0.37; 00:40–04:40
    // swaps 20 min at 0.10 for 20 min at 0.01, the cheapest.
    assert.deepEqual(
      [iso(r.start), iso(r.end), text(r.cost)],
      ['2025-06-01T00:40:00Z', '2025-06-01T04:40:00Z', '0.34'],
    );
    assert.equal(text(r.runAtOnce?.cost), '0.37');
  });

  it('never covers a hole and prefers negative prices when the series has both', () => {
    const holed = hourly('2025-06-01T00:00:00Z', [-5, null, -10, 2]);
    const w = { start: at('2025-06-01T00:00:00Z'), end: at('2025-06-01T04:00:00Z') };
    const r = findCheapestContiguous(holed, w, 2 * H);
    assert.ok(r.ok);
    assert.deepEqual([iso(r.start), text(r.cost), r.runAtOnce], ['2025-06-01T02:00:00Z', '-0.08', null]);
    const long = findCheapestContiguous(holed, w, 3 * H);
    assert.deepEqual(long.ok ? 'ok' : long.code, 'no_price_data');
  });

  it('fails with typed codes when the window or the duration is invalid', () => {
    const codes = [
      findCheapestContiguous(series, { start: day.end, end: day.start }, H),
      findCheapestContiguous(series, day, 7 * H),
      findCheapestContiguous(series, day, 0),
      findCheapestContiguous([], day, H),
    ].map((r) => (r.ok ? 'ok' : r.code));
    assert.deepEqual(codes, ['time_range_invalid', 'duration_invalid', 'duration_invalid', 'no_price_data']);
  });

  it('searches all 71 hours of a local 3-day window when it crosses the London spring change', () => {
    const zone = 'Europe/London';
    const w = {
      start: startOfLocalDay(zone, epochDayFromCivil(2025, 3, 29)),
      end: startOfLocalDay(zone, epochDayFromCivil(2025, 4, 1)),
    };
    assert.deepEqual(
      [iso(w.start), iso(w.end), (w.end - w.start) / H],
      ['2025-03-29T00:00:00Z', '2025-03-31T23:00:00Z', 71],
    );
    // 0.20 everywhere but 0.01 from 00:00Z to 02:00Z on the 30th (local 00:00 GMT – 03:00 BST).
    const prices = Array.from({ length: 24 * 5 }, (_, k) => (k === 48 || k === 49 ? 1 : 20));
    const dst = hourly('2025-03-28T00:00:00Z', prices);
    const r = findCheapestContiguous(dst, w, 2 * H);
    assert.ok(r.ok);
    assert.deepEqual([iso(r.start), text(r.cost)], ['2025-03-30T00:00:00Z', '0.02']);
    const whole = findCheapestContiguous(dst, w, 71 * H);
    assert.ok(whole.ok);
    assert.equal(text(whole.cost), '13.82');
    const over = findCheapestContiguous(dst, w, 72 * H);
    assert.equal(over.ok ? 'ok' : over.code, 'duration_invalid');
  });
});
