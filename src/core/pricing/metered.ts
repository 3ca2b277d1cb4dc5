// Metered amounts as pricing sees them: exact energies, the span that needs prices and the start of
// the tier counter's month. Pure.
import {
  civilFromEpochDay,
  localEpochDayOf,
  recordEnergyKwh,
  startOfLocalMonth,
  type EnergyRecord,
  type EnergyUnit,
  type Ratio,
  type TimeWindow,
} from '../../engine/index.ts';
import type { Location } from '../locations/locations.ts';

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
export function monthStartAt(location: Pick<Location, 'timezone'>, t: number): number {
  const { year, month } = civilFromEpochDay(localEpochDayOf(location.timezone, t));
  return startOfLocalMonth(location.timezone, year, month);
}
