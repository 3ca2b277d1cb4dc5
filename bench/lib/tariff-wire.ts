import type { ScheduleEntryDefinition } from '../../src/engine/index.ts';
import { complexTariff } from '../../src/engine/example-tariffs.ts';

/**
 * The engine's complex ToU tariff (src/engine/example-tariffs.ts) as the `schedule` of a
 * `POST /tariffs` wire body: entries, blocks and periods map 1:1; decimal strings become numbers.
 */
export function complexTouSchedule(): unknown[] {
  const num = (v: unknown) => (v === undefined || v === null ? v : Number(v));
  return complexTariff.schedule.map((entry: ScheduleEntryDefinition) => ({
    months: [...entry.months],
    ...(entry.dates && entry.dates.length ? { dates: [...entry.dates] } : {}),
    days_and_hours: entry.days_and_hours.map((block) => ({
      days: [...block.days],
      hours: block.hours.map((p) => ({
        valid_from: p.valid_from,
        valid_to: p.valid_to,
        rate: p.rate.map((t) => ({
          fixed: num(t.fixed),
          ...(t.to_kwh !== undefined ? { to_kwh: num(t.to_kwh) } : {}),
        })),
      })),
    })),
  }));
}

/** The `POST /tariffs` body of the complex ToU tariff, IMPORT commodity, contract 2024 → 2030. */
export function complexTouTariffBody(locationId: string): object {
  return {
    location_id: locationId,
    direction: 'IMPORT',
    type: 'COMMODITY',
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
    schedule: complexTouSchedule(),
  };
}
