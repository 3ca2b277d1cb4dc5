// What the examples share: a client from the environment, and a location with a tariff to work on.
//
//   OFFPEAK_URL         the server (default http://localhost:8080)
//   OFFPEAK_ACCOUNT_ID  acc_…
//   OFFPEAK_API_KEY     sk_test_… or sk_live_…
//   OFFPEAK_LOCATION_ID optional: a location of yours that has a tariff; without it one is created
import { OffpeakClient } from '../sdk/src/index.ts';

export function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`Set ${name} (see examples/README.md)\n`);
    process.exit(2);
  }
  return value;
}

export const baseUrl = process.env.OFFPEAK_URL ?? 'http://localhost:8080';

export function clientFromEnv(): OffpeakClient {
  return new OffpeakClient({
    baseUrl,
    accountId: required('OFFPEAK_ACCOUNT_ID'),
    apiKey: required('OFFPEAK_API_KEY'),
  });
}

/** RFC 3339 in UTC, to the second, as the API writes times. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The start of the current hour, in ms. */
export function thisHour(): number {
  return Math.floor(Date.now() / HOUR) * HOUR;
}

/**
 * OFFPEAK_LOCATION_ID, or a new customer and location in London with a two-rate import tariff
 * (cheap from 00:30 to 04:30) that runs from yesterday for a year.
 */
export async function exampleLocation(client: OffpeakClient): Promise<string> {
  if (process.env.OFFPEAK_LOCATION_ID) return process.env.OFFPEAK_LOCATION_ID;
  const customer = await client.post('/customers', { body: { reference_id: 'sdk-example' } });
  const location = await client.post('/locations', {
    body: {
      customer_id: customer.id,
      reference_id: 'sdk-example',
      postal_address: {
        address_line1: '1-3 Strand',
        city: 'London',
        post_code: 'WC2N 5EH',
        country_code: 'GB',
      },
    },
  });
  await client.post('/tariffs', {
    body: {
      location_id: location.id,
      direction: 'IMPORT',
      type: 'COMMODITY',
      display_name: 'Two-rate example',
      contract_start_date: iso(thisHour() - DAY),
      contract_end_date: iso(thisHour() + 365 * DAY),
      schedule: [
        {
          months: ['All'],
          days_and_hours: [
            {
              days: ['All'],
              hours: [
                { valid_from: '00:30:00', valid_to: '04:30:00', rate: [{ fixed: 0.075 }] },
                { valid_from: '04:30:00', valid_to: '00:30:00', rate: [{ fixed: 0.2962 }] },
              ],
            },
          ],
        },
      ],
    },
  });
  return location.id;
}
