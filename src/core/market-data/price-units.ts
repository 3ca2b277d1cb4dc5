// Market prices are stored as published (per MWh or per kWh, in major or minor currency units)
// and read as the engine wants them: major currency units per MWh [decision:market-price-formula]. Every step is exact.
import { shiftDecimal, type Decimal } from '../../engine/decimal.ts';

/** Currency codes of minor units that feeds publish in, with their major unit and its exponent. */
const MINOR_UNITS: Readonly<Record<string, { major: string; exponent: number }>> = {
  GBX: { major: 'GBP', exponent: 2 }, // pence sterling (Octopus publishes p/kWh)
};

/** The major currency of a stored currency code (`GBX` → `GBP`; ISO 4217 codes are themselves). */
export function majorCurrency(currency: string): string {
  return MINOR_UNITS[currency]?.major ?? currency;
}

/**
 * A value as published, `currency` per `unit`, in major units of `majorCurrency(currency)` per
 * MWh: × 1000 for kWh, ÷ 100 for pence (13.73 GBX/kWh → 137.3 GBP/MWh). Exact.
 */
export function toPricePerMwh(value: Decimal, unit: string, currency: string): Decimal {
  const unitExponent = unit === 'kWh' ? 3 : unit === 'MWh' ? 0 : undefined;
  if (unitExponent === undefined) throw new RangeError(`unknown energy unit ${unit}`);
  return shiftDecimal(value, unitExponent - (MINOR_UNITS[currency]?.exponent ?? 0));
}
