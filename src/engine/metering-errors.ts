// Why meter records cannot be turned into energy or priced: data with a stable snake_case code
// (the documented validation code where there is one) and the 0-based position of the record.
// Engine errors know nothing of HTTP; the transport maps each code to its status.

export type MeteringErrorCode =
  /** A record's end is not after its start, or an instant is not a finite integer of ms. */
  | 'time_range_invalid'
  /** A value or an energy that is negative, not finite, or not a Decimal/Ratio. */
  | 'value_invalid'
  /** A unit outside `W`, `kW`, `Wh`, `kWh`. */
  | 'units_invalid'
  /** A record confidence outside 0–1. */
  | 'confidence_invalid';

/** Thrown for input the engine cannot meter or price; `index` is the record's input position. */
export class MeteringError extends Error {
  readonly code: MeteringErrorCode;
  readonly index: number;

  constructor(code: MeteringErrorCode, index: number, detail: string) {
    super(`records[${index}]: ${detail}`);
    this.name = 'MeteringError';
    this.code = code;
    this.index = index;
  }
}
