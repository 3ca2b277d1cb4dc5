import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** A Paris location on 0.20 for the first 10 kWh of a month and 0.30 after. */
async function tieredParis(client: Client): Promise<string> {
  const location = await client.request('POST', '/locations', {
    postal_address: { city: 'Paris', country_code: 'FR' },
  });
  assert.equal(location.status, 201);
  const tariff = await client.request('POST', '/tariffs', {
    location_id: location.body.id,
    direction: 'IMPORT',
    type: 'COMMODITY',
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
    schedule: [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [
              {
                valid_from: '00:00:00',
                valid_to: '00:00:00',
                rate: [
                  { fixed: 0.2, to_kwh: 10 },
                  { fixed: 0.3, to_kwh: null },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  assert.equal(tariff.status, 201, JSON.stringify(tariff.body));
  return location.body.id as string;
}

async function meter(client: Client, records: Record<string, unknown>[]): Promise<void> {
  const reply = await client.request(
    'PUT',
    '/meters/interval',
    records.map((r) => ({ units: 'KWH', ...r })),
  );
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.body.failed_records, []);
}

type Row = {
  valid_from: string;
  valid_to: string;
  price_breakdown: { commodity: { tier: number; fixed: number } };
};
const tiers = (reply: { body: { data: Row[] } }) =>
  reply.body.data.map((row) => [
    row.valid_from,
    row.valid_to,
    row.price_breakdown.commodity.tier,
    row.price_breakdown.commodity.fixed,
  ]);

describe('price_audit tiers', () => {
  it('applies the tier the month’s metered energy has reached, from the instant it reaches it', async () => {
    const client = await newClient(h);
    const location = await tieredParis(client);
    const device = (await client.request('POST', '/devices', {})).body.id as string;
    await meter(client, [
      // 6 kWh by 06:00, then 2 kWh/h from 08:00: the month reaches 10 kWh at 10:00
      {
        location_id: location,
        value: 6,
        start_time: '2025-06-01T00:00:00Z',
        end_time: '2025-06-01T06:00:00Z',
      },
      {
        location_id: location,
        value: 8,
        start_time: '2025-06-01T08:00:00Z',
        end_time: '2025-06-01T12:00:00Z',
      },
      // a device's records are sub-metered: they do not feed the location's counter
      {
        location_id: location,
        device_id: device,
        value: 50,
        start_time: '2025-06-01T07:00:00Z',
        end_time: '2025-06-01T08:00:00Z',
      },
    ]);
    const reply = await client.request('POST', `/audits/prices/${location}`, {
      start_time: '2025-06-01T07:00:00Z',
      end_time: '2025-06-01T13:00:00Z',
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(tiers(reply), [
      ['2025-06-01T07:00:00Z', '2025-06-01T10:00:00Z', 0, 0.2],
      ['2025-06-01T10:00:00Z', '2025-06-01T13:00:00Z', 10, 0.3],
    ]);
    assert.equal(reply.body.data[1].price_breakdown.total, 0.3);
  });

  it('starts each local month again at the first tier', async () => {
    const client = await newClient(h);
    const location = await tieredParis(client);
    await meter(client, [
      {
        location_id: location,
        value: 12,
        start_time: '2025-06-30T00:00:00Z',
        end_time: '2025-06-30T12:00:00Z',
      },
    ]);
    // Paris is UTC+2 in summer: July starts at 22:00Z on 30 June.
    const reply = await client.request('POST', `/audits/prices/${location}`, {
      start_time: '2025-06-30T20:00:00Z',
      end_time: '2025-07-01T02:00:00Z',
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(tiers(reply), [
      ['2025-06-30T20:00:00Z', '2025-06-30T22:00:00Z', 10, 0.3],
      ['2025-06-30T22:00:00Z', '2025-07-01T02:00:00Z', 0, 0.2],
    ]);
  });

  it('reports the first tier when the location has metered nothing', async () => {
    const client = await newClient(h);
    const location = await tieredParis(client);
    const reply = await client.request('POST', `/audits/prices/${location}`, {
      start_time: '2025-06-01T00:00:00Z',
      end_time: '2025-06-02T00:00:00Z',
    });
    assert.deepEqual(tiers(reply), [['2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z', 0, 0.2]]);
  });
});
