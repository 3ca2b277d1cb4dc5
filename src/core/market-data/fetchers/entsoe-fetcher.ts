// ENTSO-E Transparency Platform day-ahead prices (document type A44) for one bidding zone and
// delivery day. GET {base}?documentType=A44&in_Domain=EIC&out_Domain=EIC&periodStart=…&periodEnd=…
// &securityToken=…, with the period in UTC as yyyyMMddHHmm.
import { epochDayFromCivil } from '../../../engine/calendar.ts';
import { startOfLocalDay } from '../../../engine/time-zones.ts';
import { DomainError, ValidationError } from '../../errors.ts';
import { parseEntsoe } from '../formats/entsoe.ts';
import type { ParsedFeed } from '../formats/feed.ts';
import {
  checkDay,
  checkFetchEnabled,
  fetchFailed,
  getText,
  type FetchImpl,
  type MarketFetchConfig,
} from './fetch-feed.ts';

export interface EntsoeRequest {
  /** The bidding zone's EIC code, such as `10YCH-SWISSGRIDZ` or `10Y1001A1001A82H` (DE-LU). */
  area: string;
  /** The delivery day, `YYYY-MM-DD`, on the zone's wall clock. */
  day: string;
  /** The zone's IANA time zone (default Europe/Brussels, the clock of the coupled EU market). */
  timeZone?: string | undefined;
}

const EIC = /^[0-9A-Z][0-9A-Z-]{14}[0-9A-Z]$/;

const compact = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace(/[-T:]/g, '');

/** The request URL for one delivery day; the token is in the query, as ENTSO-E requires. */
export function entsoeDayAheadUrl(config: MarketFetchConfig, request: EntsoeRequest): URL {
  if (!EIC.test(request.area))
    throw new ValidationError('area_invalid', `area must be an EIC code, got ${request.area}`);
  const [year, month, date] = checkDay(request.day);
  const zone = request.timeZone ?? 'Europe/Brussels';
  const day = epochDayFromCivil(year, month, date);
  const url = new URL(config.entsoeBaseUrl);
  url.searchParams.set('documentType', 'A44');
  url.searchParams.set('in_Domain', request.area);
  url.searchParams.set('out_Domain', request.area);
  url.searchParams.set('periodStart', compact(startOfLocalDay(zone, day)));
  url.searchParams.set('periodEnd', compact(startOfLocalDay(zone, day + 1)));
  url.searchParams.set('securityToken', config.entsoeApiToken ?? '');
  return url;
}

/**
 * Fetches and parses one day; null when ENTSO-E has no prices for it yet (an acknowledgement
 * instead of a document). Errors: `market_fetch_disabled`, `entsoe_api_token_missing`,
 * `market_fetch_failed` (network, HTTP status, an acknowledgement other than "no data").
 */
export async function fetchEntsoeDayAhead(
  config: MarketFetchConfig,
  request: EntsoeRequest,
  fetchImpl: FetchImpl = fetch,
): Promise<ParsedFeed | null> {
  checkFetchEnabled(config);
  if (!config.entsoeApiToken) {
    throw new DomainError('unprocessable', 'entsoe_api_token_missing', 'ENTSOE_API_TOKEN is not set');
  }
  const { status, text } = await getText(fetchImpl, entsoeDayAheadUrl(config, request), 'ENTSO-E', {
    accept: 'application/xml',
  });
  let feed: ParsedFeed;
  try {
    feed = parseEntsoe(text, { area: request.area });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof DomainError && error.code === 'feed_empty' && /no matching data/i.test(message))
      return null;
    throw fetchFailed(`ENTSO-E answered HTTP ${status}: ${message}`);
  }
  if (status < 200 || status > 299) throw fetchFailed(`ENTSO-E answered HTTP ${status}`);
  return feed;
}
