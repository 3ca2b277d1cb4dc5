// Nord Pool Data Portal day-ahead prices for one area and delivery day (CET):
// GET {base}/DayAheadPrices?date=YYYY-MM-DD&market=DayAhead&deliveryArea=NL&currency=EUR, or, with
// a resolution, {base}/DayAheadPriceIndices?…&indexNames=SE3&resolutionInMinutes=15.
import { DomainError, ValidationError } from '../../errors.ts';
import type { ParsedFeed } from '../formats/feed.ts';
import { parseNordPool } from '../formats/nordpool.ts';
import {
  checkDay,
  checkFetchEnabled,
  fetchFailed,
  getText,
  type FetchImpl,
  type MarketFetchConfig,
} from './fetch-feed.ts';

export interface NordPoolRequest {
  /** The delivery area as Nord Pool names it: `NL`, `SE3`, `GER`, `DK1`… */
  area: string;
  /** The delivery day, `YYYY-MM-DD` (Nord Pool's CET day). */
  day: string;
  /** Currency of the prices (Nord Pool converts): EUR unless given. */
  currency?: string | undefined;
  /** Ask the price-index endpoint for this resolution (15, 30 or 60 minutes). */
  resolutionMinutes?: 15 | 30 | 60 | undefined;
}

function join(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}

export function nordPoolDayAheadUrl(config: MarketFetchConfig, request: NordPoolRequest): URL {
  if (!/^[A-Za-z0-9.-]{1,16}$/.test(request.area)) {
    throw new ValidationError(
      'area_invalid',
      `area must be a Nord Pool area such as SE3, got ${request.area}`,
    );
  }
  checkDay(request.day);
  const currency = request.currency ?? 'EUR';
  if (!/^[A-Z]{3}$/.test(currency))
    throw new ValidationError('currency_invalid', `currency must be ISO 4217, got ${currency}`);
  const indices = request.resolutionMinutes !== undefined;
  const url = join(config.nordPoolBaseUrl, indices ? 'DayAheadPriceIndices' : 'DayAheadPrices');
  url.searchParams.set('date', request.day);
  url.searchParams.set('market', 'DayAhead');
  url.searchParams.set(indices ? 'indexNames' : 'deliveryArea', request.area);
  url.searchParams.set('currency', currency);
  if (indices) url.searchParams.set('resolutionInMinutes', String(request.resolutionMinutes));
  return url;
}

/**
 * Fetches and parses one day; null when Nord Pool has nothing for it yet (`204 No Content`).
 * Errors: `market_fetch_disabled`, `market_fetch_failed` (network, HTTP status, bad body).
 */
export async function fetchNordPoolDayAhead(
  config: MarketFetchConfig,
  request: NordPoolRequest,
  fetchImpl: FetchImpl = fetch,
): Promise<ParsedFeed | null> {
  checkFetchEnabled(config);
  const { status, text } = await getText(fetchImpl, nordPoolDayAheadUrl(config, request), 'Nord Pool', {
    accept: 'application/json',
  });
  if (status === 204 || (status === 200 && text.trim() === '')) return null;
  if (status < 200 || status > 299) throw fetchFailed(`Nord Pool answered HTTP ${status}`);
  try {
    return parseNordPool(text, { area: request.area });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'feed_empty') return null;
    throw fetchFailed(`Nord Pool: ${error instanceof Error ? error.message : String(error)}`);
  }
}
