// UTC offsets of IANA zones, and wall clock ↔ instant conversion with the engine's DST rule.
//
// Offsets come from Intl (never from the machine's zone) and are cached per zone and UTC year as
// a list of transitions, found by sampling the offset once per day and bisecting to the second.
// A transition that is undone within the same day would be missed; tzdata has none since 1970.
// The cache is memoisation of a pure function of (zone, year) and the runtime's tz data.
//
// DST rule [decision:dst-wall-times], used wherever a wall time becomes an
// instant:
// - a wall time that occurs twice (the repeated hour when clocks go back) takes its FIRST
//   occurrence: Temporal disambiguation 'earlier';
// - a wall time that does not exist (the hour skipped when clocks go forward) moves forward to
//   the instant the clocks change, i.e. to the first wall time that exists after the gap.
//   Temporal's 'compatible' would move 01:30 in London's gap to 02:30 BST, after 02:00 BST, and
//   make consecutive periods overlap; clamping keeps the mapping monotonic, so a period that lies
//   wholly inside the gap simply has no instants that day.
import { Temporal } from 'temporal-polyfill';
import {
  DAY_MS,
  HOUR_MS,
  civilFromEpochDay,
  epochDayFromCivil,
  type IsoWeekday,
  isoWeekdayOf,
} from './calendar.ts';

interface Transition {
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

/** Offsets for instants in [start, end); transitions with start < at ≤ end, in order. */
interface ZoneYear {
  readonly start: number;
  readonly end: number;
  readonly startOffset: number;
  readonly transitions: readonly Transition[];
}

interface ZoneData {
  readonly canonical: string;
  readonly format: Intl.DateTimeFormat;
  readonly years: Map<number, ZoneYear>;
  readonly wallCache: Map<number, number>;
  last: ZoneYear | null;
}

const NEAR_TRANSITION_MS = 15 * HOUR_MS;
const WALL_CACHE_LIMIT = 4096;
/** Zones by the name callers used; aliases (case variants, links) stop being cached past this. */
const ZONE_CACHE_LIMIT = 1024;
const zones = new Map<string, ZoneData>();

function lookupZone(zone: string): ZoneData | null {
  const known = zones.get(zone);
  if (known) return known;
  let format: Intl.DateTimeFormat;
  try {
    Temporal.ZonedDateTime.from({ timeZone: zone, year: 2000, month: 1, day: 1 });
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null; // unknown names are not cached, so junk input cannot grow the cache
  }
  const canonical = format.resolvedOptions().timeZone;
  let data = zones.get(canonical);
  if (!data) {
    data = { canonical, format, years: new Map(), wallCache: new Map(), last: null };
    zones.set(canonical, data);
  }
  if (zones.size < ZONE_CACHE_LIMIT) zones.set(zone, data);
  return data;
}

function zoneData(zone: string): ZoneData {
  const data = lookupZone(zone);
  if (!data) throw new RangeError(`unknown IANA time zone: ${zone}`);
  return data;
}

/**
 * The one rule for a time zone a client may send: a name in its exact IANA spelling
 * (`Europe/London`, not `europe/london`) that both Intl and Temporal know. Legacy links spelled as
 * IANA spells them (`US/Eastern`) are valid; `canonicalTimeZone` maps them to their zone.
 */
export function isValidTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  let spelled = spellingCache.get(zone);
  if (spelled === undefined) {
    spelled = hasIanaSpelling(zone);
    if (spellingCache.size >= ZONE_CACHE_LIMIT) spellingCache.clear();
    spellingCache.set(zone, spelled);
  }
  return spelled && lookupZone(zone) !== null;
}

// Intl accepts any casing ('europe/london', 'etc/gmt+5') and legacy links ('US/Eastern'); IANA names
// are case-sensitive, so a name is valid only in its exact IANA spelling. Bounded, since zone names
// come straight from request bodies.
const spellingCache = new Map<string, boolean>();
const ABBREVIATIONS = new Set(
  'UTC UCT GMT GMT0 EST MST HST CET EET MET WET EST5EDT CST6CDT MST7MDT PST8PDT PRC ROC ROK NZ NZ-CHAT GB GB-Eire W-SU US'.split(
    ' ',
  ),
);
const ABBREVIATIONS_UPPER = new Set([...ABBREVIATIONS].map((a) => a.toUpperCase()));
let supportedZones: Set<string> | undefined;
let supportedZonesLower: Set<string> | undefined;

function looksCanonical(segment: string): boolean {
  if (ABBREVIATIONS.has(segment) || /^GMT[+-]\d{1,2}$/.test(segment)) return true;
  if (ABBREVIATIONS_UPPER.has(segment.toUpperCase())) return false;
  return /^[A-Z][a-z]/.test(segment);
}

function hasIanaSpelling(zone: string): boolean {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  supportedZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  supportedZonesLower ??= new Set([...supportedZones].map((z) => z.toLowerCase()));
  if (zone === resolved || supportedZones.has(zone)) return true;
  const lower = zone.toLowerCase();
  if (lower === resolved.toLowerCase() || supportedZonesLower.has(lower)) return false;
  return zone.split('/').every(looksCanonical);
}

/** The zone's canonical IANA name (`europe/london` → `Europe/London`); throws RangeError if unknown. */
export function canonicalTimeZone(zone: string): string {
  return zoneData(zone).canonical;
}

const FORMATTED = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

function intlOffset(data: ZoneData, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const m = FORMATTED.exec(data.format.format(whole));
  if (!m) throw new Error(`unexpected Intl output for ${whole}`);
  const hour = Number(m[4]) % 24;
  const local =
    epochDayFromCivil(Number(m[3]), Number(m[1]), Number(m[2])) * DAY_MS +
    hour * HOUR_MS +
    Number(m[5]) * 60_000 +
    Number(m[6]) * 1000;
  return local - whole;
}

function buildYear(data: ZoneData, year: number): ZoneYear {
  const start = epochDayFromCivil(year, 1, 1) * DAY_MS;
  const end = epochDayFromCivil(year + 1, 1, 1) * DAY_MS;
  const startOffset = intlOffset(data, start);
  const transitions: Transition[] = [];
  let a = start;
  let oa = startOffset;
  while (a < end) {
    const b = Math.min(a + DAY_MS, end);
    const ob = intlOffset(data, b);
    let from = a;
    let offset = oa;
    while (offset !== ob) {
      // invariant: offset(from) = offset, offset(hi) ≠ offset; both on whole seconds
      let lo = from;
      let hi = b;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (intlOffset(data, mid) === offset) lo = mid;
        else hi = mid;
      }
      const after = intlOffset(data, hi);
      transitions.push({ at: hi, before: offset, after });
      from = hi;
      offset = after;
    }
    a = b;
    oa = ob;
  }
  return { start, end, startOffset, transitions };
}

function yearTable(data: ZoneData, instant: number): ZoneYear {
  const last = data.last;
  if (last && instant >= last.start && instant < last.end) return last;
  const year = civilFromEpochDay(Math.floor(instant / DAY_MS)).year;
  let table = data.years.get(year);
  if (!table) {
    table = buildYear(data, year);
    data.years.set(year, table);
  }
  data.last = table;
  return table;
}

function offsetIn(table: ZoneYear, instant: number): number {
  let offset = table.startOffset;
  for (const t of table.transitions) {
    if (t.at > instant) break;
    offset = t.after;
  }
  return offset;
}

/** The zone's UTC offset at an instant, in ms (local − UTC); instant in UTC epoch ms. */
export function zoneOffsetAt(zone: string, instant: number): number {
  return offsetIn(yearTable(zoneData(zone), instant), instant);
}

/** True when the zone's offset changes at some instant T with a < T < b (UTC epoch ms). */
export function hasZoneTransitionBetween(zone: string, a: number, b: number): boolean {
  const data = zoneData(zone);
  let cursor = a;
  while (cursor < b) {
    const table = yearTable(data, cursor);
    for (const t of table.transitions) {
      if (t.at > a && t.at < b) return true;
      if (t.at >= b) return false;
    }
    cursor = table.end;
  }
  return false;
}

/**
 * The instant of a wall-clock reading in the zone, by the DST rule above (Temporal.ZonedDateTime
 * with disambiguation 'earlier', and a clamp to the transition for skipped wall times).
 * `localMs` is the wall clock written as if it were UTC (epochDay × 86 400 000 + ms of the day).
 * This is the reference implementation; `localToInstant` gives the same answers faster.
 */
export function localToInstantTemporal(zone: string, localMs: number): number {
  const day = Math.floor(localMs / DAY_MS);
  const date = civilFromEpochDay(day);
  let rest = localMs - day * DAY_MS;
  const hour = Math.floor(rest / HOUR_MS);
  rest -= hour * HOUR_MS;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const wall = new Temporal.PlainDateTime(
    date.year,
    date.month,
    date.day,
    hour,
    minute,
    second,
    rest - second * 1000,
  );
  const zoned = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(zoned.toPlainDateTime(), wall) === 0) return zoned.epochMilliseconds;
  // Skipped wall time: 'earlier' lands before the change; the clocks change at the next transition.
  const change = zoned.getTimeZoneTransition('next');
  if (!change) throw new Error(`no transition after a skipped wall time in ${zone}`);
  return change.epochMilliseconds;
}

/**
 * The instant (UTC epoch ms) of a wall-clock reading `localMs` in the zone, by the DST rule above.
 * Far from any transition it is `localMs − offset`; within 15 hours of one it asks Temporal
 * (memoised per zone), so DST days cost a handful of Temporal calls and other days none.
 */
export function localToInstant(zone: string, localMs: number): number {
  const data = zoneData(zone);
  if (!hasZoneTransitionBetween(zone, localMs - NEAR_TRANSITION_MS, localMs + NEAR_TRANSITION_MS)) {
    const instant = localMs - offsetIn(yearTable(data, localMs), localMs);
    if (Math.abs(instant - localMs) < NEAR_TRANSITION_MS) return instant;
  }
  const cached = data.wallCache.get(localMs);
  if (cached !== undefined) return cached;
  const instant = localToInstantTemporal(zone, localMs);
  if (data.wallCache.size >= WALL_CACHE_LIMIT) data.wallCache.clear();
  data.wallCache.set(localMs, instant);
  return instant;
}

/** The local calendar day (epoch day) that contains an instant in the zone. */
export function localEpochDayOf(zone: string, instant: number): number {
  return Math.floor((instant + zoneOffsetAt(zone, instant)) / DAY_MS);
}

/** The first instant of a local calendar day (its 00:00, or the clock change if 00:00 is skipped). */
export function startOfLocalDay(zone: string, epochDay: number): number {
  return localToInstant(zone, epochDay * DAY_MS);
}

/** The first instant of a local calendar month (month 1–12): where the tier counter
 * restarts [decision:tier-counter]. */
export function startOfLocalMonth(zone: string, year: number, month: number): number {
  return startOfLocalDay(zone, epochDayFromCivil(year, month, 1));
}

/** An instant read on the zone's wall clock. */
export interface LocalReading {
  readonly epochDay: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: IsoWeekday;
  /** Milliseconds since local midnight, 0 ≤ msOfDay < 86 400 000. */
  readonly msOfDay: number;
}

/** Reads an instant (UTC epoch ms) on the zone's wall clock. */
export function readLocalTime(zone: string, instant: number): LocalReading {
  const local = instant + zoneOffsetAt(zone, instant);
  const epochDay = Math.floor(local / DAY_MS);
  const date = civilFromEpochDay(epochDay);
  return { epochDay, ...date, weekday: isoWeekdayOf(epochDay), msOfDay: local - epochDay * DAY_MS };
}
