import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, utcTimestampParser, wrapPglite, type Db } from './database.ts';
import { SHARED_READ } from './query-shapes.ts';

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

  it('prepares a shared read once, like any other data statement', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      // PGlite has one session, which its shared reads share with everything else: a shared read
      // runs there as a named statement, so it is parsed and planned once however often it is sent.
      const text = `${SHARED_READ}select $1::int * 2 as doubled`;
      for (const value of [1, 2, 3]) {
        const { rows } = await database.db.executeQuery<[doubled: number]>(CompiledQuery.raw(text, [value]));
        // a shared read's rows are arrays of its columns
        assert.deepEqual(rows, [[value * 2]]);
      }
      const { rows } = await sql<{ name: string }>`
        select name from pg_prepared_statements where statement = ${text}`.execute(database.db);
      assert.equal(rows.length, 1, 'one named statement for the shared read');
    } finally {
      await database.close();
    }
  });
});

describe('shared reads on PGlite', () => {
  /** A shared read, as QueryShapes sends it: its value divided by the divisor. */
  const sharedRead = async (db: Db, value: number, divisor = 1) => {
    const { rows } = await db.executeQuery<[value: number]>(
      CompiledQuery.raw(`${SHARED_READ}select $1::int / $2::int as value`, [value, divisor]),
    );
    return rows[0]![0];
  };

  /** A PGlite store whose calls into PGlite are counted. */
  async function countedStore() {
    const pglite = await PGlite.create('memory://');
    const calls = { count: 0 };
    const execute = pglite.execProtocolRawStream.bind(pglite);
    pglite.execProtocolRawStream = (...args) => {
      calls.count++;
      return execute(...args);
    };
    return { database: wrapPglite(pglite), calls };
  }

  it('sends the shared reads of one turn of the event loop to PGlite in one call', async () => {
    const { database, calls } = await countedStore();
    try {
      assert.equal(await sharedRead(database.db, 1), 1); // prepares the statement
      calls.count = 0;
      const values = await Promise.all(Array.from({ length: 20 }, (_, i) => sharedRead(database.db, i)));
      assert.deepEqual(
        values,
        Array.from({ length: 20 }, (_, i) => i),
      );
      assert.equal(calls.count, 1);
    } finally {
      await database.close();
    }
  });

  it('fails only the shared read that failed, not the ones sent beside it', async () => {
    const { database, calls } = await countedStore();
    try {
      calls.count = 0;
      const outcomes = await Promise.allSettled(
        [1, 2, 0, 4, 5].map((divisor, i) => sharedRead(database.db, 10 * i, divisor)),
      );
      assert.deepEqual(
        outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)),
        [0, 5, 'division by zero', 7, 8],
      );
      assert.equal(calls.count, 1);
      assert.equal(await sharedRead(database.db, 9, 3), 3);
    } finally {
      await database.close();
    }
  });

  it('waits for a transaction on the one session instead of running inside it', async () => {
    const { database } = await countedStore();
    try {
      await sql`create table shared_read_test (n int)`.execute(database.db);
      const count = () =>
        database.db.executeQuery<[n: number]>(
          CompiledQuery.raw(`${SHARED_READ}select count(*)::int as n from shared_read_test`, []),
        );
      let during: Promise<unknown> | undefined;
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await sql`insert into shared_read_test values (1)`.execute(trx);
          during = count();
          // Time enough for the read to have run, had it not waited for the connection.
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('roll back');
        }),
        /roll back/,
      );
      // Run inside the transaction, it would have counted the row that was rolled back.
      const { rows } = (await during) as { rows: [n: number][] };
      assert.deepEqual(rows, [[0]]);
    } finally {
      await database.close();
    }
  });
});

describe(
  'openDatabase on PostgreSQL',
  { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' },
  () => {
    it('opens no more connections than its pool size, however many queries wait', async () => {
      const database = await openDatabase({ url: process.env.TEST_DATABASE_URL, poolSize: 3 });
      try {
        // Twelve queries that each hold their connection for 50 ms: with a pool of 3 they run three
        // at a time, on three backends, and the rest wait their turn.
        const pids = await Promise.all(
          Array.from({ length: 12 }, async () => {
            const { rows } = await sql<{ pid: number }>`
            select pg_backend_pid() as pid from pg_sleep(0.05)`.execute(database.db);
            return rows[0]?.pid;
          }),
        );
        assert.equal(pids.length, 12);
        assert.equal(new Set(pids).size, 3);
      } finally {
        await database.close();
      }
    });

    /** A shared read, as QueryShapes sends it: its backend, and its value divided by the divisor. */
    const sharedRead = async (db: Db, value: number, divisor = 1) => {
      const { rows } = await db.executeQuery<[pid: number, value: number]>(
        CompiledQuery.raw(`${SHARED_READ}select pg_backend_pid() as pid, $1::int / $2::int as value`, [
          value,
          divisor,
        ]),
      );
      // a shared read's rows are arrays of its columns, wherever it runs
      const [pid, quotient] = rows[0]!;
      return { pid, value: quotient };
    };

    it('pipelines shared reads on one connection, each read getting its own answer', async () => {
      const database = await openDatabase({ url: process.env.TEST_DATABASE_URL, poolSize: 3 });
      try {
        const reads = await Promise.all(Array.from({ length: 40 }, (_, i) => sharedRead(database.db, i)));
        assert.deepEqual(
          reads.map((r) => r.value),
          Array.from({ length: 40 }, (_, i) => i),
        );
        assert.equal(new Set(reads.map((r) => r.pid)).size, 1);
        // Not one of the pool's: a plain query runs on another backend.
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
        assert.notEqual(rows[0]?.pid, reads[0]?.pid);
      } finally {
        await database.close();
      }
    });

    it('fails only the shared read that failed, not the ones sent beside it', async () => {
      const database = await openDatabase({ url: process.env.TEST_DATABASE_URL });
      try {
        const outcomes = await Promise.allSettled(
          [1, 2, 0, 4, 5].map((divisor, i) => sharedRead(database.db, 10 * i, divisor)),
        );
        assert.deepEqual(
          outcomes.map((o) => (o.status === 'fulfilled' ? o.value.value : (o.reason as Error).message)),
          [0, 5, 'division by zero', 7, 8],
        );
      } finally {
        await database.close();
      }
    });

    it("runs a shared read inside a transaction on the transaction's connection", async () => {
      const database = await openDatabase({ url: process.env.TEST_DATABASE_URL });
      try {
        await database.db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          const read = await sharedRead(trx, 7);
          assert.equal(read.pid, rows[0]?.pid);
        });
      } finally {
        await database.close();
      }
    });

    it('opens a new shared connection when its backend is gone', async () => {
      const database = await openDatabase({ url: process.env.TEST_DATABASE_URL });
      try {
        const before = await sharedRead(database.db, 1);
        await sql`select pg_terminate_backend(${before.pid})`.execute(database.db);
        // The next read may still meet the dying connection; the one after gets a new one.
        let after = await sharedRead(database.db, 3).catch(() => undefined);
        after ??= await sharedRead(database.db, 3);
        assert.equal(after.value, 3);
        assert.notEqual(after.pid, before.pid);
      } finally {
        await database.close();
      }
    });
  },
);
