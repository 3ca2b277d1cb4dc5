import type { PGlite } from '@electric-sql/pglite';
import { Duplex } from 'node:stream';

/** Frontend messages after which PostgreSQL answers: the batch so far is handed to PGlite. */
const ANSWERED = new Set([
  0x53, // S: Sync
  0x48, // H: Flush
  0x51, // Q: simple Query
  0x58, // X: Terminate
  0x63, // c: CopyDone
  0x66, // f: CopyFail
]);

/** AuthenticationOk ('R', length 8, 0) and ReadyForQuery ('Z', length 5, idle). */
const STARTED = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]);

/**
 * A stand-in for the TCP socket of `pg`'s connection that talks to an embedded PGlite: the same
 * driver, protocol parser and type parsers serve PGlite and PostgreSQL, and PGlite gets what a
 * server gets from `pg`, named prepared statements included.
 *
 * The bytes `pg` writes are PostgreSQL's frontend protocol. They are collected until a message
 * that PostgreSQL answers (Sync, Flush, Query, …) and then run through PGlite in one call, so a
 * prepared query (Bind, Describe, Execute, Sync) costs one pass of PGlite's main loop rather than
 * one per message; the backend's reply bytes are pushed back for `pg` to parse. Writes are
 * handled one at a time, so the calls into PGlite never overlap.
 *
 * PGlite has one session: a pool over it must have one connection, or one caller's transaction
 * would take in another caller's statements. A connection that replaces another (after an idle
 * timeout, or an error) starts without the prepared statements of the one before.
 */
export class PgliteSocket extends Duplex {
  #pending: Buffer = Buffer.alloc(0);
  #started = false;

  constructor(private readonly pglite: PGlite) {
    super();
  }

  // The parts of net.Socket that `pg` calls.
  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  connect(): this {
    void this.pglite.waitReady.then(
      () => this.emit('connect'),
      (error: unknown) => this.destroy(error as Error),
    );
    return this;
  }

  override _read(): void {
    // Replies are pushed as PGlite produces them.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#runAnswered(done);
  }

  /**
   * The messages `pg` writes while corked (Bind, Describe, Execute and Sync of a prepared query)
   * arrive together, so they are joined once rather than once per message.
   */
  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    done: (error?: Error | null) => void,
  ): void {
    const parts = this.#pending.length === 0 ? [] : [this.#pending];
    for (const { chunk } of chunks) parts.push(chunk);
    this.#pending = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.#runAnswered(done);
  }

  /** Runs the pending messages up to the last one PostgreSQL answers through PGlite. */
  #runAnswered(done: (error?: Error | null) => void): void {
    const end = this.#answeredUpTo();
    if (end === 0) {
      done();
      return;
    }
    const batch = this.#pending.subarray(0, end);
    this.#pending = this.#pending.subarray(end);
    if (!this.#started) {
      // PGlite's session is open already: answer the start-up message as a server that trusts
      // the caller would (AuthenticationOk, then ReadyForQuery, idle). The statements a previous
      // connection prepared in the session are dropped first: this one starts with none, and
      // `pg` would prepare them again under the same names.
      this.#started = true;
      this.pglite.exec('DEALLOCATE ALL').then(
        () => {
          this.push(STARTED);
          done();
        },
        (error: unknown) => done(error as Error),
      );
      return;
    }
    // Raw bytes straight from the backend's output (copied: they are a view of PGlite's memory);
    // PGlite's own parse of the reply is skipped, as `pg` parses it. PGlite may answer before the
    // write that asked has returned; the reply goes to `pg` only once the call is over, as a
    // socket's would: in pipeline mode `pg` counts a query as sent only after writing it.
    const replies: Buffer[] = [];
    this.pglite
      .execProtocolRawStream(batch, { onRawData: (reply) => void replies.push(Buffer.from(reply)) })
      .then(
        () => {
          for (const reply of replies) this.push(reply);
          done();
        },
        (error: unknown) => done(error as Error),
      );
  }

  override _final(done: (error?: Error | null) => void): void {
    this.push(null);
    done();
  }

  /**
   * How many pending bytes end with a message PostgreSQL answers (0: none yet). The first message
   * is the start-up message, which has no type byte; every later one is a type byte and a length.
   */
  #answeredUpTo(): number {
    const bytes = this.#pending;
    let at = 0;
    let end = 0;
    if (!this.#started) {
      if (bytes.length < 4) return 0;
      const length = bytes.readInt32BE(0);
      return bytes.length < length ? 0 : length;
    }
    while (at + 5 <= bytes.length) {
      const next = at + 1 + bytes.readInt32BE(at + 1);
      if (next > bytes.length) break;
      if (ANSWERED.has(bytes[at]!)) end = next;
      at = next;
    }
    return end;
  }
}
