import type { SelectQueryBuilder } from 'kysely';
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
  if (request.before !== undefined) {
    const rows = await base
      .where('id', '>', cursorRow(request.before))
      .orderBy('id', 'asc')
      .limit(request.limit + 1)
      .execute();
    return { rows: rows.slice(0, request.limit).reverse(), hasMore: rows.length > request.limit };
  }
  const scoped = request.after === undefined ? base : base.where('id', '<', cursorRow(request.after));
  const rows = await scoped
    .orderBy('id', 'desc')
    .limit(request.limit + 1)
    .execute();
  return { rows: rows.slice(0, request.limit), hasMore: rows.length > request.limit };
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
