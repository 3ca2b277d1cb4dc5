/**
 * The synthetic meter load the cost benchmarks share: one record per quarter-hour of 2025
 * (35,040), an integer number of Wh per record. 50–449 Wh in a fixed pseudo-random order
 * (i × 7919 mod 400), about 750 kWh a month, so the 250 kWh monthly tier bound of the complex ToU
 * tariff is crossed once every month. The same shape as src/engine/price-records.bench.ts.
 */
export const QUARTER_HOUR_MS = 900_000;
export const YEAR_2025 = { start: Date.UTC(2025, 0, 1), end: Date.UTC(2026, 0, 1) } as const;
export const RECORDS_2025 = (YEAR_2025.end - YEAR_2025.start) / QUARTER_HOUR_MS;

/** Wh of the record with index `i` (any integer ≥ 0; the shape repeats every 400 records). */
export const whAt = (i: number): number => 50 + ((i * 7919) % 400);

/** RFC 3339 in UTC with whole seconds, as clients usually write it. */
export const isoSeconds = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
