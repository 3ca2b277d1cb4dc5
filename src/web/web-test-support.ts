// Test support for the web pages: the real app with the web transport on a real database, and a
// site to look at (a Tokyo location with a time-of-day tariff and 40 days of meter records).
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { newClient, startHarness, type Client, type Harness } from '../testing/harness.ts';
import { registerWeb } from './index.ts';

export async function startWebHarness(options: { publicUrl?: string } = {}): Promise<Harness> {
  return startHarness({
    configure: (app, deps) => {
      void registerWeb(app, { ...deps, ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) });
    },
  });
}

const DAY_MS = 86_400_000;

/** A location in Tokyo with a time-of-day import tariff (local hours) and a record a day for 40 days. */
export async function seedSite(h: Harness, client: Client): Promise<{ id: string }> {
  const location = (
    await client.request('POST', '/locations', {
      reference_id: 'TOKYO-1',
      postal_address: {
        address_line1: '1 Chiyoda',
        city: 'Tokyo',
        post_code: '100-0001',
        country_code: 'JP',
      },
    })
  ).body;
  assert.equal(location.timezone, 'Asia/Tokyo');
  const tariff = await client.request('POST', '/tariffs', {
    location_id: location.id,
    direction: 'IMPORT',
    type: 'COMMODITY',
    display_name: 'Night saver',
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2035-01-01T00:00:00Z',
    schedule: [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [
              { valid_from: '00:00:00', valid_to: '05:00:00', rate: [{ fixed: 18.5 }] },
              { valid_from: '05:00:00', valid_to: '17:00:00', rate: [{ fixed: 31.25 }] },
              { valid_from: '17:00:00', valid_to: '21:00:00', rate: [{ fixed: 42 }] },
              { valid_from: '21:00:00', valid_to: '00:00:00', rate: [{ fixed: 27.75 }] },
            ],
          },
        ],
      },
    ],
  });
  assert.equal(tariff.status, 201, JSON.stringify(tariff.body));
  // Days are Tokyo's (UTC+9, no DST), as the dashboard's windows are: from 15:00 UTC on, Tokyo is
  // already a day ahead of UTC, and UTC days would leave the 30-day window a day short.
  const TOKYO_MS = 9 * 3_600_000;
  const now = h.ctx.now({ accountId: client.accountId, liveMode: client.liveMode });
  const todayInTokyo = Math.floor((now + TOKYO_MS) / DAY_MS) * DAY_MS - TOKYO_MS;
  const records = [];
  for (let d = 40; d >= 1; d--) {
    const start = todayInTokyo - d * DAY_MS + 19 * 3_600_000; // 19:00 in Tokyo
    records.push({
      location_id: location.id,
      units: 'KWH',
      value: 2 + (d % 7) * 0.5,
      start_time: new Date(start).toISOString(),
      end_time: new Date(start + 3 * 3_600_000).toISOString(),
    });
  }
  const put = await client.request('PUT', '/meters/interval', records);
  assert.equal(put.status, 200, JSON.stringify(put.body));
  return { id: location.id as string };
}

/** A test client of a new account, with its site. */
export async function newSite(h: Harness): Promise<{ client: Client; location: string }> {
  const client = await newClient(h);
  return { client, location: (await seedSite(h, client)).id };
}

/** The session cookie a Set-Cookie header sets, as `name=value`. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  const pair = String(first ?? '').split(';')[0] ?? '';
  assert.match(pair, /^offpeak_session=./);
  return pair;
}

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  assert.ok(match?.[1], 'the page has a CSRF field');
  return match[1];
}
