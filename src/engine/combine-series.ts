// The price of a location for one direction is the sum of its COMMODITY and NON_COMMODITY
// tariffs: this lays the two series over each other.
import { addDecimals, type Decimal } from './decimal.ts';
import type { PriceInterval } from './price-series.ts';

/** One elementary interval [start, end) of the combined series, with both parts for audits. */
export interface CombinedInterval {
  readonly start: number;
  readonly end: number;
  /** commodity first-tier price + non-commodity first-tier price, major units per kWh. */
  readonly price: Decimal;
  /** The minimum of the parts' confidences [decision:confidence-minimum]. */
  readonly confidence: number;
  readonly commodity: PriceInterval | null;
  readonly nonCommodity: PriceInterval | null;
}

/**
 * Overlays two sorted, non-overlapping series. The result has an interval wherever either series
 * has one, cut at every boundary of both; where only one part exists the price is that part.
 */
export function combineSeries(
  commodity: readonly PriceInterval[],
  nonCommodity: readonly PriceInterval[],
): CombinedInterval[] {
  if (nonCommodity.length === 0) {
    const alone = onePart(commodity, true);
    if (alone) return alone;
  } else if (commodity.length === 0) {
    const alone = onePart(nonCommodity, false);
    if (alone) return alone;
  }
  const bounds = new Set<number>();
  for (const i of commodity) bounds.add(i.start).add(i.end);
  for (const i of nonCommodity) bounds.add(i.start).add(i.end);
  const sorted = [...bounds].sort((a, b) => a - b);
  const out: CombinedInterval[] = [];
  let c = 0;
  let n = 0;
  for (let k = 0; k + 1 < sorted.length; k++) {
    const start = sorted[k] as number;
    const end = sorted[k + 1] as number;
    while (c < commodity.length && (commodity[c] as PriceInterval).end <= start) c++;
    while (n < nonCommodity.length && (nonCommodity[n] as PriceInterval).end <= start) n++;
    const a =
      commodity[c] && (commodity[c] as PriceInterval).start <= start ? (commodity[c] as PriceInterval) : null;
    const b =
      nonCommodity[n] && (nonCommodity[n] as PriceInterval).start <= start
        ? (nonCommodity[n] as PriceInterval)
        : null;
    if (!a && !b) continue;
    const price = a && b ? addDecimals(a.price, b.price) : ((a ?? b) as PriceInterval).price;
    const confidence = Math.min(a?.confidence ?? 1, b?.confidence ?? 1);
    out.push({ start, end, price, confidence, commodity: a, nonCommodity: b });
  }
  return out;
}

/**
 * The combined series when only one part has intervals: one interval per input interval, as the
 * general path builds them. Null when the input is not sorted, non-overlapping and non-empty
 * per interval (the general path then decides what it means).
 */
function onePart(series: readonly PriceInterval[], isCommodity: boolean): CombinedInterval[] | null {
  const out: CombinedInterval[] = [];
  let lastEnd = -Infinity;
  for (const i of series) {
    if (!(i.start < i.end) || i.start < lastEnd) return null;
    lastEnd = i.end;
    const confidence = Math.min(i.confidence, 1);
    out.push(
      isCommodity
        ? { start: i.start, end: i.end, price: i.price, confidence, commodity: i, nonCommodity: null }
        : { start: i.start, end: i.end, price: i.price, confidence, commodity: null, nonCommodity: i },
    );
  }
  return out;
}

/** Total length in ms covered by a sorted, non-overlapping series inside [start, end). */
export function coveredMs(
  series: readonly { start: number; end: number }[],
  start: number,
  end: number,
): number {
  let total = 0;
  for (const i of series) total += Math.max(0, Math.min(end, i.end) - Math.max(start, i.start));
  return total;
}
