// Fetch one delivery day from a live source and store it, as an import would. A scheduler (a
// job, or cron running the CLI) decides when; this is the use-case it calls.
import type { CoreContext } from '../../context.ts';
import { ValidationError } from '../../errors.ts';
import { storeMarketFeed, type MarketPriceImport } from '../import-market-prices.ts';
import { checkMarketSourceId, describeMarketSource } from '../market-sources.ts';
import { fetchEntsoeDayAhead } from './entsoe-fetcher.ts';
import { checkFetchEnabled, type FetchImpl, type MarketFetchConfig } from './fetch-feed.ts';
import { fetchNordPoolDayAhead } from './nordpool-fetcher.ts';

export interface FetchAndImportInput {
  /** Where the prices are stored. */
  sourceId: string;
  source: 'entsoe' | 'nordpool';
  /** The day to fetch, `YYYY-MM-DD`. */
  day: string;
  /** ENTSO-E: the EIC code (required). Nord Pool: the area, by default the source's region code. */
  area?: string | undefined;
  /** Nord Pool: the currency, by default the source country's (EUR for an unknown source). */
  currency?: string | undefined;
  /** Nord Pool: ask for the price index at this resolution. */
  resolutionMinutes?: 15 | 30 | 60 | undefined;
  /** ENTSO-E: the zone of the delivery day, by default the source's (else Europe/Brussels). */
  timeZone?: string | undefined;
}

/** Fetches and stores one day; null when the source has not published that day yet. */
export async function fetchAndImportMarketPrices(
  ctx: CoreContext,
  config: MarketFetchConfig,
  input: FetchAndImportInput,
  fetchImpl: FetchImpl = fetch,
): Promise<MarketPriceImport | null> {
  checkFetchEnabled(config);
  const source = describeMarketSource(checkMarketSourceId(input.sourceId));
  if (input.source === 'entsoe') {
    if (!input.area) throw new ValidationError('area_missing', 'ENTSO-E needs the area as an EIC code');
    const feed = await fetchEntsoeDayAhead(
      config,
      { area: input.area, day: input.day, timeZone: input.timeZone ?? source.timeZone },
      fetchImpl,
    );
    return feed && storeMarketFeed(ctx, { sourceId: source.id, format: 'entsoe', feed });
  }
  const area = input.area ?? source.region;
  if (!area) throw new ValidationError('area_missing', 'Nord Pool needs the delivery area');
  const feed = await fetchNordPoolDayAhead(
    config,
    {
      area,
      day: input.day,
      currency: input.currency ?? source.currency ?? 'EUR',
      resolutionMinutes: input.resolutionMinutes,
    },
    fetchImpl,
  );
  return feed && storeMarketFeed(ctx, { sourceId: source.id, format: 'nordpool', feed });
}
