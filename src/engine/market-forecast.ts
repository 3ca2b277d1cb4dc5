// The market forecast [decision:market-forecast]: where no published day-ahead price exists, repeat the most recent
// published value for the same local time of day, with confidence 0.5, for up to 5 days after the
// last published interval. Gaps between published intervals are filled the same way.
import { DAY_MS } from './calendar.ts';
import type { MarketPrice } from './price-series.ts';
import { localToInstant, readLocalTime } from './time-zones.ts';

/** Confidence of a forecast market interval [decision:market-forecast]. */
const MARKET_FORECAST_CONFIDENCE = 0.5;
/** How far past the end of the last published interval forecasts reach, in ms (5 days, [decision:market-forecast]). */
export const MARKET_FORECAST_HORIZON_MS = 5 * DAY_MS;
/** How many days back a forecast slot looks for a published value at its local time of day. */
const LOOKBACK_DAYS = 8;
/**
 * How much published history before a window `fillMarketForecast` may read, in ms: a slot can be
 * up to the horizon past the last published interval and looks back up to 8 days from there.
 * Callers that read prices from a store fetch [start − this, end).
 */
export const MARKET_FORECAST_HISTORY_MS = MARKET_FORECAST_HORIZON_MS + LOOKBACK_DAYS * DAY_MS;

/** The published interval that contains `instant`, by binary search; intervals sorted. */
function containing(published: readonly MarketPrice[], instant: number): MarketPrice | undefined {
  let lo = 0;
  let hi = published.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = published[mid];
    if (!p) return undefined;
    if (instant < p.start) hi = mid - 1;
    else if (instant >= p.end) lo = mid + 1;
    else return p;
  }
  return undefined;
}

/** The most recent published value at the slot's local time of day on one of the 8 days before. */
function sameTimeOfDay(
  published: readonly MarketPrice[],
  zone: string,
  slot: number,
): MarketPrice | undefined {
  const local = readLocalTime(zone, slot);
  for (let back = 1; back <= LOOKBACK_DAYS; back++) {
    const earlier = localToInstant(zone, (local.epochDay - back) * DAY_MS + local.msOfDay);
    const found = containing(published, earlier);
    if (found) return found;
  }
  return undefined;
}

/**
 * Published market prices that intersect the window [start, end) (UTC epoch ms, half-open),
 * with every uncovered slot filled by the forecast.
 *
 * - `published`: sorted, non-overlapping intervals as published (confidence as given, normally
 *   1), including history before the window (see MARKET_FORECAST_HISTORY_MS); values per MWh.
 * - A gap after a published interval P is cut into slots of P's length, starting at P's end; a
 *   slot exists only while it starts less than 5 days after P's end, and its last slot stops at
 *   the next published interval. Each slot takes the value of the published interval that holds
 *   the same wall-clock time of `zone` on the nearest earlier day (up to 8 days back), with
 *   confidence 0.5; a slot with no such value is left out.
 * - Nothing is forecast before the first published interval.
 * - Output: sorted, non-overlapping, unclipped intervals that intersect the window.
 */
export function fillMarketForecast(
  published: readonly MarketPrice[],
  window: { readonly start: number; readonly end: number },
  zone: string,
): MarketPrice[] {
  const out: MarketPrice[] = [];
  for (let i = 0; i < published.length; i++) {
    const p = published[i];
    if (!p) continue;
    if (p.start >= window.end) break;
    if (p.end > window.start) out.push(p);
    const next = published[i + 1];
    const gapEnd = Math.min(next ? next.start : Infinity, p.end + MARKET_FORECAST_HORIZON_MS, window.end);
    if (gapEnd <= p.end) continue;
    const step = p.end - p.start;
    const first = Math.max(0, Math.floor((window.start - p.end) / step));
    for (let slot = p.end + first * step; slot < gapEnd; slot += step) {
      const slotEnd = next ? Math.min(slot + step, next.start) : slot + step;
      if (slotEnd <= window.start) continue;
      const source = sameTimeOfDay(published, zone, slot);
      if (source) {
        out.push({
          start: slot,
          end: slotEnd,
          pricePerMwh: source.pricePerMwh,
          confidence: MARKET_FORECAST_CONFIDENCE,
        });
      }
    }
  }
  return out;
}
