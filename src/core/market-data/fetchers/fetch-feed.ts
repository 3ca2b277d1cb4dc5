// What the live-source fetchers share: their configuration, the switch that keeps them off by
// default, and one HTTP GET with a timeout whose failures become domain errors.
import { DomainError, ValidationError } from '../../errors.ts';

/** The part of the server configuration the fetchers read (src/config.ts fills it from the environment). */
export interface MarketFetchConfig {
  /** OFFPEAK_MARKET_FETCH: nothing is fetched unless this is on. */
  marketFetch: boolean;
  /** ENTSOE_API_TOKEN: the Transparency Platform security token. */
  entsoeApiToken: string | undefined;
  /** OFFPEAK_ENTSOE_URL: the ENTSO-E API endpoint. */
  entsoeBaseUrl: string;
  /** OFFPEAK_NORDPOOL_URL: the Nord Pool Data Portal API base. */
  nordPoolBaseUrl: string;
}

export type FetchImpl = typeof fetch;

const TIMEOUT_MS = 30_000;

export function checkFetchEnabled(config: MarketFetchConfig): void {
  if (!config.marketFetch) {
    throw new DomainError(
      'unprocessable',
      'market_fetch_disabled',
      'Fetching market prices is off; set OFFPEAK_MARKET_FETCH=on to enable it',
    );
  }
}

/** A delivery day as `YYYY-MM-DD`; returns [year, month, day]. */
export function checkDay(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const parts = m ? ([Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number]) : undefined;
  const valid =
    parts !== undefined &&
    new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])).toISOString().slice(0, 10) === day;
  if (!valid) throw new ValidationError('day_invalid', `day must be a date as YYYY-MM-DD, got ${day}`);
  return parts;
}

export function fetchFailed(message: string): DomainError {
  return new DomainError('unprocessable', 'market_fetch_failed', message);
}

/**
 * GETs `url` and returns status and body text. `label` names the source in errors; the URL is
 * not repeated there, because it may carry a token.
 */
export async function getText(
  fetchImpl: FetchImpl,
  url: URL,
  label: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw fetchFailed(`${label}: request failed (${error instanceof Error ? error.message : String(error)})`);
  }
  return { status: response.status, text: await response.text() };
}
