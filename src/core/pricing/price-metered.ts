// Metered amounts priced from inputs already read (no I/O): the location's price series where
// they need prices, tiers from the location's monthly counter [decision:tier-counter-records].
import {
  combineSeries,
  createPriceInterval,
  priceRecords,
  ZERO,
  type CombinedInterval,
  type PricedRecords,
  type TariffDirection,
  type TimeWindow,
} from '../../engine/index.ts';
import type { PricingInputs } from './pricing-inputs.ts';
import { energyRecords, pricedSpan, type Metered } from './metered.ts';
import { checkPricedSpan, priceLocation, PriceUnavailableError } from './price-location.ts';

/**
 * The series that prices metered energy of one direction over [start, end): the location's, or
 * for `LOCAL` energy at a location without a `LOCAL` tariff one free interval (self-consumed
 * energy costs nothing).
 */
function meteredSeries(
  inputs: PricingInputs,
  direction: TariffDirection,
  span: TimeWindow,
): CombinedInterval[] {
  checkPricedSpan(span);
  if (direction === 'LOCAL' && !inputs.tariffs.some((t) => t.direction === 'LOCAL')) {
    const free = { fromKwh: ZERO, toKwh: null, price: ZERO, fixed: ZERO, percentage: ZERO };
    return combineSeries([createPriceInterval(span.start, span.end, ZERO, 1, null, [free])], []);
  }
  return priceLocation(inputs, { ...span, direction }).intervals;
}

/**
 * Prices metered amounts of one tariff direction at the inputs' location: its price series where
 * they are priced (inside `window`, if given), tiers from the location's monthly counter, and
 * `no_price_data` where a price is missing. `counter` says what feeds the counter: `self` when
 * `records` are the location's own records from the start of the first one's local month (so they
 * feed it themselves), else the location-level records to count, from the start of the local
 * month of the first record priced. `LOCAL` energy at a location without a `LOCAL` tariff costs 0.
 */
export function priceMetered(
  inputs: PricingInputs,
  direction: TariffDirection,
  records: readonly Metered[],
  options: { window?: TimeWindow | undefined; counter: 'self' | readonly Metered[] },
): PricedRecords {
  const { window, counter } = options;
  const span = pricedSpan(records, window);
  const intervals = span.start < span.end ? meteredSeries(inputs, direction, span) : [];
  const priced = priceRecords(energyRecords(records), intervals, {
    timeZone: inputs.location.timezone,
    ...(window ? { window } : {}),
    ...(counter === 'self' ? {} : { counterRecords: energyRecords(counter) }),
  });
  if (priced.missing.length > 0) {
    const gap = priced.missing[0] as { start: number; end: number };
    throw new PriceUnavailableError(
      'no_price_data',
      `No price for part of the metered time, from ${new Date(gap.start).toISOString()} to ${new Date(gap.end).toISOString()}`,
    );
  }
  return priced;
}
