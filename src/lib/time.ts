const DAY_MS = 86_400_000;
const dayPrefixes = new Map<number, string>();

/** `YYYY-MM-DDT` of a UTC day number, cached: answers write many times of few days. */
function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size > 10_000) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** `HH:MM:` of each minute of a day, and `SS` of each second of a minute: a time is two lookups. */
const MINUTES_OF_DAY = Array.from({ length: 1440 }, (_, m) => `${two(Math.floor(m / 60))}:${two(m % 60)}:`);
const SECONDS_OF_MINUTE = Array.from({ length: 60 }, (_, s) => two(s));

/** `YYYY-MM-DDTHH:MM:SS` of an instant read as UTC wall time, to the second. */
function wallClock(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  return dayPrefix(day) + MINUTES_OF_DAY[Math.floor(seconds / 60)]! + SECONDS_OF_MINUTE[seconds % 60]!;
}

/** System timestamps are RFC 3339 in UTC, to the second: `2025-01-01T00:00:00Z`. */
export function formatUtcSeconds(ms: number): string {
  return `${wallClock(ms)}Z`;
}

/** An RFC 3339 timestamp read as an instant and the offset it was written in. */
export interface ZonedInstant {
  ms: number;
  /** Minutes east of UTC; null when written with `Z`. */
  offsetMinutes: number | null;
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?(?:([Zz])|([+-])(\d\d):(\d\d))$/;

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** Days in a month (1–12) of a year. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Reads `2025-03-30T00:00:00+01:00` or `…Z`; undefined for anything else, including a wall time
 * no calendar has (`2025-02-30`, `24:00:00`, a leap second), which Date.parse would roll over.
 */
export function parseRfc3339(text: string): ZonedInstant | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const part = (i: number) => Number(m[i]);
  const [year, month, day] = [part(1), part(2), part(3)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (part(4) > 23 || part(5) > 59 || part(6) > 59) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  if (m[8]) return { ms, offsetMinutes: null };
  const sign = m[9] === '-' ? -1 : 1;
  const hours = Number(m[10]);
  const minutes = Number(m[11]);
  if (hours > 23 || minutes > 59) return undefined;
  return { ms, offsetMinutes: sign * (hours * 60 + minutes) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Writes an instant to the second in a fixed offset (`+02:00`), or in UTC with `Z` when null. */
export function formatInOffset(ms: number, offsetMinutes: number | null): string {
  if (offsetMinutes === null) return formatUtcSeconds(ms);
  const local = wallClock(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * formatInOffset for many instants of one offset, written as ASCII bytes into a buffer: the
 * large answers (a week of quarter-hours is 1,344 timestamps) skip making a string each.
 */
export class TimestampWriter {
  private readonly offsetMs: number;
  private readonly suffix: Uint8Array;
  private day = Number.NaN;
  private prefix = new Uint8Array(0);

  constructor(offsetMinutes: number | null) {
    this.offsetMs = (offsetMinutes ?? 0) * 60_000;
    // what follows the 19 characters of `YYYY-MM-DDTHH:MM:SS`: `Z` or `+02:00`
    this.suffix = Buffer.from(formatInOffset(0, offsetMinutes).slice(19), 'latin1');
  }

  /** The most bytes one timestamp takes (`+275760-09-13T00:00:00+14:00`, JS's last date). */
  static readonly MAX_BYTES = 28;

  /** Writes the timestamp of `ms` at `at`; returns the offset after it. */
  write(buf: Uint8Array, at: number, ms: number): number {
    const local = ms + this.offsetMs;
    const day = Math.floor(local / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.prefix = Buffer.from(dayPrefix(day), 'latin1');
    }
    let o = at;
    const { prefix, suffix } = this;
    for (let i = 0; i < prefix.length; i++) buf[o++] = prefix[i] as number;
    const seconds = Math.floor((local - day * DAY_MS) / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor(seconds / 60) % 60;
    const s = seconds % 60;
    buf[o++] = 48 + Math.floor(h / 10);
    buf[o++] = 48 + (h % 10);
    buf[o++] = 58; // :
    buf[o++] = 48 + Math.floor(m / 10);
    buf[o++] = 48 + (m % 10);
    buf[o++] = 58;
    buf[o++] = 48 + Math.floor(s / 10);
    buf[o++] = 48 + (s % 10);
    for (let i = 0; i < suffix.length; i++) buf[o++] = suffix[i] as number;
    return o;
  }
}
