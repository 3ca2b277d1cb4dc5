// Cumulative register reads → interval records [decision:cumulative-reads].
import {
  type Decimal,
  type DecimalInput,
  compareDecimals,
  readDecimal,
  shiftDecimal,
  subtractDecimals,
} from './decimal.ts';

/** One register read: the meter's cumulative total at an instant. */
export interface RegisterRead {
  /** UTC epoch ms, an integer (the API's epoch seconds × 1000). */
  readonly time: number;
  /** The cumulative register value in the batch's unit, ≥ 0. */
  readonly value: DecimalInput;
}

export type RegisterUnit = 'Wh' | 'kWh';

export interface RegisterReadOptions {
  readonly unit: RegisterUnit;
  /** The last stored read of the same series (owner, directions, session); the batch's first
   * read pairs with it when it is earlier than that read. Its value is in `unit` too. */
  readonly previous?: RegisterRead;
  /** What a read lower than the one before means: `fail` (default: the read is a failed
   * record) or `reset` (the register restarted from 0 in between: the interval gets the new
   * value as its energy). Either way the series continues from that read. */
  readonly onDecrease?: 'fail' | 'reset';
  /** Intervals longer than this (ms) are flagged `gap: true`; default: none flagged. */
  readonly maxGapMs?: number;
}

/** The energy between two consecutive reads: [start, end) UTC epoch ms. */
export interface ReadInterval {
  readonly start: number;
  readonly end: number;
  /** kWh, exact; spread evenly over [start, end) when priced [decision:energy-over-time]. */
  readonly energyKwh: Decimal;
  /** Input positions of the reads at start and end; −1 is `previous`. */
  readonly fromIndex: number;
  readonly toIndex: number;
  /** The register went down and `onDecrease` is `reset`: energy is the end read's value. */
  readonly reset: boolean;
  /** Longer than `maxGapMs`: still one interval, energy spread evenly over all of it. */
  readonly gap: boolean;
}

export type RegisterReadFailure = 'time_invalid' | 'value_invalid' | 'duplicate_time' | 'register_decreased';

/** A read that produced no interval and is reported in `failed_records`. */
export interface FailedRead {
  readonly index: number;
  readonly code: RegisterReadFailure;
  readonly message: string;
}

export interface ConvertedReads {
  /** In time order, touching where consecutive reads are valid. */
  readonly intervals: ReadInterval[];
  /** By input position. */
  readonly failed: FailedRead[];
  /** The latest read known, this batch's or `previous` (index −1): the next batch's `previous`,
   * value in kWh; null if none. */
  readonly last: { readonly time: number; readonly valueKwh: Decimal; readonly index: number } | null;
}

interface Read {
  readonly time: number;
  readonly kwh: Decimal;
  readonly index: number;
}

/**
 * Turns register reads into interval records. Rules [decision:cumulative-reads]:
 *
 * - Reads are sorted by time (input order need not be; ties keep input order).
 * - Each consecutive pair (t₁, v₁), (t₂, v₂) gives the interval [t₁, t₂) with energy v₂ − v₁
 *   (÷ 1000 for `Wh`).
 * - The first read pairs with `previous` when `previous` is earlier; otherwise it is the series'
 *   starting point and gives no interval.
 * - A later read at the time of an earlier one: `duplicate_time`, the first in input order is kept.
 * - A read below the one before (reset or rollover): by `onDecrease`, `register_decreased`
 *   (default) or a `reset` interval with energy v₂; the series continues from that read.
 * - Reads far apart still give one interval (energy spread evenly over it), flagged `gap` when
 *   longer than `maxGapMs`. An unchanged register gives an interval with 0 kWh.
 * - A time that is not an integer of ms, or a value that is negative or not finite: failed.
 */
export function registerReadsToIntervals(
  reads: readonly RegisterRead[],
  options: RegisterReadOptions,
): ConvertedReads {
  const toKwh = (value: Decimal): Decimal => (options.unit === 'Wh' ? shiftDecimal(value, -3) : value);
  const failed: FailedRead[] = [];
  const valid: Read[] = [];
  reads.forEach((read, index) => {
    const value = readDecimal(read.value);
    if (!Number.isSafeInteger(read.time)) {
      failed.push({ index, code: 'time_invalid', message: `data[${index}].time must be an integer instant` });
    } else if (value === null || value.units < 0n) {
      failed.push({ index, code: 'value_invalid', message: `data[${index}].value must be a number ≥ 0` });
    } else valid.push({ time: read.time, kwh: toKwh(value), index });
  });
  valid.sort((a, b) => a.time - b.time || a.index - b.index);

  const previousValue = options.previous ? readDecimal(options.previous.value) : null;
  let base: Read | null = null;
  const first = valid[0];
  if (
    options.previous &&
    !(previousValue && previousValue.units >= 0n && Number.isSafeInteger(options.previous.time))
  ) {
    throw new RangeError('previous must be a read with an integer time and a value ≥ 0');
  }
  const previous =
    options.previous && previousValue
      ? { time: options.previous.time, kwh: toKwh(previousValue), index: -1 }
      : null;
  if (previous && (!first || previous.time < first.time)) base = previous;

  const intervals: ReadInterval[] = [];
  const maxGap = options.maxGapMs ?? Infinity;
  for (const read of valid) {
    if (base && read.time === base.time) {
      failed.push({
        index: read.index,
        code: 'duplicate_time',
        message: `data[${read.index}].time repeats the time of an earlier read`,
      });
      continue;
    }
    if (base) {
      const down = compareDecimals(read.kwh, base.kwh) < 0;
      if (down && options.onDecrease !== 'reset') {
        failed.push({
          index: read.index,
          code: 'register_decreased',
          message: `data[${read.index}].value is below the previous read: register reset or rolled over`,
        });
      } else {
        intervals.push({
          start: base.time,
          end: read.time,
          energyKwh: down ? read.kwh : subtractDecimals(read.kwh, base.kwh),
          fromIndex: base.index,
          toIndex: read.index,
          reset: down,
          gap: read.time - base.time > maxGap,
        });
      }
    }
    base = read;
  }
  failed.sort((a, b) => a.index - b.index);
  const latest = previous && (!base || previous.time > base.time) ? previous : base;
  return {
    intervals,
    failed,
    last: latest ? { time: latest.time, valueKwh: latest.kwh, index: latest.index } : null,
  };
}
