// A location's price series for a window, computed from inputs already read (no I/O): each
// instant priced by the tariff whose contract covers it [decision:contract-selection], market
// tariffs from the market data read for the request, commodity and non-commodity combined.
import {
  combineSeries,
  coveredMs,
  expandTariff,
  localEpochDayOf,
  localToInstant,
  selectContracts,
  type CombinedInterval,
  type ContractPiece,
  type PriceInterval,
  type TariffDirection,
  type TimeWindow,
} from '../../engine/index.ts';
import { DomainError, ValidationError } from '../errors.ts';
import type { Location } from '../locations/locations.ts';
import { marketSeriesOf } from '../market-data/market-prices.ts';
import type { Tariff } from '../tariffs/tariffs.ts';
import type { PricingInputs } from './pricing-inputs.ts';

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

/** Refuses a span longer than MAX_PRICED_SPAN_MS with `time_range_invalid`. */
export function checkPricedSpan(span: TimeWindow): void {
  if (span.end - span.start > MAX_PRICED_SPAN_MS) {
    throw new ValidationError(
      'time_range_invalid',
      'Offpeak prices at most 10 years at once; the window or the records to price span more',
    );
  }
}

/** The tariffs of one direction and type, oldest first (as read). */
export const tariffsOf = (
  tariffs: readonly Tariff[],
  direction: TariffDirection,
  type: Tariff['type'],
): Tariff[] => tariffs.filter((t) => t.direction === direction && t.type === type);

/** [start, end) split into pieces, each priced by one of `tariffs` [decision:contract-selection]. */
export function contractPieces(tariffs: readonly Tariff[], window: TimeWindow): ContractPiece[] {
  return selectContracts(
    tariffs.map((t) => ({ key: t.id, start: t.contractStart, end: t.contractEnd, createdAt: t.createdAt })),
    window,
  );
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
function priceOneType(inputs: PricingInputs, tariffs: readonly Tariff[], window: TimeWindow): PartSeries {
  const { caches } = inputs;
  /** The location's currency: market prices in any other are not used (no conversion, [decision:no-currency-conversion]). */
  const currency = inputs.location.currencyCode;
  const part: PartSeries = { intervals: [], marketSources: new Set(), lastUpdated: 0, nextUpdate: null };
  const byId = new Map(tariffs.map((t) => [t.id, t]));
  for (const piece of contractPieces(tariffs, window)) {
    const tariff = byId.get(piece.key) as Tariff;
    part.lastUpdated = Math.max(part.lastUpdated, tariff.updatedAt);
    const options = { confidence: piece.confidence, clipToContract: false };
    if (!tariff.marketRates) {
      appendAll(part.intervals, expandTariff(caches.compiledTariff(tariff), piece, options));
      continue;
    }
    if (tariff.marketRateSourceId === null) {
      throw new PriceUnavailableError(
        'no_price_data',
        'The location address does not map to a market region, so a market tariff has no prices',
      );
    }
    const data = inputs.markets.get(tariff.marketRateSourceId);
    if (!data) throw new Error(`market data of ${tariff.marketRateSourceId} was not read for this request`);
    const market = marketSeriesOf(
      data,
      { start: piece.start, end: piece.end, timezone: tariff.timezone },
      // the simulated market of test mode publishes on the account's test clock [decision:test-clocks]
      data.liveMode ? inputs.now.server : inputs.now.scope,
    );
    if (market.prices.length > 0 && market.currency !== currency) {
      throw new PriceUnavailableError(
        'no_price_data',
        `Market prices from ${tariff.marketRateSourceId} are in ${market.currency}, the location's currency is ` +
          `${currency ?? 'unknown'}, and Offpeak does not convert currencies`,
      );
    }
    const series = expandTariff(caches.compiledTariff(tariff), piece, {
      ...options,
      market: market.prices,
      ladders: caches.ladders,
    });
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
 * The price series of the location for one direction over [start, end): commodity plus
 * non-commodity tariffs, each instant priced by the tariff whose contract covers it
 * [decision:contract-selection], exact until the caller rounds. At most MAX_PRICED_SPAN_MS: the cost
 * endpoints price whole years. Throws `no_tariff_connected` without a tariff of the direction.
 */
export function priceLocation(inputs: PricingInputs, request: PriceRequest): LocationPrices {
  checkPricedSpan(request);
  const { location } = inputs;
  if (!inputs.tariffs.some((t) => t.direction === request.direction)) {
    throw new PriceUnavailableError(
      'no_tariff_connected',
      `The location has no ${request.direction} tariff connected`,
    );
  }
  const window = { start: request.start, end: request.end };
  const commodity = priceOneType(inputs, tariffsOf(inputs.tariffs, request.direction, 'COMMODITY'), window);
  const nonCommodity = priceOneType(
    inputs,
    tariffsOf(inputs.tariffs, request.direction, 'NON_COMMODITY'),
    window,
  );
  const fallback = nextLocalElevenPm(location.timezone, inputs.now.scope);
  const nextUpdates = [commodity.nextUpdate, nonCommodity.nextUpdate].filter((v): v is number => v !== null);
  return {
    location,
    intervals: combineSeries(commodity.intervals, nonCommodity.intervals),
    marketSources: [...new Set([...commodity.marketSources, ...nonCommodity.marketSources])],
    lastUpdated: Math.max(commodity.lastUpdated, nonCommodity.lastUpdated),
    nextUpdate: nextUpdates.length > 0 ? Math.min(...nextUpdates) : fallback,
  };
}
