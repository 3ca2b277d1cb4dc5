import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utcTimestampParser } from './database.ts';

describe('utcTimestampParser', () => {
  const fallback = (value: string) => `fallback:${value}`;
  const parse = utcTimestampParser(fallback);

  it('reads a UTC timestamp without a fraction when the session sends +00', () => {
    // 2026-12-03 is day 337 of 2026; 20,790 days after 1970-01-01 → 1,796,256,000 s at midnight.
    assert.equal((parse('2026-12-03 10:11:21+00') as Date).getTime(), (1_796_256_000 + 36_681) * 1000);
  });

  it('keeps whole milliseconds and drops the rest of a microsecond fraction', () => {
    assert.equal(
      (parse('2026-12-03 10:11:21.123456+00') as Date).getTime(),
      (1_796_256_000 + 36_681) * 1000 + 123,
    );
    assert.equal(
      (parse('2026-12-03 10:11:21.1+00') as Date).getTime(),
      (1_796_256_000 + 36_681) * 1000 + 100,
    );
    assert.equal((parse('2024-02-29 23:59:59.0009+00') as Date).toISOString(), '2024-02-29T23:59:59.000Z');
  });

  it('hands other offsets, early years and infinity to the fallback when they are not plain UTC', () => {
    for (const value of [
      '2026-12-03 10:11:21+01',
      '2026-12-03 10:11:21-05:30',
      '0099-01-01 00:00:00+00',
      'infinity',
      '2026-12-03 10:11:21+00 BC',
      '2026-12-03 10:11:21.+00',
      '2026-1x-03 10:11:21+00',
      '12026-12-03 10:11:21+00',
    ])
      assert.equal(parse(value), `fallback:${value}`);
  });
});
