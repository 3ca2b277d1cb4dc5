// The market prices a market-rate tariff is priced with: in live mode the published prices in
// the store plus the forecast [decision:market-forecast]; in test mode a deterministic simulated market.
import { SERVER } from '../clock.ts';
import { parseDecimal } from '../../engine/decimal.ts';
import { fillMarketForecast, MARKET_FORECAST_HISTORY_MS } from '../../engine/market-forecast.ts';
import { nextMarketUpdate } from '../../engine/market-publication.ts';
import { simulateMarketPrices } from '../../engine/market-simulator.ts';
import type { MarketScenario } from '../../engine/market-scenarios.ts';
import type { MarketPrice } from '../../engine/price-series.ts';
import {
  selectLatestMarketPrice,
  selectMarketPricesOverlapping,
  type MarketPriceRecord,
} from '../../store/market-prices.ts';
import type { CoreContext } from '../context.ts';
import {
  checkMarketSourceId,
  describeMarketSource,
  simulatedMarketFor,
  type MarketSource,
} from './market-sources.ts';
import { loadMarketScenarios } from './market-scenarios.ts';
import { majorCurrency, toPricePerMwh } from './price-units.ts';

/** Market prices for a window, as the prices API needs them. */
export interface MarketSeries {
  /**
   * Intervals that intersect [start, end), sorted, non-overlapping and unclipped, at the source's
   * own resolution; `pricePerMwh` in major units of `currency`. Published intervals have
   * confidence 1, forecasts 0.5 [decision:market-forecast]. Empty when nothing is known.
   */
  prices: MarketPrice[];
  /**
   * ISO 4217 major currency of the prices; for a live source without prices its region's currency,
   * or '' for an operator-defined one.
   */
  currency: string;
  /** When the prices used were last written (live) or published (test); null without prices. */
  lastUpdated: number | null;
  /** When these prices may next change: the next day-ahead publication (UTC epoch ms). */
  nextUpdate: number | null;
}

export interface MarketPriceQuery {
  /** A market source ID (`mrs_…`). */
  sourceId: string;
  liveMode: boolean;
  /** The window [start, end), UTC epoch ms. */
  start: number;
  end: number;
  /** IANA zone for a source Offpeak knows no zone for (an operator-defined one); default UTC. */
  timezone?: string | undefined;
  /** Test mode: the account whose market scenarios apply [decision:market-scenarios]. */
  accountId?: string | undefined;
}

function toMarketPrice(row: MarketPriceRecord): MarketPrice {
  const value = parseDecimal(row.value);
  if (value === null) throw new Error(`market_prices holds a non-decimal value: ${row.value}`);
  return {
    start: row.start.getTime(),
    end: row.end.getTime(),
    pricePerMwh: toPricePerMwh(value, row.unit, row.currency),
    confidence: 1,
  };
}

/**
 * What the store holds for one market source over a span: its latest row (live mode, or an
 * operator-defined source in test mode) and, in live mode, the rows overlapping the span and the
 * forecast's history before it. Read once per request and source; `marketSeriesOf` answers any
 * window inside the span from it without reading again.
 */
export interface MarketData {
  source: MarketSource;
  liveMode: boolean;
  /** The span the rows were read for, [start, end) UTC epoch ms. */
  start: number;
  end: number;
  latest: MarketPriceRecord | undefined;
  /** Live mode: the rows overlapping [start − forecast history, end), in start order. */
  rows: MarketPriceRecord[];
  /** Test mode: the account's scenarios of this source [decision:market-scenarios]; live: none. */
  scenarios: readonly MarketScenario[];
}

/**
 * Reads what `marketSeriesOf` needs for windows inside [start, end): at most two queries (the
 * latest row, then the rows of the span); in test mode, with `accountId`, the account's scenarios
 * of the source instead of the rows. Throws `source_id_invalid` for an ID that is not `mrs_…`.
 */
export async function loadMarketData(
  ctx: CoreContext,
  q: Pick<MarketPriceQuery, 'sourceId' | 'liveMode' | 'start' | 'end' | 'accountId'>,
): Promise<MarketData> {
  const source = describeMarketSource(checkMarketSourceId(q.sourceId));
  const data: MarketData = {
    source,
    liveMode: q.liveMode,
    start: q.start,
    end: q.end,
    latest: undefined,
    rows: [],
    scenarios: [],
  };
  if (!q.liveMode) {
    if (!source.known) data.latest = await selectLatestMarketPrice(ctx.db, source.id);
    if (q.accountId !== undefined) {
      data.scenarios = await loadMarketScenarios(ctx.db, q.accountId, source.id, q.start, ctx.caches);
    }
    return data;
  }
  data.latest = await selectLatestMarketPrice(ctx.db, source.id);
  if (!data.latest || q.end <= q.start) return data;
  data.rows = await selectMarketPricesOverlapping(
    ctx.db,
    source.id,
    new Date(q.start - MARKET_FORECAST_HISTORY_MS),
    new Date(q.end),
  );
  return data;
}

/**
 * The market prices of a source that intersect [start, end), from data read for a span that holds
 * the window. Live mode: the published intervals, and where none exists the forecast
 * [decision:market-forecast] (the most recent published value at the same local time of day,
 * confidence 0.5, up to 5 days after the last published interval). Test mode: the source's
 * simulated market as of `now` (published through 12:45 local of the day before, forecast beyond).
 * Pure: `now` is the server's time, read by the caller.
 */
export function marketSeriesOf(
  data: MarketData,
  q: Pick<MarketPriceQuery, 'start' | 'end' | 'timezone'>,
  now: number,
): MarketSeries {
  const { source, latest } = data;
  if (!data.liveMode) {
    const { market, currency } = simulatedMarketFor(source, {
      timeZone: q.timezone,
      currency: latest && majorCurrency(latest.currency),
    });
    const simulated = simulateMarketPrices(market, { start: q.start, end: q.end }, now, data.scenarios);
    return { ...simulated, currency };
  }

  const zone = source.timeZone ?? q.timezone ?? 'UTC';
  const nextUpdate = nextMarketUpdate(zone, now, latest ? latest.end.getTime() : null);
  const currency = latest ? majorCurrency(latest.currency) : (source.currency ?? '');
  if (!latest || q.end <= q.start) return { prices: [], currency, lastUpdated: null, nextUpdate };
  if (q.start < data.start || q.end > data.end) {
    throw new Error(`market data read for [${data.start}, ${data.end}) cannot answer [${q.start}, ${q.end})`);
  }
  // The rows this window reads: those overlapping [start − history, end), in start order.
  const from = q.start - MARKET_FORECAST_HISTORY_MS;
  const rows = data.rows.filter((r) => r.start.getTime() < q.end && r.end.getTime() > from);
  // Imports keep a source's rows disjoint; two concurrent imports of different resolutions could
  // still interleave, and the forecast needs disjoint input, so a row overlapping its predecessor
  // is skipped.
  const published: MarketPrice[] = [];
  for (const row of rows) {
    const price = toMarketPrice(row);
    const last = published[published.length - 1];
    if (!last || price.start >= last.end) published.push(price);
  }
  const prices = fillMarketForecast(published, { start: q.start, end: q.end }, zone);
  const lastUpdated =
    prices.length > 0 ? rows.reduce((latest, r) => Math.max(latest, r.updated_at.getTime()), 0) : null;
  return { prices, currency, lastUpdated, nextUpdate };
}

/**
 * The market prices of `sourceId` that intersect [start, end) (see `marketSeriesOf`), read and
 * answered at once; in test mode the simulated market runs as of `ctx.now(SERVER)`.
 * Throws `source_id_invalid` for an ID that is not `mrs_…`.
 */
export async function loadMarketPrices(ctx: CoreContext, q: MarketPriceQuery): Promise<MarketSeries> {
  const data = await loadMarketData(ctx, q);
  return marketSeriesOf(data, q, ctx.now(SERVER));
}
