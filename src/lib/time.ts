/** System timestamps are RFC 3339 in UTC, to the second: `2025-01-01T00:00:00Z`. */
export function formatUtcSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** An RFC 3339 timestamp read as an instant and the offset it was written in. */
export interface ZonedInstant {
  ms: number;
  /** Minutes east of UTC; null when written with `Z`. */
  offsetMinutes: number | null;
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?(?:([Zz])|([+-])(\d\d):(\d\d))$/;

/** Reads `2025-03-30T00:00:00+01:00` or `…Z`; undefined for anything else. */
export function parseRfc3339(text: string): ZonedInstant | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
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
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
