import {
  combineSeries,
  createPriceInterval,
  priceRecords,
  recordEnergyKwh,
  startOfLocalMonth,
  civilFromEpochDay,
  localEpochDayOf,
  ZERO,
  type EnergyRecord,
  type EnergyUnit,
  type PricedRecords,
  type Ratio,
  type TariffDirection,
  type TimeWindow,
} from '../../engine/index.ts';
import { selectMeterRecordsInWindow, type MeterRecordForCost } from '../../store/meter-records.ts';
import type { CoreContext, Scope } from '../context.ts';
import type { Location } from '../locations/locations.ts';
import { priceLocationSeries, PriceUnavailableError } from '../prices/prices.ts';

/** A metered amount as stored: value in units over [start, end) (a stored record is one). */
export interface Metered {
  units: 'W' | 'KW' | 'WH' | 'KWH';
  value: string;
  start: number;
  end: number;
  confidence: number;
}

const ENGINE_UNIT: Record<Metered['units'], EnergyUnit> = { W: 'W', KW: 'kW', WH: 'Wh', KWH: 'kWh' };

/** kWh of a metered amount, exact (power × duration, [decision:energy-over-time]). */
export function energyOf(record: Metered, index = 0): Ratio {
  return recordEnergyKwh(
    { value: record.value, unit: ENGINE_UNIT[record.units], start: record.start, end: record.end },
    index,
  );
}

/** Metered amounts as the engine prices them. */
export const energyRecords = (records: readonly Metered[]): EnergyRecord[] =>
  records.map((r, i) => ({
    start: r.start,
    end: r.end,
    energyKwh: energyOf(r, i),
    confidence: r.confidence,
  }));

/** Where records need prices: from the first start to the last end, within `window` if given. */
export function pricedSpan(records: readonly Metered[], window?: TimeWindow): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const r of records) {
    start = Math.min(start, r.start);
    end = Math.max(end, r.end);
  }
  return window ? { start: Math.max(start, window.start), end: Math.min(end, window.end) } : { start, end };
}

/** The start of the local calendar month [decision:tier-counter] that holds `t` at a location. */
export function monthStartAt(location: Location, t: number): number {
  const { year, month } = civilFromEpochDay(localEpochDayOf(location.timezone, t));
  return startOfLocalMonth(location.timezone, year, month);
}

/**
 * The records that feed a location's tier counter for one direction [decision:tier-counter-records]: its
 * location-level records (not its devices'), here those that overlap [from, to).
 */
export async function counterFeed(
  ctx: CoreContext,
  scope: Scope,
  location: Location,
  direction: TariffDirection,
  from: number,
  to: number,
): Promise<MeterRecordForCost[]> {
  return selectMeterRecordsInWindow(ctx.db, scope, {
    ownerId: location.id,
    tariffDirection: direction,
    start: new Date(from),
    end: new Date(to),
  });
}

/**
 * Prices metered amounts of one tariff direction at a location: the location's price series
 * where they are priced (inside `window`, if given), tiers from the location's monthly counter,
 * and `no_price_data` where a price is missing. `counter` says what feeds the counter: `self`
 * when `records` are the location's own records from the start of the first one's local month
 * (so they feed it themselves), else the location-level records to count (see `counterFeed`),
 * from the start of the local month of the first record priced. `LOCAL` energy at a location
 * without a `LOCAL` tariff costs 0.
 */
export async function priceMetered(
  ctx: CoreContext,
  scope: Scope,
  location: Location,
  direction: TariffDirection,
  records: readonly Metered[],
  options: { window?: TimeWindow | undefined; counter: 'self' | readonly Metered[] },
): Promise<PricedRecords> {
  const { window, counter } = options;
  const { start, end } = pricedSpan(records, window);
  let intervals: Parameters<typeof priceRecords>[1] = [];
  if (start < end) {
    try {
      intervals = (await priceLocationSeries(ctx, scope, location, { start, end, direction })).intervals;
    } catch (error) {
      if (!(
        direction === 'LOCAL' &&
        error instanceof PriceUnavailableError &&
        error.code === 'no_tariff_connected'
      )) {
        throw error;
      }
      const free = { fromKwh: ZERO, toKwh: null, price: ZERO, fixed: ZERO, percentage: ZERO };
      intervals = combineSeries([createPriceInterval(start, end, ZERO, 1, null, [free])], []);
    }
  }
  const priced = priceRecords(energyRecords(records), intervals, {
    timeZone: location.timezone,
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
