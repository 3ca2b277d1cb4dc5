import { priceRecords, RATIO_ZERO, type CombinedInterval } from '../../engine/index.ts';
import type { CoreContext, Scope } from '../context.ts';
import { counterFeed, energyRecords, monthStartAt } from '../costs/price-metered.ts';
import { computeLocationPrices, type LocationPrices, type PriceRequest } from './prices.ts';

/** One stretch of an audit: a price interval (or part of one) and the tier each part is on. */
export interface AuditStretch {
  start: number;
  end: number;
  interval: CombinedInterval;
  /** Index into `interval.commodity.tiers` / `interval.nonCommodity.tiers`; null without that part. */
  commodityTier: number | null;
  nonCommodityTier: number | null;
}

export interface LocationAudit extends LocationPrices {
  /** In time order, covering the window. */
  stretches: AuditStretch[];
}

/**
 * `/audits/prices`: the location's prices for the window, each instant at the tier the
 * location's metered energy of the local month has reached by then ([decision:audit-tiers]: the counter the cost
 * endpoints use, fed by the location's own records). The counter is read by pricing an empty
 * record over the window against those records: the engine cuts it wherever the price or the
 * tier changes, so each piece is one stretch of the audit.
 */
export async function auditLocationPrices(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  request: PriceRequest,
): Promise<LocationAudit> {
  const prices = await computeLocationPrices(ctx, scope, locationId, request);
  const { location } = prices;
  const feed = await counterFeed(
    ctx,
    scope,
    location,
    request.direction,
    monthStartAt(location, request.start),
    request.end,
  );
  const probe = { start: request.start, end: request.end, energyKwh: RATIO_ZERO, confidence: 1 };
  const priced = priceRecords([probe], prices.intervals, {
    timeZone: location.timezone,
    counterRecords: energyRecords(feed),
  });
  const stretches = priced.pieces.map((piece) => ({
    start: piece.start,
    end: piece.end,
    interval: piece.interval,
    commodityTier: piece.commodityTier,
    nonCommodityTier: piece.nonCommodityTier,
  }));
  return { ...prices, stretches };
}
