import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, utcTimestampParser } from './database.ts';

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

describe('openDatabase on PGlite', () => {
  it('sizes the shared memory for its one backend, and still answers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'offpeak-database-test-'));
    const database = await openDatabase({ dataDir: join(root, 'data') });
    try {
      const { rows } = await sql<{ connections: string; buffers: string; bytes: number; accounts: number }>`
        select current_setting('max_connections') as connections,
               current_setting('shared_buffers') as buffers,
               (select sum(allocated_size)::int from pg_shmem_allocations) as bytes,
               (select count(*)::int from accounts) as accounts`.execute(database.db);
      const [row] = rows;
      assert.equal(row?.connections, '1');
      assert.equal(row?.buffers, '16MB');
      // 16 MiB of buffers and what one backend needs besides: under initdb's settings for 100
      // connections, 16 autovacuum workers and 10 WAL senders it was 24 MiB
      assert.ok(row && row.bytes < 21 * 1048576, `shared memory ${row?.bytes} bytes`);
      assert.equal(row?.accounts, 0);
    } finally {
      await database.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
