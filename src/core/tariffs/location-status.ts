// `GET /locations/{id}/status`: per tariff slot of a location, its status and the tariff that
// fills it now [decision:location-status-slots]. It reads a location and its tariffs, so it lives on the
// tariffs side: tariffs depend on locations, never the other way round.
import type { CoreContext, Scope } from '../context.ts';
import {
  retrieveLocation,
  type Location,
  type SlotStatus,
  type TariffStatus,
} from '../locations/locations.ts';
import { tariffForSlot, tariffsOfLocation, type Tariff } from './tariffs.ts';

export interface SlotDetail {
  status: SlotStatus;
  tariff?: Tariff;
}

export interface LocationStatus {
  location: Location;
  slots: Record<keyof TariffStatus, SlotDetail>;
}

export async function retrieveLocationStatus(
  ctx: CoreContext,
  scope: Scope,
  id: string,
): Promise<LocationStatus> {
  const location = await retrieveLocation(ctx, scope, id);
  const tariffs = await tariffsOfLocation(ctx.db, scope, location);
  const now = ctx.now(scope);
  const slot = (key: keyof TariffStatus, type: string, direction: string): SlotDetail => {
    const tariff = tariffForSlot(
      tariffs.filter((t) => t.type === type && t.direction === direction),
      now,
    );
    return { status: location.tariffStatus[key], ...(tariff ? { tariff } : {}) };
  };
  return {
    location,
    slots: {
      commodity_import: slot('commodity_import', 'COMMODITY', 'IMPORT'),
      commodity_export: slot('commodity_export', 'COMMODITY', 'EXPORT'),
      non_commodity_import: slot('non_commodity_import', 'NON_COMMODITY', 'IMPORT'),
      non_commodity_export: { status: 'NOT_SUPPORTED' },
      local: slot('local', 'COMMODITY', 'LOCAL'),
    },
  };
}
