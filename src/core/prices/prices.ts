import type { CoreContext, Scope } from '../context.ts';
import type { Location } from '../locations/locations.ts';
import { checkTimeWindow } from '../time-window.ts';
import { loadPricingInputs, loadPricingInputsAt } from '../pricing/load-pricing-inputs.ts';
import {
  priceLocation,
  PriceUnavailableError,
  type LocationPrices,
  type PriceRequest,
} from '../pricing/price-location.ts';
import { selectPendingConnections } from '../../store/connect-connections.ts';

export {
  MAX_PRICED_SPAN_MS,
  PriceUnavailableError,
  type LocationPrices,
  type PriceRequest,
} from '../pricing/price-location.ts';

/** The longest window of one price or audit request [decision:request-windows]. */
export const MAX_PRICE_WINDOW_MS = 90 * 86_400_000;

export function checkPriceWindow(request: { start: number; end: number }): void {
  checkTimeWindow(request, MAX_PRICE_WINDOW_MS);
}

/** The message of `422 pending_connect` (also what a forced one says, [decision:forced-errors]). */
export const PENDING_CONNECT_MESSAGE =
  'Connect is processing link to tariff source; prices follow once the provider answers';

/** `/prices`: a window of at most 90 days at a location of this scope. */
export async function retrievePrices(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  request: PriceRequest,
): Promise<LocationPrices> {
  checkPriceWindow(request);
  const inputs = await loadPricingInputs(ctx, scope, locationId, { spans: [request] });
  try {
    return priceLocation(inputs, request);
  } catch (error) {
    // no tariff yet because a Connect session's DIRECT connection is still pending
    // [decision:connect-pending-connections]
    if (error instanceof PriceUnavailableError && error.code === 'no_tariff_connected') {
      const pending = await selectPendingConnections(ctx.db, scope, [locationId]);
      if (pending.some((row) => row.direction === request.direction)) {
        throw new PriceUnavailableError('pending_connect', PENDING_CONNECT_MESSAGE);
      }
    }
    throw error;
  }
}

/**
 * The price series of a location already read, over any span up to MAX_PRICED_SPAN_MS: read
 * its inputs, then price them (see priceLocation).
 */
export async function priceLocationSeries(
  ctx: CoreContext,
  scope: Scope,
  location: Location,
  request: PriceRequest,
): Promise<LocationPrices> {
  return priceLocation(await loadPricingInputsAt(ctx, scope, location, { spans: [request] }), request);
}
