// The Tariff domain object and the engine's view of it: no I/O, so anything may depend on it.
import type {
  ScheduleEntryDefinition,
  TariffDefinition,
  TariffDirection,
  TariffType,
} from '../../engine/index.ts';

/**
 * A tariff of a location. Tariffs made through the API are `MANUAL`, not linked to an outside
 * source, and `CONNECTED`; their clock times are read in the location's zone.
 */
export interface Tariff {
  id: string;
  accountId: string;
  liveMode: boolean;
  locationId: string;
  /** The location's customer when the tariff was read, for event payloads. */
  customerId: string | null;
  direction: TariffDirection;
  type: TariffType;
  displayName: string | null;
  providerId: string | null;
  marketRates: boolean;
  marketRateSourceId: string | null;
  contractStart: number;
  contractEnd: number;
  schedule: ScheduleEntryDefinition[];
  timezone: string;
  connectionType: 'MANUAL';
  isLinked: false;
  status: 'CONNECTED';
  createdAt: number;
  updatedAt: number;
}

/** The engine's view of a tariff. */
export function toTariffDefinition(tariff: Tariff): TariffDefinition {
  return {
    direction: tariff.direction,
    type: tariff.type,
    timezone: tariff.timezone,
    market_rates: tariff.marketRates,
    contract_start_ms: tariff.contractStart,
    contract_end_ms: tariff.contractEnd,
    schedule: tariff.schedule,
  };
}
