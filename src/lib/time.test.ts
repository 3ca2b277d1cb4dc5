import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatInOffset, formatUtcSeconds, parseRfc3339, TimestampWriter } from './time.ts';

describe('parseRfc3339', () => {
  it('reads the instant and the offset it was written in', () => {
    assert.deepEqual(parseRfc3339('2025-03-30T00:00:00+01:00'), {
      ms: Date.parse('2025-03-29T23:00:00Z'),
      offsetMinutes: 60,
    });
    assert.deepEqual(parseRfc3339('2025-03-30T04:00:00Z'), {
      ms: Date.parse('2025-03-30T04:00:00Z'),
      offsetMinutes: null,
    });
    assert.equal(parseRfc3339('2025-03-30T04:00:00-05:30')?.offsetMinutes, -330);
  });

  it('refuses text without an offset or out of range', () => {
    for (const text of [
      '2025-03-30T04:00:00',
      '2025-03-30',
      'tomorrow',
      '2025-13-01T00:00:00Z',
      '2025-01-01T00:00:00+25:00',
    ]) {
      assert.equal(parseRfc3339(text), undefined, text);
    }
  });

  it('refuses a wall time no calendar has instead of rolling it over', () => {
    for (const text of [
      '2025-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '2025-04-31T00:00:00+02:00',
      '2025-00-10T00:00:00Z',
      '2025-01-00T00:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T23:60:00Z',
      '2025-01-01T23:59:60Z',
    ]) {
      assert.equal(parseRfc3339(text), undefined, text);
    }
    assert.equal(parseRfc3339('2024-02-29T00:00:00Z')?.ms, Date.UTC(2024, 1, 29));
    assert.equal(parseRfc3339('2000-02-29T23:59:59Z')?.ms, Date.UTC(2000, 1, 29, 23, 59, 59));
    assert.equal(parseRfc3339('2025-12-31T23:59:59Z')?.ms, Date.UTC(2025, 11, 31, 23, 59, 59));
  });
});

describe('formatInOffset', () => {
  it('writes the instant in the given offset, or Z', () => {
    const ms = Date.parse('2025-03-30T01:00:00+02:00');
    assert.equal(formatInOffset(ms, 120), '2025-03-30T01:00:00+02:00');
    assert.equal(formatInOffset(ms, null), '2025-03-29T23:00:00Z');
    assert.equal(formatInOffset(ms, -330), '2025-03-29T17:30:00-05:30');
    assert.equal(formatUtcSeconds(ms + 999), '2025-03-29T23:00:00Z');
  });
});

describe('formatUtcSeconds', () => {
  it('matches toISOString to the second for any instant, negative years of the epoch included', () => {
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor((Math.random() - 0.3) * 4e12);
      const expected = new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      assert.equal(formatUtcSeconds(ms), expected, String(ms));
    }
  });
});

describe('TimestampWriter', () => {
  it('writes the bytes of formatInOffset for any instant and offset, many in a row', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: -14 * 60, max: 14 * 60 }), { nil: null }),
        fc.array(fc.integer({ min: -8.64e15 + 86_400_000, max: 8.64e15 - 86_400_000 }), { maxLength: 20 }),
        (offset, instants) => {
          const writer = new TimestampWriter(offset);
          const buf = new Uint8Array(instants.length * TimestampWriter.MAX_BYTES);
          let o = 0;
          for (const ms of instants) o = writer.write(buf, o, ms);
          assert.equal(
            Buffer.from(buf.subarray(0, o)).toString('latin1'),
            instants.map((ms) => formatInOffset(ms, offset)).join(''),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
