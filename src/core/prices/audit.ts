import { priceRecords, RATIO_ZERO, type CombinedInterval } from '../../engine/index.ts';
import type { CoreContext, Scope } from '../context.ts';
import { loadPricingInputs, type PricingInputs } from '../pricing/load-pricing-inputs.ts';
import { energyRecords } from '../pricing/metered.ts';
import { priceLocation, type LocationPrices, type PriceRequest } from '../pricing/price-location.ts';
import { checkPriceWindow } from './prices.ts';

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
 * The audit of inputs read with the counter's records (pure): the prices of the window, each
 * instant at the tier the counter has reached by then. The counter is read by pricing an empty
 * record over the window against those records: the engine cuts it wherever the price or the
 * tier changes, so each piece is one stretch of the audit.
 */
export function auditPricingInputs(inputs: PricingInputs, request: PriceRequest): LocationAudit {
  const prices = priceLocation(inputs, request);
  const probe = { start: request.start, end: request.end, energyKwh: RATIO_ZERO, confidence: 1 };
  const priced = priceRecords([probe], prices.intervals, {
    timeZone: inputs.location.timezone,
    counterRecords: energyRecords(inputs.counterRecords),
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

/**
 * `/audits/prices`: the location's prices for the window, each instant at the tier the
 * location's metered energy of the local month has reached by then ([decision:audit-tiers]: the
 * counter the cost endpoints use, fed by the location's own records).
 */
export async function auditPrices(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  request: PriceRequest,
): Promise<LocationAudit> {
  checkPriceWindow(request);
  const inputs = await loadPricingInputs(ctx, scope, locationId, {
    counter: { direction: request.direction, from: request.start, to: request.end },
    spans: [request],
  });
  return auditPricingInputs(inputs, request);
}
