/** System timestamps are RFC 3339 in UTC, to the second: `2025-01-01T00:00:00Z`. */
export function formatUtcSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
