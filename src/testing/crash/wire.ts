import type { Entity, Fields, Kind } from './ledger.ts';

// The request bodies and paths the crash test's writers use.

/** Meter records are quarter-hours from here on, each writer's own after the last. */
export const METER_START_MS = Date.UTC(2025, 2, 1);
export const QUARTER_HOUR_MS = 900_000;

// Addresses whose zone and currency the server derives on its own (no `timezone` needed).
export const ADDRESSES: readonly Fields[] = [
  {
    address_line1: '1-3',
    address_line2: 'Strand',
    city: 'London',
    post_code: 'WC2N 5EH',
    country_code: 'GB',
  },
  { city: 'Amsterdam', country_code: 'NL' },
  { city: 'Austin', state: 'TX', country_code: 'US' },
  { city: 'Berlin', country_code: 'DE' },
];

export const flat = (price: number) => [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: price }] }] },
    ],
  },
];

export const PATHS: Record<Kind, string> = {
  customer: '/customers',
  location: '/locations',
  device: '/devices',
  tariff: '/tariffs',
};

export const pathOf = (entity: Pick<Entity, 'kind' | 'id'>): string => `${PATHS[entity.kind]}/${entity.id}`;

export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function tariffBody(locationId: string, displayName: string, price: number) {
  return {
    location_id: locationId,
    direction: 'IMPORT',
    type: 'COMMODITY',
    display_name: displayName,
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
    schedule: flat(price),
  };
}

/** The fields of a tariff create that a GET must show. */
export function tariffFields(body: ReturnType<typeof tariffBody>): Fields {
  return { location_id: body.location_id, display_name: body.display_name, schedule: body.schedule };
}
