import type { ColumnType, Selectable } from 'kysely';
import type { Db } from './schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A delivery day of a market source that the fetcher has to fetch (migration 0005). */
export interface MarketFetchJobRow {
  source_id: string;
  /** `YYYY-MM-DD` on the market's wall clock. */
  day: string;
  feed: 'entsoe' | 'nordpool';
  area: string | null;
  attempts: number;
  next_attempt_at: Timestamp;
  last_error: string | null;
  done_at: Timestamp | null;
  created_at: Timestamp;
}

export type MarketFetchJobRecord = Selectable<MarketFetchJobRow>;

const withJobs = (db: Db) => db.withTables<{ market_fetch_jobs: MarketFetchJobRow }>();

/** Adds jobs that do not exist yet; an existing (source, day) keeps its state. */
export async function insertMarketFetchJobs(
  db: Db,
  jobs: { sourceId: string; day: string; feed: MarketFetchJobRow['feed']; area: string | null }[],
  now: Date,
): Promise<void> {
  if (jobs.length === 0) return;
  await withJobs(db)
    .insertInto('market_fetch_jobs')
    .values(
      jobs.map((j) => ({
        source_id: j.sourceId,
        day: j.day,
        feed: j.feed,
        area: j.area,
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        done_at: null,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['source_id', 'day']).doNothing())
    .execute();
}

/**
 * Claims up to `limit` due jobs in one statement: the subquery locks them (skipping rows another
 * node holds), and the update counts the attempt and moves `next_attempt_at` to `leaseUntil`, so
 * no other node takes them meanwhile and a node that dies mid-fetch leaves them to be claimed
 * again after the lease.
 */
export async function claimMarketFetchJobs(
  db: Db,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<MarketFetchJobRecord[]> {
  const claimed = await withJobs(db)
    .updateTable('market_fetch_jobs')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
    .where(({ eb, refTuple, selectFrom }) =>
      eb(
        refTuple('source_id', 'day'),
        'in',
        selectFrom('market_fetch_jobs')
          .select(['source_id', 'day'])
          .where('done_at', 'is', null)
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .$asTuple('source_id', 'day'),
      ),
    )
    .returningAll()
    .execute();
  // oldest day first (`returning` follows no order)
  return claimed.sort((a, b) => a.day.localeCompare(b.day) || a.source_id.localeCompare(b.source_id));
}

/** Records a claimed job's outcome: done (an error says why it was given up), or back in the
 * queue at `nextAttemptAt`. */
export async function finishMarketFetchJob(
  db: Db,
  job: { sourceId: string; day: string },
  outcome: ({ doneAt: Date } | { nextAttemptAt: Date }) & { error: string | null },
): Promise<void> {
  await withJobs(db)
    .updateTable('market_fetch_jobs')
    .set(
      'doneAt' in outcome
        ? { done_at: outcome.doneAt, last_error: outcome.error }
        : { next_attempt_at: outcome.nextAttemptAt, last_error: outcome.error },
    )
    .where('source_id', '=', job.sourceId)
    .where('day', '=', job.day)
    .execute();
}

/** Every job of a source, oldest day first (operators and tests look at the queue). */
export async function selectMarketFetchJobs(db: Db, sourceId: string): Promise<MarketFetchJobRecord[]> {
  return withJobs(db)
    .selectFrom('market_fetch_jobs')
    .selectAll()
    .where('source_id', '=', sourceId)
    .orderBy('day')
    .execute();
}
