import {
  combineSeries,
  compileTariff,
  coveredMs,
  expandTariff,
  localEpochDayOf,
  localToInstant,
  MarketLadders,
  selectContracts,
  type CombinedInterval,
  type CompiledTariff,
  type PriceInterval,
  type TariffDirection,
} from '../../engine/index.ts';
import type { CoreContext, Scope } from '../context.ts';
import { DomainError, ValidationError } from '../errors.ts';
import { checkTimeWindow } from '../time-window.ts';
import { retrieveLocation, type Location } from '../locations/locations.ts';
import { loadMarketPrices } from '../market-data/market-prices.ts';
import { tariffsOfLocation, toTariffDefinition, type Tariff } from '../tariffs/tariffs.ts';

/** The longest window of one price or audit request [decision:request-windows]. */
export const MAX_PRICE_WINDOW_MS = 90 * 86_400_000;
/**
 * The longest span priced at once, whatever asks (a cost report, a session, an instant record):
 * the work grows with the span, and a record of ten thousand years would hold a node for minutes.
 */
export const MAX_PRICED_SPAN_MS = 3_653 * 86_400_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface PriceRequest {
  start: number;
  end: number;
  direction: TariffDirection;
}

/** A location's prices for one direction: both tariff parts per interval, and freshness. */
export interface LocationPrices {
  location: Location;
  intervals: CombinedInterval[];
  /** `mrs_…` regions whose market prices were used. */
  marketSources: string[];
  /** When the inputs last changed (tariff updates, market publications), UTC epoch ms. */
  lastUpdated: number;
  /** When the prices may next change, UTC epoch ms. */
  nextUpdate: number;
}

export class PriceUnavailableError extends DomainError {
  constructor(code: 'no_tariff_connected' | 'no_price_data' | 'pending_connect', message: string) {
    super('unprocessable', code, message);
  }
}

export function checkPriceWindow(request: { start: number; end: number }): void {
  checkTimeWindow(request, MAX_PRICE_WINDOW_MS);
}

/** Market ladders shared by every request of this process (bounded: ~300 bytes a ladder). */
const ladders = new MarketLadders(200_000);

// Compiling is the costly part of a tariff; a tariff changes only through an update.
const compiled = new Map<string, CompiledTariff>();
function compiledOf(tariff: Tariff): CompiledTariff {
  const key = `${tariff.id}@${tariff.updatedAt}`;
  let result = compiled.get(key);
  if (!result) {
    if (compiled.size > 5_000) compiled.clear();
    result = compileTariff(toTariffDefinition(tariff));
    compiled.set(key, result);
  }
  return result;
}

/** 23:00 local time next, the documented fallback for when prices may change [decision:next-update]. */
function nextLocalElevenPm(zone: string, now: number): number {
  const today = localEpochDayOf(zone, now);
  const tonight = localToInstant(zone, today * DAY_MS + 23 * HOUR_MS);
  return tonight > now ? tonight : localToInstant(zone, (today + 1) * DAY_MS + 23 * HOUR_MS);
}

interface PartSeries {
  intervals: PriceInterval[];
  marketSources: Set<string>;
  lastUpdated: number;
  nextUpdate: number | null;
}

/** push(...items) passes every item as an argument, and a decade of quarter-hours overflows the stack. */
function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** The series of one tariff type: each instant priced by the tariff that [decision:contract-selection] assigns it. */
async function priceOneType(
  ctx: CoreContext,
  tariffs: readonly Tariff[],
  window: { start: number; end: number },
  liveMode: boolean,
  /** The location's currency: market prices in any other are not used (no conversion, [decision:no-currency-conversion]). */
  currency: string | null,
): Promise<PartSeries> {
  const part: PartSeries = { intervals: [], marketSources: new Set(), lastUpdated: 0, nextUpdate: null };
  const byId = new Map(tariffs.map((t) => [t.id, t]));
  const pieces = selectContracts(
    tariffs.map((t) => ({ key: t.id, start: t.contractStart, end: t.contractEnd, createdAt: t.createdAt })),
    window,
  );
  for (const piece of pieces) {
    const tariff = byId.get(piece.key) as Tariff;
    part.lastUpdated = Math.max(part.lastUpdated, tariff.updatedAt);
    const options = { confidence: piece.confidence, clipToContract: false };
    if (!tariff.marketRates) {
      appendAll(part.intervals, expandTariff(compiledOf(tariff), piece, options));
      continue;
    }
    if (tariff.marketRateSourceId === null) {
      throw new PriceUnavailableError(
        'no_price_data',
        'The location address does not map to a market region, so a market tariff has no prices',
      );
    }
    const market = await loadMarketPrices(ctx, {
      sourceId: tariff.marketRateSourceId,
      liveMode,
      start: piece.start,
      end: piece.end,
      timezone: tariff.timezone,
    });
    if (market.prices.length > 0 && market.currency !== currency) {
      throw new PriceUnavailableError(
        'no_price_data',
        `Market prices from ${tariff.marketRateSourceId} are in ${market.currency}, the location's currency is ` +
          `${currency ?? 'unknown'}, and Offpeak does not convert currencies`,
      );
    }
    const series = expandTariff(compiledOf(tariff), piece, { ...options, market: market.prices, ladders });
    if (coveredMs(series, piece.start, piece.end) !== piece.end - piece.start) {
      throw new PriceUnavailableError(
        'no_price_data',
        `No market prices from ${tariff.marketRateSourceId} for part of the requested window`,
      );
    }
    appendAll(part.intervals, series);
    part.marketSources.add(tariff.marketRateSourceId);
    if (market.lastUpdated !== null) part.lastUpdated = Math.max(part.lastUpdated, market.lastUpdated);
    if (market.nextUpdate !== null) {
      part.nextUpdate =
        part.nextUpdate === null ? market.nextUpdate : Math.min(part.nextUpdate, market.nextUpdate);
    }
  }
  return part;
}

/**
 * The price series of a location for one direction over [start, end): commodity plus
 * non-commodity tariffs, each instant priced by the tariff whose contract covers it
 * [decision:contract-selection], exact until the caller rounds. At most MAX_PRICED_SPAN_MS: the cost
 * endpoints price whole years.
 */
export async function priceLocationSeries(
  ctx: CoreContext,
  scope: Scope,
  location: Location,
  request: PriceRequest,
): Promise<LocationPrices> {
  if (request.end - request.start > MAX_PRICED_SPAN_MS) {
    throw new ValidationError(
      'time_range_invalid',
      'Offpeak prices at most 10 years at once; the window or the records to price span more',
    );
  }
  const tariffs = await tariffsOfLocation(ctx.db, scope, location, request.direction);
  if (tariffs.length === 0) {
    throw new PriceUnavailableError(
      'no_tariff_connected',
      `The location has no ${request.direction} tariff connected`,
    );
  }
  const window = { start: request.start, end: request.end };
  const commodity = await priceOneType(
    ctx,
    tariffs.filter((t) => t.type === 'COMMODITY'),
    window,
    scope.liveMode,
    location.currencyCode,
  );
  const nonCommodity = await priceOneType(
    ctx,
    tariffs.filter((t) => t.type === 'NON_COMMODITY'),
    window,
    scope.liveMode,
    location.currencyCode,
  );
  const now = ctx.now(scope);
  const fallback = nextLocalElevenPm(location.timezone, now);
  const nextUpdates = [commodity.nextUpdate, nonCommodity.nextUpdate].filter((v): v is number => v !== null);
  return {
    location,
    intervals: combineSeries(commodity.intervals, nonCommodity.intervals),
    marketSources: [...new Set([...commodity.marketSources, ...nonCommodity.marketSources])],
    lastUpdated: Math.max(commodity.lastUpdated, nonCommodity.lastUpdated),
    nextUpdate: nextUpdates.length > 0 ? Math.min(...nextUpdates) : fallback,
  };
}

/** `/prices` and `/audits/prices`: a window of at most 90 days at a location of this scope. */
export async function computeLocationPrices(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  request: PriceRequest,
): Promise<LocationPrices> {
  checkPriceWindow(request);
  const location = await retrieveLocation(ctx, scope, locationId);
  return priceLocationSeries(ctx, scope, location, request);
}
