import { ValidationError } from './errors.ts';

/** A keyset page request: newest first; at most one of the two cursors. */
export interface PageQuery {
  limit: number;
  startingAfter?: string | undefined;
  endingBefore?: string | undefined;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

export const DEFAULT_PAGE_LIMIT = 30;
export const MAX_PAGE_LIMIT = 100;

export function checkPageQuery(page: PageQuery): void {
  if (page.startingAfter !== undefined && page.endingBefore !== undefined) {
    throw new ValidationError('cursor_conflict', 'starting_after and ending_before cannot be used together');
  }
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_LIMIT) {
    throw new ValidationError('limit_invalid', `limit must be an integer between 1 and ${MAX_PAGE_LIMIT}`);
  }
}

export function unknownCursorError(page: PageQuery): ValidationError {
  return page.startingAfter !== undefined
    ? new ValidationError('starting_after_invalid', `starting_after ${page.startingAfter} does not exist`)
    : new ValidationError('ending_before_invalid', `ending_before ${page.endingBefore} does not exist`);
}

/**
 * Runs a page request: checks its rules, selects the page, and, only when the page is empty,
 * checks that the cursor names an object of the listed type in this scope (an unknown cursor is
 * a 400, not an empty page). The common case costs one query.
 */
export async function selectPage<T>(
  page: PageQuery,
  select: (keyset: { limit: number; after: string | undefined; before: string | undefined }) => Promise<{
    rows: T[];
    hasMore: boolean;
  }>,
  findCursor: (id: string) => Promise<unknown>,
): Promise<{ rows: T[]; hasMore: boolean }> {
  checkPageQuery(page);
  const result = await select({ limit: page.limit, after: page.startingAfter, before: page.endingBefore });
  const cursor = page.startingAfter ?? page.endingBefore;
  if (result.rows.length === 0 && cursor !== undefined && !(await findCursor(cursor)))
    throw unknownCursorError(page);
  return result;
}
