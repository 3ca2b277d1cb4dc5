import { sql, type SelectQueryBuilder } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import type { Db } from './schema.ts';

export interface KeysetRequest {
  limit: number;
  /** Return rows older than this ID (the next page). */
  after?: string | undefined;
  /** Return rows newer than this ID (the previous page). */
  before?: string | undefined;
}

// The builders passed in are already scoped to one account and mode.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder<O> = SelectQueryBuilder<any, any, O>;

/**
 * Keyset pagination over time-ordered IDs, newest first. Each page is one index range scan of
 * `limit + 1` rows, so page 1000 costs what page 1 costs, and rows inserted between two fetches
 * never shift the rows of later pages.
 *
 * The cursor is compared through `cursorRow`, a scoped lookup of the cursor's own row: a cursor
 * that does not exist in this account and mode yields no rows rather than a page after a made-up
 * ID, and the caller tells "no such cursor" from "end of list" only when a page comes back empty.
 */
export async function selectKeysetPage<O extends { id: string }>(
  base: Builder<O>,
  cursorRow: (id: string) => Builder<{ id: string }>,
  request: KeysetRequest,
): Promise<{ rows: O[]; hasMore: boolean }> {
  return keysetResult(await keysetQuery(base, cursorRow, request).execute(), request);
}

/** The query of one keyset page (see selectKeysetPage): `limit + 1` rows in index order. */
export function keysetQuery<O extends { id: string }>(
  base: Builder<O>,
  cursorRow: (id: string) => Builder<{ id: string }>,
  request: KeysetRequest,
): Builder<O> {
  const limit = pageLimit(request.limit + 1);
  if (request.before !== undefined)
    return base.where('id', '>', cursorRow(request.before)).orderBy('id', 'asc').limit(limit);
  const scoped = request.after === undefined ? base : base.where('id', '<', cursorRow(request.after));
  return scoped.orderBy('id', 'desc').limit(limit);
}

/** The page in the rows of keysetQuery: newest first, and whether there are more. */
export function keysetResult<O>(rows: O[], request: KeysetRequest): { rows: O[]; hasMore: boolean } {
  const page = rows.slice(0, request.limit);
  return { rows: request.before !== undefined ? page.reverse() : page, hasMore: rows.length > request.limit };
}

/**
 * The query of a keyset page over every row of a scope (no filter), in one index range scan that
 * starts at the cursor itself: `id <= cursor` (or `>=`), one row more than keysetQuery reads. The
 * cursor's row, when the scope has it, is the first row of the scan; keysetCursorResult drops it.
 * When the scope does not have it, no row of the scan is the cursor, and the page is empty, as
 * keysetQuery's is. This spares the lookup of the cursor's row that keysetQuery makes first
 * [decision:list-request-cpu].
 *
 * Only for unfiltered pages: under a filter the cursor's row may be one the filter leaves out,
 * yet it is still a valid cursor.
 */
export function keysetFromCursor<O extends { id: string }>(
  base: Builder<O>,
  request: KeysetRequest,
  /** The value compared with `id`: the request's cursor, or a slot standing for it (QueryShapes). */
  cursor: unknown,
): Builder<O> {
  if (request.before !== undefined)
    return base
      .where('id', '>=', cursor)
      .orderBy('id', 'asc')
      .limit(pageLimit(request.limit + 2));
  if (request.after !== undefined)
    return base
      .where('id', '<=', cursor)
      .orderBy('id', 'desc')
      .limit(pageLimit(request.limit + 2));
  return base.orderBy('id', 'desc').limit(pageLimit(request.limit + 1));
}

/** The page in the rows of keysetFromCursor: without the cursor's own row, newest first. */
export function keysetCursorResult<O>(
  rows: O[],
  request: KeysetRequest,
  idOf: (row: O) => string,
): { rows: O[]; hasMore: boolean } {
  const cursor = request.after ?? request.before;
  if (cursor === undefined) return keysetResult(rows, request);
  if (rows.length === 0 || idOf(rows[0]!) !== cursor) return { rows: [], hasMore: false };
  return keysetResult(rows.slice(1), request);
}

/** Which shape of keyset page a request asks for: the first, one after a cursor, or one before. */
export function keysetShape(request: KeysetRequest): string {
  const from = request.before !== undefined ? 'before' : request.after !== undefined ? 'after' : 'first';
  return `${from}:${request.limit}`;
}

/**
 * The page size written into the SQL text rather than sent as a parameter. A prepared statement
 * then has a small, known row count, so PostgreSQL can keep one generic plan for it instead of
 * planning every call again (with `LIMIT $n` it assumes a large result and keeps re-planning).
 * Page sizes are few (1 to 101), so are the statement texts.
 */
function pageLimit(rows: number) {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new RangeError(`bad page size ${rows}`);
  return sql.lit(rows);
}

/** The scoped lookup of a cursor's row in one of the listed tables. */
export function cursorRow(
  db: Db,
  scope: Scope,
  table: 'customers' | 'locations' | 'devices' | 'events' | 'tariffs',
  id: string,
): Builder<{ id: string }> {
  return db
    .selectFrom(table)
    .select('id')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id);
}

/** Which of `ids` name a row of this scope in one of the listed tables (one query). */
export async function selectExistingIds(
  db: Db,
  scope: Scope,
  table: 'customers' | 'locations' | 'devices' | 'tariffs',
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}
