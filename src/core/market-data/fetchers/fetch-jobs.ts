// The market fetcher: keeps the configured sources' day-ahead prices stored without anyone
// running an import. Every node runs the same tick; the job table makes them share the work:
//
// 1. plan: for each source, today and (once published, 12:45 on the market's clock) tomorrow are
//    wanted; a day with no stored price becomes a job (insert, or nothing if it exists);
// 2. claim: due jobs are locked with `for update skip locked` and leased for a few minutes;
// 3. run: fetch and store the day (fetch-and-import.ts). Stored → done. "Not published yet" →
//    again after `retryMs`. A failure → again after an exponential back-off, error kept
//    (MARKET_FETCH_POLICY holds the numbers).
//    A day more than one day in the past is given up (done, with the reason).
import { SERVER } from '../../clock.ts';
import { civilFromEpochDay, DAY_MS } from '../../../engine/calendar.ts';
import { lastPublishedDay } from '../../../engine/market-publication.ts';
import { localEpochDayOf, startOfLocalDay } from '../../../engine/time-zones.ts';
import {
  claimMarketFetchJobs,
  finishMarketFetchJob,
  insertMarketFetchJobs,
} from '../../../store/market-fetch-jobs.ts';
import { hasMarketPricesOverlapping } from '../../../store/market-prices.ts';
import type { CoreContext } from '../../context.ts';
import { describeMarketSource } from '../market-sources.ts';
import { fetchAndImportMarketPrices } from './fetch-and-import.ts';
import type { FetchImpl, MarketFetchConfig } from './fetch-feed.ts';

/** One entry of OFFPEAK_MARKET_FETCH_SOURCES: where a source's prices come from. */
export interface MarketFetchSource {
  sourceId: string;
  feed: 'entsoe' | 'nordpool';
  /** ENTSO-E: the EIC code (required). Nord Pool: the delivery area (default: the region's). */
  area?: string | undefined;
}

/** How the fetcher claims and retries, as data. */
export interface MarketFetchPolicy {
  /** Jobs claimed per round. */
  readonly batch: number;
  /** How long a claimed job is hidden from other nodes. */
  readonly leaseMs: number;
  /** Wait after "not published yet", and the first back-off step after a failure (doubling). */
  readonly retryMs: number;
  /** Back-off never waits longer than this. */
  readonly maxBackoffMs: number;
  /** A delivery day more than this many days in the past is given up. */
  readonly giveUpAfterDays: number;
}

export const MARKET_FETCH_POLICY: MarketFetchPolicy = {
  batch: 10,
  leaseMs: 5 * 60_000,
  retryMs: 10 * 60_000,
  maxBackoffMs: 6 * 3_600_000,
  giveUpAfterDays: 1,
};

export interface MarketFetchOptions {
  fetchImpl?: FetchImpl;
  /** Any part of MARKET_FETCH_POLICY to change. */
  policy?: Partial<MarketFetchPolicy>;
}

export interface MarketFetchOutcome {
  sourceId: string;
  day: string;
  /** `stored` with the interval count; `not_published`; `failed` with the error; `abandoned`. */
  result: 'stored' | 'not_published' | 'failed' | 'abandoned';
  intervals?: number;
  error?: string;
}

/** Zone of the delivery day for a source that names none (ENTSO-E's CET/CEST). */
const DEFAULT_ZONE = 'Europe/Brussels';

const isoDay = (epochDay: number): string => {
  const { year, month, day } = civilFromEpochDay(epochDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};
const epochDayOf = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const zoneOf = (sourceId: string): string => describeMarketSource(sourceId).timeZone ?? DEFAULT_ZONE;

/** Days (local epoch days) of a source wanted at `now`: today, and tomorrow once it is published. */
export function wantedDays(zone: string, now: number): number[] {
  const today = localEpochDayOf(zone, now);
  const days: number[] = [];
  for (let day = today; day <= lastPublishedDay(zone, now); day++) days.push(day);
  return days;
}

/** Step 1: queues every wanted day that has no stored price. Returns the number of days queued. */
async function planJobs(ctx: CoreContext, sources: readonly MarketFetchSource[], now: number) {
  const jobs: Parameters<typeof insertMarketFetchJobs>[1] = [];
  for (const source of sources) {
    const zone = zoneOf(source.sourceId);
    for (const day of wantedDays(zone, now)) {
      const start = startOfLocalDay(zone, day);
      const end = startOfLocalDay(zone, day + 1);
      if (await hasMarketPricesOverlapping(ctx.db, source.sourceId, new Date(start), new Date(end))) continue;
      jobs.push({
        sourceId: source.sourceId,
        day: isoDay(day),
        feed: source.feed,
        area: source.area ?? null,
      });
    }
  }
  await insertMarketFetchJobs(ctx.db, jobs, new Date(now));
  return jobs.length;
}

/** One round of the fetcher (steps 1–3). Safe to run on any number of nodes at once. */
export async function runMarketFetchTick(
  ctx: CoreContext,
  config: MarketFetchConfig,
  sources: readonly MarketFetchSource[],
  options: MarketFetchOptions = {},
): Promise<{ queued: number; outcomes: MarketFetchOutcome[] }> {
  const { fetchImpl = fetch } = options;
  const { batch, leaseMs, retryMs, maxBackoffMs, giveUpAfterDays } = {
    ...MARKET_FETCH_POLICY,
    ...options.policy,
  };
  if (!config.marketFetch || sources.length === 0) return { queued: 0, outcomes: [] };
  const now = ctx.now(SERVER);
  const queued = await planJobs(ctx, sources, now);
  const claimed = await claimMarketFetchJobs(ctx.db, new Date(now), new Date(now + leaseMs), batch);
  const outcomes: MarketFetchOutcome[] = [];
  for (const job of claimed) {
    const key = { sourceId: job.source_id, day: job.day };
    if (epochDayOf(job.day) < localEpochDayOf(zoneOf(job.source_id), now) - giveUpAfterDays) {
      const error = 'abandoned: the delivery day is over and its prices never came';
      await finishMarketFetchJob(ctx.db, key, { doneAt: new Date(now), error });
      outcomes.push({ ...key, result: 'abandoned', error });
      continue;
    }
    try {
      const stored = await fetchAndImportMarketPrices(
        ctx,
        config,
        { sourceId: job.source_id, source: job.feed, day: job.day, area: job.area ?? undefined },
        fetchImpl,
      );
      if (stored) {
        await finishMarketFetchJob(ctx.db, key, { doneAt: new Date(ctx.now(SERVER)), error: null });
        outcomes.push({ ...key, result: 'stored', intervals: stored.count });
      } else {
        const nextAttemptAt = new Date(ctx.now(SERVER) + retryMs);
        await finishMarketFetchJob(ctx.db, key, { nextAttemptAt, error: 'not published yet' });
        outcomes.push({ ...key, result: 'not_published' });
      }
    } catch (cause) {
      const error = cause instanceof Error ? cause.message : String(cause);
      const backoff = Math.min(retryMs * 2 ** Math.max(0, job.attempts - 1), maxBackoffMs);
      await finishMarketFetchJob(ctx.db, key, { nextAttemptAt: new Date(ctx.now(SERVER) + backoff), error });
      outcomes.push({ ...key, result: 'failed', error });
    }
  }
  return { queued, outcomes };
}
