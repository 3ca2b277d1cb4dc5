import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { PgliteSocket } from './pglite-socket.ts';
import { seedFromTemplate } from './pglite-template.ts';
import { SHARED_READ } from './query-shapes.ts';
import type { Db, Tables } from './schema.ts';

export type { Db } from './schema.ts';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  url?: string | undefined;
  /** PGlite data directory, or `memory://`. */
  dataDir?: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  schema?: string | undefined;
  poolSize?: number;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Timestamps come back as Date from both drivers; bigint counts as number (they stay small here).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(
  pg.types.builtins.TIMESTAMPTZ,
  utcTimestampParser(pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ)),
);
// text[]: the empty array (a customer without locations, on every list page) skips the general
// array parser, which builds a parser object per value [decision:list-request-cpu].
// No name for the array type in the typings: its OID, as PostgreSQL fixes it (pg_type `_text`).
const TEXT_ARRAY = 1009 as Parameters<typeof pg.types.getTypeParser>[0];
pg.types.setTypeParser(TEXT_ARRAY, emptyArrayFirst(pg.types.getTypeParser(TEXT_ARRAY)));

/** An array parser that answers `{}` with a new empty array itself and hands the rest on. */
export function emptyArrayFirst(fallback: (value: string) => unknown): (value: string) => unknown {
  return (value) => (value === '{}' ? [] : fallback(value));
}

/**
 * `timestamptz` as a Date, with a short path for what a UTC session sends
 * (`2026-12-03 10:11:21.123456+00`: every timestamp a list page reads); anything else (other
 * offsets, BC years, infinity) goes to `pg`'s own parser. Fractions of a millisecond are dropped,
 * as `pg`'s parser drops them.
 */
export function utcTimestampParser(fallback: (value: string) => unknown): (value: string) => unknown {
  return (value) => {
    // YYYY-MM-DD HH:MM:SS, an optional fraction of 1 to 6 digits, then +00
    const n = value.length;
    if (
      n < 22 ||
      n > 29 ||
      value.charCodeAt(n - 3) !== 0x2b ||
      value.charCodeAt(n - 2) !== 0x30 ||
      value.charCodeAt(n - 1) !== 0x30 ||
      value.charCodeAt(4) !== 0x2d ||
      value.charCodeAt(7) !== 0x2d ||
      value.charCodeAt(10) !== 0x20 ||
      value.charCodeAt(13) !== 0x3a ||
      value.charCodeAt(16) !== 0x3a ||
      (n > 22 && (n === 23 || value.charCodeAt(19) !== 0x2e))
    )
      return fallback(value);
    const year = digits(value, 0, 4);
    const month = digits(value, 5, 7);
    const day = digits(value, 8, 10);
    const hour = digits(value, 11, 13);
    const minute = digits(value, 14, 16);
    const second = digits(value, 17, 19);
    const fraction = n > 22 ? digits(value, 20, n - 3) : 0;
    if (Number.isNaN(year + month + day + hour + minute + second + fraction) || year < 100)
      return fallback(value);
    // The fraction as pg's parser reads it (a float times 1000), so that both agree to the millisecond.
    const ms = n > 22 ? Math.trunc(Number(`0.${value.slice(20, n - 3)}`) * 1000) : 0;
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  };
}

/** The decimal number in `value[from, to)`, or NaN if anything there is not a digit. */
function digits(value: string, from: number, to: number): number {
  let number = 0;
  for (let i = from; i < to; i++) {
    const digit = value.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return NaN;
    number = number * 10 + digit;
  }
  return number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const connection = {
      connectionString: options.url,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    };
    const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
    const shared = new PipelinedReads(connection);
    const db = new Kysely<Tables>({
      dialect: new PostgresDialect({ pool: withNamedStatements(pool, shared) }),
    });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? 'memory://';
  const unlock = dataDir.startsWith('memory://') ? () => {} : lockDataDir(dataDir);
  try {
    if (!dataDir.startsWith('memory://')) seedFromTemplate(dataDir);
    const pglite = await PGlite.create(dataDir, {
      startParams: PGLITE_START_PARAMS,
      ...(await prefetchedArtifacts()),
    });
    // Every query Offpeak runs is a keyed lookup or range; PGlite has no autovacuum, so its
    // planner often lacks statistics and would scan and sort whole tables. Steer it to indexes.
    await pglite.exec('SET enable_seqscan = off; SET enable_bitmapscan = off');
    return wrapPglite(pglite, async () => {
      await pglite.close();
      unlock();
    });
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * What bin/offpeak.js started loading for `offpeak serve` on PGlite before the bundle: PGlite's
 * compiled WebAssembly module and its file bundle, read and compiled on other threads while the
 * main one loaded the code [decision:compiled-start].
 */
const PGLITE_ARTIFACTS = Symbol.for('offpeak.pglite-artifacts');

interface PgliteArtifacts {
  wasm: Promise<PGliteOptions['pgliteWasmModule']>;
  data: Promise<Buffer | undefined>;
}

/** The prefetched artifacts as PGlite options, taken once; none when absent or failed. */
async function prefetchedArtifacts(): Promise<Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'>> {
  const holder = globalThis as { [PGLITE_ARTIFACTS]?: PgliteArtifacts };
  const artifacts = holder[PGLITE_ARTIFACTS];
  if (!artifacts) return {};
  delete holder[PGLITE_ARTIFACTS];
  const [wasm, data] = await Promise.all([artifacts.wasm, artifacts.data]);
  return {
    ...(wasm ? { pgliteWasmModule: wasm } : {}),
    // PGlite reads only arrayBuffer() of it, as it reads its own copy of the file
    ...(data ? { fsBundle: { arrayBuffer: async () => data.buffer } as unknown as Blob } : {}),
  };
}

/**
 * PGlite's own start parameters plus memory sized for one process [decision:pglite-memory]:
 * initdb's shared_buffers (128 MB) is meant for a server shared by many backends; the embedded
 * database has one, and the operating system caches its files as well. PostgreSQL clears all of
 * its shared memory as it starts, so a smaller one also opens faster. The shared memory also holds
 * a slot, lock space and statistics for every connection, autovacuum worker and WAL sender the
 * settings allow (100, 16 and 10 by initdb's defaults): the one backend needs one of each kind it
 * uses, and the rest was 4 MB cleared at every start.
 */
const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  ...[
    'shared_buffers=16MB',
    'temp_buffers=2MB',
    'max_connections=1',
    'superuser_reserved_connections=0',
    'autovacuum_worker_slots=1',
    'max_wal_senders=0',
    'max_replication_slots=0',
  ].flatMap((setting) => ['-c', setting]),
];

/** Wraps an open PGlite (tests clone one migrated template per file) in the same Kysely code path. */
export function wrapPglite(pglite: PGlite, onClose: () => Promise<void> = () => pglite.close()): Database {
  // `pg` itself, over a socket that is PGlite (one session, so one connection): the same
  // protocol parser, type parsers and prepared statements as on PostgreSQL.
  // The connection is kept while idle: nothing is saved by closing it. It runs in `pg`'s pipeline
  // mode, so that the shared reads of a turn of the event loop go to PGlite together
  // (BatchedReads); everything else still sends a statement only once the one before answered.
  const pool = new pg.Pool({
    max: 1,
    idleTimeoutMillis: 0,
    pipeline: true,
    stream: () => new PgliteSocket(pglite),
  } as pg.PoolConfig);
  const db = new Kysely<Tables>({
    dialect: new PostgresDialect({ pool: withNamedStatements(pool, new BatchedReads(pool)) }),
  });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await onClose();
    },
  };
}

/** A data statement, after any comment that opens it (`SHARED_READ` is one). */
const PREPARABLE = /^\s*(?:\/\*[^*]*\*\/\s*)?(select|insert|update|delete|with)\b/i;

type QueryResult = Promise<pg.QueryResult>;

/** A shared read as `pg` runs it: a named statement whose rows are arrays of its columns. */
const sharedReadQuery = (name: string, text: string, values: unknown[]) =>
  ({ name, text, values, rowMode: 'array' }) as const;

/**
 * Where a store sends its shared reads made outside a transaction [decision:pipelined-reads]. A
 * shared read's rows come back as arrays, its columns in the order it selects them, wherever it
 * runs (QueryShapes): every path sends it as `sharedReadQuery` makes it.
 */
interface SharedReads {
  query(name: string, text: string, values: unknown[]): QueryResult;
  end(): Promise<void>;
}

/**
 * Sends data statements as named prepared statements, so PostgreSQL parses and plans each
 * distinct SQL text once per connection instead of on every call. The name is a digest of the
 * text, so the same query always reuses its statement.
 *
 * A connection handed to Kysely takes a pooled client only when its first statement needs one:
 * a shared read (`SHARED_READ`) that comes first goes to `shared` instead, where it is pipelined
 * with the shared reads of other requests [decision:pipelined-reads]. Once a handle holds a
 * client (a transaction's `begin`, any other statement) everything it runs goes there, so a
 * shared read inside a transaction sees the transaction's writes.
 */
function withNamedStatements(pool: pg.Pool, shared?: SharedReads): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = `op_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      if (names.size < 10_000) names.set(text, name);
    }
    return name;
  };
  const run = (client: pg.PoolClient | pg.Client, text: string, values: unknown[]): QueryResult =>
    text.startsWith(SHARED_READ)
      ? client.query(sharedReadQuery(nameOf(text), text, values))
      : PREPARABLE.test(text)
        ? client.query({ name: nameOf(text), text, values })
        : client.query(text, values);

  // Handles are reused once released: Kysely keys its connection object by what `connect`
  // returns, so a fresh object per checkout cost a new connection object (and a WeakMap entry)
  // on every query. `release(true)` (Kysely discards a connection whose rollback failed) reaches
  // the pool, which then closes that client.
  type Wrapped = Awaited<ReturnType<PostgresPool['connect']>>;
  class Handle {
    client: pg.PoolClient | undefined = undefined;

    async query(text: string, values: unknown[]): QueryResult {
      // Kysely passes a fresh copy of the parameters already.
      if (this.client === undefined) {
        if (shared && text.startsWith(SHARED_READ)) return shared.query(nameOf(text), text, values);
        this.client = await pool.connect();
      }
      return run(this.client, text, values);
    }

    release(destroy?: boolean): void {
      const client = this.client;
      this.client = undefined;
      free.push(this);
      client?.release(destroy);
    }
  }
  const free: Handle[] = [];
  return {
    connect: async () => (free.pop() ?? new Handle()) as unknown as Wrapped,
    end: async () => {
      await Promise.all([pool.end(), shared?.end()]);
    },
  };
}

/**
 * Shared reads of a PostgreSQL store, on one connection of their own in `pg`'s pipeline mode
 * [decision:pipelined-reads]. Each read is still its own statement with its own Sync (its own
 * implicit transaction, its error its own), but reads issued while others are in flight go out
 * without waiting for them, and those issued in one turn of the event loop go out in one write:
 * under load PostgreSQL's backend stays busy instead of being woken for every query, and both
 * sides make one system call for many queries.
 *
 * The connection is opened at the first read and replaced after it fails; the reads in flight
 * when it fails get its error.
 */
export class PipelinedReads implements SharedReads {
  #client: pg.Client | undefined;
  #corked = false;
  #ended = false;

  constructor(private readonly config: pg.ClientConfig) {}

  query(name: string, text: string, values: unknown[]): QueryResult {
    if (this.#ended) return Promise.reject(new Error('the database is closed'));
    const client = this.#client ?? this.#open();
    if (!this.#corked) {
      // Everything queried until the event loop's next check phase leaves in one write.
      this.#corked = true;
      const stream = (client as unknown as { connection: { stream: NodeJS.WritableStream & Corkable } })
        .connection.stream;
      stream.cork();
      setImmediate(() => {
        this.#corked = false;
        stream.uncork();
      });
    }
    return client.query(sharedReadQuery(name, text, values)).catch((error: unknown) => {
      // An error of the statement leaves the connection as it was; any other (the backend
      // terminated, the socket reset) means the next read needs a new connection.
      const statementError =
        error instanceof pg.DatabaseError && error.severity !== 'FATAL' && error.severity !== 'PANIC';
      if (!statementError && this.#client === client) {
        this.#client = undefined;
        client.end().catch(() => {});
      }
      throw error;
    });
  }

  #open(): pg.Client {
    const client = new pg.Client({ ...this.config, pipeline: true } as pg.ClientConfig);
    this.#client = client;
    const drop = () => {
      if (this.#client === client) this.#client = undefined;
    };
    // Queries waiting on this client get the error; the next read opens a new connection.
    client.on('error', drop);
    client.on('end', drop);
    client.connect().catch(drop);
    return client;
  }

  async end(): Promise<void> {
    this.#ended = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}

/**
 * Shared reads of a PGlite store [decision:pipelined-reads]. PGlite has one session, so they
 * cannot have a connection of their own: the reads made in one turn of the event loop wait
 * together for the store's one connection (behind any transaction holding it, whose writes they
 * therefore never see half-done), are written to it at once in `pg`'s pipeline mode, and so reach
 * PGlite in one call, and the connection is given back when the last has answered. Each read keeps
 * its own Sync: its own implicit transaction, its error its own.
 */
export class BatchedReads implements SharedReads {
  #waiting: PendingRead[] = [];
  #ended = false;

  constructor(private readonly pool: pg.Pool) {}

  query(name: string, text: string, values: unknown[]): QueryResult {
    if (this.#ended) return Promise.reject(new Error('the database is closed'));
    return new Promise((resolve, reject) => {
      if (this.#waiting.push({ name, text, values, resolve, reject }) === 1)
        setImmediate(() => void this.#send());
    });
  }

  async #send(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const read of this.#take()) read.reject(error);
      return;
    }
    // Everything that asked while the connection was busy goes too.
    const reads = this.#take();
    const stream = (client as unknown as { connection: { stream: NodeJS.WritableStream & Corkable } })
      .connection.stream;
    let broken = false;
    stream.cork();
    const answered = reads.map((read) =>
      client.query(sharedReadQuery(read.name, read.text, read.values)).then(read.resolve, (error) => {
        // A statement's error leaves the connection as it was; any other means it is gone.
        if (!(error instanceof pg.DatabaseError) || error.severity === 'FATAL' || error.severity === 'PANIC')
          broken = true;
        read.reject(error);
      }),
    );
    stream.uncork();
    await Promise.all(answered);
    client.release(broken);
  }

  #take(): PendingRead[] {
    const reads = this.#waiting;
    this.#waiting = [];
    return reads;
  }

  async end(): Promise<void> {
    this.#ended = true;
  }
}

interface PendingRead {
  name: string;
  text: string;
  values: unknown[];
  resolve(result: pg.QueryResult): void;
  reject(error: unknown): void;
}

interface Corkable {
  cork(): void;
  uncork(): void;
}
