import { CompiledQuery, type Compilable } from 'kysely';
import type { Db } from './schema.ts';

/** Stands for the value in slot `n` while a shape is compiled; never sent to the database. */
const SLOT = '\u0000offpeak-slot:';

type Parameter = { slot: number } | { value: unknown };

/**
 * Opens the SQL of a shared read: a single read-only statement that needs nothing of the session
 * it runs in, so that, outside a transaction, a PostgreSQL store may pipeline it on a connection
 * shared with other requests' reads (src/store/database.ts) [decision:pipelined-reads].
 */
export const SHARED_READ = '/* shared read */ ';

/**
 * Queries that are built and compiled once per shape and then run with fresh values, for the
 * hottest reads (a list page on every request). Building and compiling a Kysely query costs more
 * CPU than PostgreSQL spends running a prepared one; the SQL text of a shape never changes, only
 * its values do.
 *
 * `build` receives `slot(n)`, which stands for `values[n]`: the compiled SQL keeps a parameter
 * where each slot was used, in Kysely's own parameter order. The shape key must name everything
 * that changes the SQL text (which filters are present, the page size, …), never a value.
 *
 * A row comes back as an array of its columns in the order the query selects them (`R`, a tuple
 * the caller writes to match its select list): `pg` then neither builds an object per row nor
 * stores each column under its name, a few µs of a 30-row page [decision:list-request-cpu].
 */
export class QueryShapes<R extends readonly unknown[]> {
  readonly #shapes = new Map<string, { sql: string; parameters: Parameter[] }>();

  async select(
    db: Db,
    shape: string,
    values: readonly unknown[],
    // The slots stand in for values of any column type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    build: (slot: (n: number) => any) => Compilable<unknown>,
  ): Promise<R[]> {
    let compiled = this.#shapes.get(shape);
    if (compiled === undefined) {
      const query = build((n) => `${SLOT}${n}`).compile();
      compiled = {
        sql: SHARED_READ + query.sql,
        parameters: query.parameters.map((p) =>
          typeof p === 'string' && p.startsWith(SLOT) ? { slot: Number(p.slice(SLOT.length)) } : { value: p },
        ),
      };
      if (this.#shapes.size < 1000) this.#shapes.set(shape, compiled);
    }
    const parameters = compiled.parameters.map((p) => ('slot' in p ? values[p.slot] : p.value));
    // Rows as arrays: the stores run every shared read with pg's rowMode 'array' (database.ts).
    const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  }
}
