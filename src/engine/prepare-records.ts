// Input checks for `priceRecords`: records validated, energies made exact Ratios, time order.
import type { CombinedInterval } from './combine-series.ts';
import { isDecimal, pow10n } from './decimal.ts';
import { MeteringError } from './metering-errors.ts';
import { type ExactNumber, type Ratio, ratioOf } from './ratio.ts';

/** A record already turned into energy (`recordEnergyKwh`). */
export interface EnergyRecord {
  /** [start, end): UTC epoch ms, integers, start < end. */
  readonly start: number;
  readonly end: number;
  /** kWh metered over [start, end), ≥ 0, spread evenly over the interval [decision:energy-over-time]. */
  readonly energyKwh: ExactNumber;
  /** The record's own confidence, 0–1 (default 1); a piece's confidence is at most this [decision:confidence-minimum]. */
  readonly confidence?: number;
}

export interface PreparedRecords {
  /** Record positions in time order. */
  readonly order: number[];
  /** Energies as Ratios: decimals over one shared power of ten, so the counter adds them with
   * one bigint addition. */
  readonly energies: Ratio[];
  /** Their float values, for the counter's shadow. */
  readonly approx: Float64Array;
  /** True when two records share an instant (they are then priced side by side, [decision:overlapping-records]). */
  readonly overlapping: boolean;
}

function energyOf(record: EnergyRecord, index: number, common: bigint, places: number): Ratio {
  const e = record.energyKwh;
  let r: Ratio;
  if (isDecimal(e)) r = { n: e.scale === places ? e.units : e.units * pow10n(places - e.scale), d: common };
  else {
    try {
      r = ratioOf(e);
    } catch {
      throw new MeteringError('value_invalid', index, 'energyKwh must be a Decimal or a Ratio');
    }
  }
  if (r.n < 0n) throw new MeteringError('value_invalid', index, 'energyKwh must be ≥ 0');
  return r;
}

/** Validates records for `priceRecords` (MeteringError `time_range_invalid`, `confidence_invalid`,
 * `value_invalid`) and orders them in time. */
export function prepareRecords(records: readonly EnergyRecord[], prior: ExactNumber): PreparedRecords {
  let places = isDecimal(prior) ? prior.scale : 0;
  for (const r of records) if (isDecimal(r.energyKwh)) places = Math.max(places, r.energyKwh.scale);
  const common = pow10n(places);
  const energies: Ratio[] = [];
  const approx = new Float64Array(records.length);
  let sorted = true;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as EnergyRecord;
    if (!Number.isSafeInteger(r.start) || !Number.isSafeInteger(r.end) || r.end <= r.start) {
      throw new MeteringError('time_range_invalid', i, 'end must be after start, both integer ms');
    }
    const c = r.confidence;
    if (c !== undefined && !(typeof c === 'number' && c >= 0 && c <= 1)) {
      throw new MeteringError('confidence_invalid', i, 'confidence must be within 0–1');
    }
    const e = energyOf(r, i, common, places);
    energies.push(e);
    approx[i] = Number(e.n) / Number(e.d);
    if (i > 0 && (records[i - 1] as EnergyRecord).start > r.start) sorted = false;
  }
  const order = records.map((_, i) => i);
  if (!sorted) order.sort((a, b) => (records[a] as EnergyRecord).start - (records[b] as EnergyRecord).start);
  let overlapping = false;
  let reach = -Infinity;
  for (const i of order) {
    const r = records[i] as EnergyRecord;
    if (r.start < reach) overlapping = true;
    if (r.end > reach) reach = r.end;
  }
  return { order, energies, approx, overlapping };
}

/** Throws RangeError unless the series is sorted with non-empty, non-overlapping intervals. */
export function checkPriceSeries(series: readonly CombinedInterval[]): void {
  let previousEnd = -Infinity;
  series.forEach((iv, i) => {
    if (!(iv.start < iv.end && iv.start >= previousEnd)) {
      throw new RangeError(`price interval ${i} is empty, unsorted or overlaps the previous one`);
    }
    previousEnd = iv.end;
  });
}
