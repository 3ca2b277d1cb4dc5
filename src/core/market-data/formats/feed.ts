// What every price-feed parser returns, and the small readers they share. Parsers are pure: text
// in, ParsedFeed out, no I/O; bad input is a ValidationError (`feed_invalid`, `feed_empty`, …).
import { parseDecimal, type Decimal } from '../../../engine/decimal.ts';
import { ValidationError } from '../../errors.ts';

/** One published interval: [start, end) in UTC epoch ms, the value exactly as published. */
export interface FeedPoint {
  start: number;
  end: number;
  value: Decimal;
}

/** A parsed price feed: values as published, in `currency` per `unit`. */
export interface ParsedFeed {
  /** ISO 4217, or `GBX` for pence sterling (a minor unit, converted when read). */
  currency: string;
  unit: 'MWh' | 'kWh';
  /** Sorted by start, non-overlapping. */
  points: FeedPoint[];
  /** The feed's own area code (an ENTSO-E EIC, a Nord Pool area), when it names one. */
  area?: string;
  /** When the source says it published or last changed the data (UTC epoch ms). */
  publishedAt?: number;
}

export function feedError(message: string): ValidationError {
  return new ValidationError('feed_invalid', message);
}

const INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 instant with `Z` or an offset (seconds and fractions optional: ENTSO-E writes
 * `2025-11-25T23:00Z`, Nord Pool seven fraction digits). Text without an offset is refused, so
 * nothing depends on the machine's zone. Returns UTC epoch ms, fractions truncated to the ms.
 */
export function parseInstant(text: unknown, field: string): number {
  const m = typeof text === 'string' ? INSTANT.exec(text.trim()) : null;
  const ms = m
    ? Date.parse(`${m[1]}:${m[2] ?? '00'}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}${m[4]}`)
    : NaN;
  if (Number.isNaN(ms))
    throw feedError(`${field} is not an RFC 3339 instant with an offset: ${String(text)}`);
  return ms;
}

/** A decimal value as published (text or a number's exact JSON text); null for null. */
export function readFeedDecimal(value: unknown, field: string): Decimal | null {
  if (value === null) return null;
  const d = typeof value === 'string' ? parseDecimal(value) : null;
  if (d === null) throw feedError(`${field} is not a decimal number: ${JSON.stringify(value)}`);
  return d;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sorts points by start and checks that there is one at least, none is empty and none overlap. */
export function finishPoints(points: FeedPoint[], name: string): FeedPoint[] {
  if (points.length === 0) throw new ValidationError('feed_empty', `The ${name} feed contains no prices`);
  points.sort((a, b) => a.start - b.start);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as FeedPoint;
    if (!(p.end > p.start))
      throw feedError(`${name}: an interval at ${new Date(p.start).toISOString()} is empty`);
    const next = points[i + 1];
    if (next && next.start < p.end) {
      throw feedError(`${name}: intervals overlap at ${new Date(next.start).toISOString()}`);
    }
  }
  return points;
}

/**
 * For feeds that give only a start per value: each end is start + the smallest gap between
 * starts (`defaultStepMs` for a single value), so a missing interval stays a gap.
 */
export function inferEnds(starts: { start: number; value: Decimal }[], defaultStepMs: number): FeedPoint[] {
  const sorted = [...starts].sort((a, b) => a.start - b.start);
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) {
    const gap = (sorted[i] as { start: number }).start - (sorted[i - 1] as { start: number }).start;
    if (gap > 0 && gap < step) step = gap;
  }
  if (step === Infinity) step = defaultStepMs;
  return sorted.map((s) => ({ start: s.start, end: s.start + step, value: s.value }));
}
