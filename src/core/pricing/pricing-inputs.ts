// What a pricing question has read, handed from the loader (load-pricing-inputs.ts) to the pure
// pricing (price-location.ts, price-metered.ts). Types only, so neither half depends on the other.
import type { MeterRecordForCost } from '../../store/meter-records.ts';
import type { Location } from '../locations/locations.ts';
import type { MarketData } from '../market-data/market-prices.ts';
import type { Tariff } from '../tariffs/tariff.ts';
import type { PricingCaches } from './pricing-caches.ts';

/** Everything a pricing question needs, read once. */
export interface PricingInputs {
  location: Location;
  /** The location's tariffs of the directions priced, oldest first. */
  tariffs: Tariff[];
  /** What the store holds for each market source a priced span uses, read for all of them. */
  markets: ReadonlyMap<string, MarketData>;
  /** The counter's records (see PricingQuestion.counter), in start order; empty when not asked. */
  counterRecords: MeterRecordForCost[];
  /** The time of the request: as the scope sees it, and the server's (market publication). */
  now: { scope: number; server: number };
  caches: PricingCaches;
}
