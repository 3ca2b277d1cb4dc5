// Helpers for the engine's tests (test support; not used by the engine).
import { formatDecimal } from './decimal.ts';
import type { PriceInterval, TierPrice } from './price-series.ts';

/** UTC epoch ms of an RFC 3339 text. */
export const at = (text: string): number => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`bad date ${text}`);
  return ms;
};

/** `2025-03-30T01:00:00Z` for an instant. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** An interval as `[from, to, price]` text, the form hand-worked answers are written in. */
export type Row = [string, string, string];

export const rows = (series: readonly PriceInterval[]): Row[] =>
  series.map((i) => [iso(i.start), iso(i.end), formatDecimal(i.price)]);

/** Checks that intervals are non-empty, sorted and touching, from `start` to `end` exactly. */
export function coverageProblem(series: readonly PriceInterval[], start: number, end: number): string | null {
  if (start >= end) return series.length === 0 ? null : 'intervals in an empty window';
  let cursor = start;
  for (const i of series) {
    if (i.start !== cursor) return `expected an interval from ${iso(cursor)}, got ${iso(i.start)}`;
    if (i.end <= i.start) return `empty interval at ${iso(i.start)}`;
    cursor = i.end;
  }
  return cursor === end ? null : `series ends at ${iso(cursor)}, not ${iso(end)}`;
}

/** A ladder as plain values (a market ladder's rungs make their Decimals when read, so two
 * equal ladders can differ in shape). */
export const plainTiers = (tiers: readonly TierPrice[]) =>
  tiers.map((t) => ({
    fromKwh: t.fromKwh,
    toKwh: t.toKwh,
    price: t.price,
    fixed: t.fixed,
    percentage: t.percentage,
  }));

/** A series as plain values, for deep equality. */
export const plainSeries = (series: readonly PriceInterval[]) =>
  series.map((i) => ({
    start: i.start,
    end: i.end,
    price: i.price,
    confidence: i.confidence,
    market: i.market,
    tiers: plainTiers(i.tiers),
  }));
