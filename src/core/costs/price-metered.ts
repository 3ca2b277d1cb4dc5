import {
  combineSeries,
  createPriceInterval,
  MeteringError,
  priceRecords,
  RatioSum,
  recordEnergyKwh,
  startOfLocalMonth,
  civilFromEpochDay,
  localEpochDayOf,
  ZERO,
  type EnergyUnit,
  type PricedRecords,
  type Ratio,
  type TariffDirection,
  type TimeWindow,
} from '../../engine/index.ts';
import { selectMeterRecordsInWindow } from '../../store/meter-records.ts';
import type { CoreContext, Scope } from '../context.ts';
import { DomainError } from '../errors.ts';
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

/** kWh of a metered amount, exact (D13: power × duration). */
export function energyOf(record: Metered, index = 0): Ratio {
  return recordEnergyKwh(
    { value: record.value, unit: ENGINE_UNIT[record.units], start: record.start, end: record.end },
    index,
  );
}

/** Two records of one flow overlap: the monthly tier counter needs one flow at a time. */
export class RecordsOverlapError extends DomainError {
  constructor(detail: string) {
    super(
      'unprocessable',
      'records_overlap',
      `Meter records overlap in time, so tiers cannot be applied: ${detail}`,
    );
  }
}

/** kWh metered by an owner in one direction from its local month's start until `before` (D10, Q13). */
async function monthEnergyBefore(
  ctx: CoreContext,
  scope: Scope,
  ownerId: string,
  direction: TariffDirection,
  zone: string,
  before: number,
): Promise<Ratio> {
  const { year, month } = civilFromEpochDay(localEpochDayOf(zone, before));
  const monthStart = startOfLocalMonth(zone, year, month);
  if (monthStart >= before) return { n: 0n, d: 1n };
  const rows = await selectMeterRecordsInWindow(ctx.db, scope, {
    ownerId,
    tariffDirection: direction,
    start: new Date(monthStart),
    end: new Date(before),
  });
  const sum = new RatioSum();
  for (const row of rows) if (row.start >= monthStart && row.end <= before) sum.add(energyOf(row));
  return sum.value();
}

/**
 * Prices metered amounts of one owner, one flow and one tariff direction at a location:
 * the location's price series over the records' span (no window limit), tiers counted from the
 * energy the owner already metered that month, and `no_price_data` where a price is missing.
 * `LOCAL` energy at a location without a `LOCAL` tariff costs 0.
 */
export async function priceMetered(
  ctx: CoreContext,
  scope: Scope,
  location: Location,
  ownerId: string,
  direction: TariffDirection,
  records: readonly Metered[],
  window?: TimeWindow,
): Promise<PricedRecords> {
  const start = Math.min(...records.map((r) => r.start), window?.start ?? Infinity);
  const end = Math.max(...records.map((r) => r.end), window?.end ?? -Infinity);
  let intervals;
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
  const first = Math.min(...records.map((r) => r.start));
  const prior = await monthEnergyBefore(ctx, scope, ownerId, direction, location.timezone, first);
  let priced: PricedRecords;
  try {
    priced = priceRecords(
      records.map((r, i) => ({
        start: r.start,
        end: r.end,
        energyKwh: energyOf(r, i),
        confidence: r.confidence,
      })),
      intervals,
      { timeZone: location.timezone, priorMonthEnergyKwh: prior, ...(window ? { window } : {}) },
    );
  } catch (error) {
    if (error instanceof MeteringError && error.code === 'records_overlap')
      throw new RecordsOverlapError(error.message);
    throw error;
  }
  if (priced.missing.length > 0) {
    const gap = priced.missing[0] as { start: number; end: number };
    throw new PriceUnavailableError(
      'no_price_data',
      `No price for part of the metered time, from ${new Date(gap.start).toISOString()} to ${new Date(gap.end).toISOString()}`,
    );
  }
  return priced;
}
