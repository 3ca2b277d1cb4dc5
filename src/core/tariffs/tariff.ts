// The Tariff domain object and the engine's view of it: no I/O, so anything may depend on it.
import type {
  ScheduleEntryDefinition,
  TariffDefinition,
  TariffDirection,
  TariffType,
} from '../../engine/index.ts';
import type { ConnectionType } from '../catalogue/connection-type.ts';

/**
 * A tariff of a location, `CONNECTED`; its clock times are read in the location's zone. Tariffs
 * made through the API are `MANUAL` and not linked; Connect makes `DIRECT`, `LIBRARY` and `MARKET`
 * ones, linked (`isLinked`) when they follow the library tariff `libraryTariffId`.
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
  connectionType: ConnectionType;
  isLinked: boolean;
  libraryTariffId: string | null;
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
