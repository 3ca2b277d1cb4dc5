import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDecimal } from './decimal.ts';
import { hourly } from './find-cheapest-oracle.ts';
import { type LimitOptions, findSlotsUnderLimit } from './find-slots-under-limit.ts';
import { formatRatio } from './ratio.ts';
import { at, iso } from './test-support.ts';

const H = 3_600_000;
const day = { start: at('2025-06-01T00:00:00Z'), end: at('2025-06-01T06:00:00Z') };
// 00:00 0.10 | 01:00 0.05 | 02:00 0.05 | 03:00 0.20 | 04:00 0.01 | 05:00 0.30
const series = hourly('2025-06-01T00:00:00Z', [10, 5, 5, 20, 1, 30]);

function limit(options: LimitOptions) {
  const r = findSlotsUnderLimit(series, day, options);
  assert.ok(r.ok, r.ok ? '' : r.code);
  return {
    threshold: formatDecimal(r.threshold),
    slots: r.slots.map((s) => [
      iso(s.start).slice(11, 16),
      iso(s.end).slice(11, 16),
      formatRatio(s.averagePrice),
    ]),
    hours: r.durationMs / H,
  };
}

describe('findSlotsUnderLimit', () => {
  it('keeps prices at or below an absolute limit, merged, when segment is LOW', () => {
    assert.deepEqual(limit({ absolute: '0.05' }), {
      threshold: '0.05',
      slots: [
        ['01:00', '03:00', '0.05'],
        ['04:00', '05:00', '0.01'],
      ],
      hours: 3,
    });
  });

  // [decision:relative-limit]
  it('reads relative as a position between the window minimum and maximum', () => {
    // 0.01 + 0.5 × (0.30 − 0.01) = 0.155
    assert.deepEqual(limit({ relative: 0.5 }), {
      threshold: '0.155',
      slots: [
        ['00:00', '03:00', '1/15'],
        ['04:00', '05:00', '0.01'],
      ],
      hours: 4,
    });
  });

  it('keeps prices at or above the threshold when maximising (HIGH, export)', () => {
    assert.deepEqual(limit({ relative: '0.75', maximise: true }).slots, [['05:00', '06:00', '0.3']]);
    assert.deepEqual(limit({ absolute: 0.2, relative: 0.01, maximise: true }).slots, [
      ['03:00', '04:00', '0.2'],
      ['05:00', '06:00', '0.3'],
    ]);
  });

  it('uses only the prices inside the window when the window cuts the series', () => {
    const w = { start: at('2025-06-01T00:30:00Z'), end: at('2025-06-01T03:30:00Z') };
    const r = findSlotsUnderLimit(series, w, { relative: 1 });
    assert.ok(r.ok);
    assert.deepEqual([formatDecimal(r.threshold), r.durationMs / H], ['0.2', 3]);
  });

  it('returns no slots when nothing qualifies and typed codes when the request cannot be answered', () => {
    assert.deepEqual(limit({ absolute: -1 }), { threshold: '-1', slots: [], hours: 0 });
    const codes = [
      findSlotsUnderLimit(series, day, {}),
      findSlotsUnderLimit(series, day, { relative: 0 }),
      findSlotsUnderLimit(series, day, { absolute: Number.NaN }),
      findSlotsUnderLimit([], day, { absolute: 1 }),
    ].map((r) => (r.ok ? 'ok' : r.code));
    assert.deepEqual(codes, ['relative_missing', 'relative_invalid', 'absolute_invalid', 'no_price_data']);
  });
});
