// Proleptic Gregorian calendar arithmetic on whole days, with no Date and no time zone.
//
// An "epoch day" counts days from 1970-01-01 (day 0). A "local ms" is a wall-clock reading
// written as if it were UTC: epochDay × DAY_MS + millisecond of the day. Turning a local ms into
// an instant needs a zone (see time-zones.ts).

export const SECOND_MS = 1000;
export const DAY_SECONDS = 86_400;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A calendar date: month 1–12, day 1–31. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The date of an epoch day (H. Hinnant's civil_from_days). */
export function civilFromEpochDay(epochDay: number): CivilDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The epoch day of a date (H. Hinnant's days_from_civil); month 1–12, day 1–31. */
export function epochDayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The ISO weekday of an epoch day (1970-01-01 was a Thursday). */
export function isoWeekdayOf(epochDay: number): IsoWeekday {
  return (((((epochDay + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

/** Gregorian leap year: divisible by 4, except centuries not divisible by 400. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const CLOCK = /^(\d{2}):(\d{2}):(\d{2})$/;

/** Seconds since local midnight of an `HH:MM:SS` text (00:00:00–23:59:59), or null when malformed.
 * `24:00:00` is accepted only when `allowEndOfDay` is set and then reads as 86 400. */
export function parseClockTime(text: unknown, allowEndOfDay = false): number | null {
  if (typeof text !== 'string') return null;
  const m = CLOCK.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3]);
  if (allowEndOfDay && h === 24 && min === 0 && s === 0) return DAY_SECONDS;
  if (h > 23 || min > 59 || s > 59) return null;
  return h * 3600 + min * 60 + s;
}

/** `HH:MM:SS` for seconds since local midnight; 86 400 is written `24:00:00`. */
export function formatClockTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Positive remainder: the result has the sign of `m` (assumed > 0). */
export function floorMod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
