// Importing a price feed into the shared market-price store: parse, check, then replace what the
// store holds for the feed's intervals, all in one transaction (all or nothing).
import { recordMarketPriceLocationUpdates } from '../locations/market-price-events.ts';
import { SERVER } from '../clock.ts';
import { formatDecimal } from '../../engine/decimal.ts';
import type { Db } from '../../store/database.ts';
import {
  deleteMarketPricesOverlapping,
  selectLatestMarketPrice,
  upsertMarketPrices,
} from '../../store/market-prices.ts';
import type { CoreContext } from '../context.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { FEED_FORMATS, isFeedFormat, parseFeed, type FeedFormat, type ParsedFeed } from './formats/index.ts';
import { checkMarketSourceId, describeMarketSource } from './market-sources.ts';
import { majorCurrency } from './price-units.ts';

/** What an import did. */
export interface MarketPriceImport {
  sourceId: string;
  format: FeedFormat;
  area: string | null;
  /** Currency and unit as published and stored (`GBX` per `kWh` for Octopus). */
  currency: string;
  unit: 'MWh' | 'kWh';
  /** Intervals imported. */
  count: number;
  /** Imported intervals that start where the store had no interval before. */
  created: number;
  /** Stored intervals that the import replaced. */
  replaced: number;
  /** First start and last end of the imported intervals (UTC epoch ms). */
  start: number;
  end: number;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportMarketPricesInput {
  sourceId: string;
  /** One of FEED_FORMATS. */
  format: string;
  /** The feed's text, as downloaded. */
  text: string;
  /** The area to read from a feed that covers several. */
  area?: string | undefined;
  /** Called after each stored batch of rows. */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}

/** Rows per INSERT statement (10 columns each, well under PostgreSQL's 65 535 parameters). */
const BATCH = 500;

/** A feed that is parsed and checked, ready to store. */
export interface PreparedMarketFeed {
  sourceId: string;
  format: FeedFormat;
  feed: ParsedFeed;
}

/**
 * Parses `text` as `format` and stores its prices for `sourceId`. Re-importing an interval
 * replaces it: stored intervals that overlap the feed's (contiguous runs of) intervals are
 * removed, so a change of resolution leaves no overlap. Errors: `source_id_invalid`,
 * `format_invalid`, `feed_missing`, `feed_invalid`, `feed_empty`, `area_missing`, `area_invalid`,
 * and `409 currency_mismatch` when the source already holds prices in another currency.
 */
export async function importMarketPrices(
  ctx: CoreContext,
  input: ImportMarketPricesInput,
): Promise<MarketPriceImport> {
  return storeMarketFeed(ctx, { ...prepareMarketFeed(input), onProgress: input.onProgress });
}

/**
 * The pure half of an import: checks the source ID and format and parses the feed, touching no
 * database (the CLI reports a bad file before it opens the store).
 */
export function prepareMarketFeed(input: Omit<ImportMarketPricesInput, 'onProgress'>): PreparedMarketFeed {
  const sourceId = checkMarketSourceId(input.sourceId);
  const format = checkFormat(input.format);
  if (input.text.trim() === '') throw new ValidationError('feed_missing', 'The price feed is empty');
  const feed = parseFeed(format, input.text, {
    area: input.area,
    preferredArea: describeMarketSource(sourceId).region,
  });
  return { sourceId, format, feed };
}

function checkFormat(format: string): FeedFormat {
  if (format === '') throw new ValidationError('format_missing', 'format is required');
  if (!isFeedFormat(format)) {
    throw new ValidationError(
      'format_invalid',
      `format must be one of ${FEED_FORMATS.join(', ')}, got ${format}`,
    );
  }
  return format;
}

/** Contiguous runs of the (sorted, non-overlapping) points, as [start, end) pairs. */
function runsOf(feed: ParsedFeed): [number, number][] {
  const runs: [number, number][] = [];
  for (const p of feed.points) {
    const last = runs[runs.length - 1];
    if (last && last[1] === p.start) last[1] = p.end;
    else runs.push([p.start, p.end]);
  }
  return runs;
}

async function checkCurrency(db: Db, sourceId: string, currency: string): Promise<void> {
  const latest = await selectLatestMarketPrice(db, sourceId);
  if (latest && majorCurrency(latest.currency) !== majorCurrency(currency)) {
    throw new ConflictError(
      'currency_mismatch',
      `Market source ${sourceId} holds prices in ${majorCurrency(latest.currency)}; this feed is in ${majorCurrency(currency)}`,
    );
  }
}

/** Stores an already parsed feed (the importer and the fetchers share it); see importMarketPrices. */
export async function storeMarketFeed(
  ctx: CoreContext,
  input: {
    sourceId: string;
    format: FeedFormat;
    feed: ParsedFeed;
    onProgress?: ((p: ImportProgress) => void) | undefined;
  },
): Promise<MarketPriceImport> {
  const { sourceId, format, feed } = input;
  const now = new Date(ctx.now(SERVER));
  const publishedAt = new Date(feed.publishedAt ?? now.getTime());
  const total = feed.points.length;
  if (total === 0) throw new ValidationError('feed_empty', 'The feed contains no prices');
  const summary = await ctx.db.transaction().execute(async (trx) => {
    await checkCurrency(trx, sourceId, feed.currency);
    const stored = new Set<number>();
    let replaced = 0;
    for (const [start, end] of runsOf(feed)) {
      const gone = await deleteMarketPricesOverlapping(trx, sourceId, new Date(start), new Date(end));
      for (const s of gone) stored.add(s.getTime());
      replaced += gone.length;
    }
    for (let from = 0; from < total; from += BATCH) {
      const batch = feed.points.slice(from, from + BATCH);
      await upsertMarketPrices(
        trx,
        batch.map((p) => ({
          source_id: sourceId,
          start: new Date(p.start),
          end: new Date(p.end),
          value: formatDecimal(p.value),
          unit: feed.unit,
          currency: feed.currency,
          feed: format,
          area: feed.area ?? null,
          published_at: publishedAt,
          updated_at: now,
        })),
      );
      input.onProgress?.({ done: from + batch.length, total });
    }
    // prices at every location on this source changed: `location.update`, in this transaction
    await recordMarketPriceLocationUpdates(trx, ctx.now, sourceId);
    return { replaced, created: feed.points.filter((p) => !stored.has(p.start)).length };
  });
  const first = feed.points[0];
  const last = feed.points[total - 1];
  return {
    sourceId,
    format,
    area: feed.area ?? null,
    currency: feed.currency,
    unit: feed.unit,
    count: total,
    created: summary.created,
    replaced: summary.replaced,
    start: first?.start ?? 0,
    end: last?.end ?? 0,
  };
}
