// The energy of one meter record [decision:energy-over-time], exact.
import { HOUR_MS } from './calendar.ts';
import { type DecimalInput, pow10n, readDecimal } from './decimal.ts';
import { MeteringError } from './metering-errors.ts';
import type { Ratio } from './ratio.ts';

/** Units of a meter record: power (`W`, `kW`, constant over the record) or energy (`Wh`, `kWh`).
 * The wire spells them `W`, `KW`, `WH`, `KWH`; the API layer's converter maps them. */
export type EnergyUnit = 'W' | 'kW' | 'Wh' | 'kWh';

/** A meter record as metered: [start, end) in UTC epoch ms (integers), a value ≥ 0 in `unit`. */
export interface MeterValue {
  readonly value: DecimalInput;
  readonly unit: EnergyUnit;
  readonly start: number;
  readonly end: number;
}

const MS_PER_HOUR = BigInt(HOUR_MS);

/**
 * The record's energy in kWh, exact:
 * - `kWh`: the value; `Wh`: value / 1000;
 * - `W`, `kW`: an average power over [start, end), so energy = power × duration:
 *   `W` × ms / 3 600 000 000, `kW` × ms / 3 600 000.
 *
 * The result is a Ratio because a power times a duration is not always a terminating decimal
 * (1 W for 1 s = 1/3 600 000 kWh); `ratioToDecimal` gives the Decimal when there is one, and
 * `roundRatio(shiftRatio(e, 3), 0)` the integer Wh the API writes [decision:energy-rounding].
 * Throws MeteringError `time_range_invalid` (end ≤ start, non-integer ms), `value_invalid`
 * (negative or not finite) or `units_invalid`; `index` is reported as the record position.
 */
export function recordEnergyKwh(record: MeterValue, index = 0): Ratio {
  const { start, end, unit } = record;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end <= start) {
    throw new MeteringError('time_range_invalid', index, 'end_time must be after start_time');
  }
  const value = readDecimal(record.value);
  if (value === null || value.units < 0n) {
    throw new MeteringError('value_invalid', index, 'value must be a finite number ≥ 0');
  }
  const n = value.units;
  const d = pow10n(value.scale);
  const ms = BigInt(end - start);
  switch (unit) {
    case 'kWh':
      return { n, d };
    case 'Wh':
      return { n, d: d * 1000n };
    case 'kW':
      return { n: n * ms, d: d * MS_PER_HOUR };
    case 'W':
      return { n: n * ms, d: d * MS_PER_HOUR * 1000n };
    default:
      throw new MeteringError('units_invalid', index, `units must be W, kW, Wh or kWh, got ${String(unit)}`);
  }
}
