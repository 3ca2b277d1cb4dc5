import type { SelectQueryBuilder } from 'kysely';

export interface KeysetRequest {
  limit: number;
  /** Return rows older than this ID (the next page). */
  after?: string | undefined;
  /** Return rows newer than this ID (the previous page). */
  before?: string | undefined;
}

/**
 * Keyset pagination over time-ordered IDs, newest first. Each page is one index range scan of
 * `limit + 1` rows, so page 1000 costs what page 1 costs, and rows inserted between two fetches
 * never shift the rows of later pages.
 */
export async function selectKeysetPage<O extends { id: string }>(
  // The builders passed in are already scoped to one account and mode.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  base: SelectQueryBuilder<any, any, O>,
  idColumn: string,
  request: KeysetRequest,
): Promise<{ rows: O[]; hasMore: boolean }> {
  if (request.before !== undefined) {
    const rows = await base
      .where(idColumn, '>', request.before)
      .orderBy(idColumn, 'asc')
      .limit(request.limit + 1)
      .execute();
    return { rows: rows.slice(0, request.limit).reverse(), hasMore: rows.length > request.limit };
  }
  const scoped = request.after === undefined ? base : base.where(idColumn, '<', request.after);
  const rows = await scoped
    .orderBy(idColumn, 'desc')
    .limit(request.limit + 1)
    .execute();
  return { rows: rows.slice(0, request.limit), hasMore: rows.length > request.limit };
}
