// When day-ahead prices appear: the auction results for delivery day D are published shortly
// after noon on D − 1 (SDAC: about 12:45 CET). Offpeak uses 12:45 on the market's own wall clock.
import { DAY_MS, HOUR_MS } from './calendar.ts';
import { localEpochDayOf, localToInstant } from './time-zones.ts';

/** When a delivery day's prices are published: this wall-clock time on the day before (12:45). */
const DAY_AHEAD_PUBLICATION_MS = (12 * 60 + 45) * 60_000;
/** The documented fallback refresh time [decision:next-update]: 23:00 local. */
const FALLBACK_REFRESH_MS = 23 * HOUR_MS;

/** The instant (UTC epoch ms) delivery day `epochDay` (a local epoch day of `zone`) is published. */
export function dayAheadPublication(zone: string, epochDay: number): number {
  return localToInstant(zone, (epochDay - 1) * DAY_MS + DAY_AHEAD_PUBLICATION_MS);
}

/** The last delivery day (local epoch day) whose prices are published at `now`. */
export function lastPublishedDay(zone: string, now: number): number {
  const today = localEpochDayOf(zone, now);
  return dayAheadPublication(zone, today + 1) <= now ? today + 1 : today;
}

/** The first publication instant strictly after `now`. */
export function nextDayAheadPublication(zone: string, now: number): number {
  return dayAheadPublication(zone, lastPublishedDay(zone, now) + 1);
}

/**
 * When stored prices may next change (`next_update`), given the end of the last stored interval
 * (`lastEnd`, UTC epoch ms, null when nothing is stored): the publication of the first day that is
 * not fully stored, if that is still to come; if it is overdue, 23:00 local today (the documented
 * fallback) while that is ahead, else the next publication.
 */
export function nextMarketUpdate(zone: string, now: number, lastEnd: number | null): number {
  if (lastEnd === null) return nextDayAheadPublication(zone, now);
  const expected = dayAheadPublication(zone, localEpochDayOf(zone, lastEnd));
  if (expected > now) return expected;
  const fallback = localToInstant(zone, localEpochDayOf(zone, now) * DAY_MS + FALLBACK_REFRESH_MS);
  return fallback > now ? fallback : nextDayAheadPublication(zone, now);
}
