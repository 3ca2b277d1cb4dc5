import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

/** [decision:devices]: `last_seen` is when a meter record, cost or schedule request named the device. */
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const flat = [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.2 }] }] },
    ],
  },
];

async function siteWithDevice(client: Client): Promise<{ location: string; device: string }> {
  const location = (
    await client.request('POST', '/locations', { postal_address: { city: 'London', country_code: 'GB' } })
  ).body.id as string;
  const tariff = await client.request('POST', '/tariffs', {
    location_id: location,
    direction: 'IMPORT',
    type: 'COMMODITY',
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
    schedule: flat,
  });
  assert.equal(tariff.status, 201, JSON.stringify(tariff.body));
  const device = (await client.request('POST', '/devices', {})).body.id as string;
  return { location, device };
}

const lastSeen = async (client: Client, device: string): Promise<string | undefined> =>
  (await client.request('GET', `/devices/${device}`)).body.last_seen;

const clock = () => Date.now() + h.clockOffset;

/**
 * Moves the harness clock a minute on, runs `send`, and checks that `last_seen` is now a time
 * within the request (to the second), so an earlier request cannot have set it.
 */
async function seenDuring(client: Client, device: string, send: () => Promise<unknown>, label = '') {
  h.clockOffset += 60_000;
  const from = Math.floor(clock() / 1000) * 1000;
  await send();
  const to = clock();
  const seen = Date.parse((await lastSeen(client, device)) ?? '');
  assert.ok(seen >= from && seen <= to, `${label}: last_seen ${seen} not within ${from}..${to}`);
}

const record = (location: string, device: string, value: unknown = 1) => ({
  location_id: location,
  device_id: device,
  units: 'KWH',
  value,
  start_time: '2025-06-01T08:00:00Z',
  end_time: '2025-06-01T09:00:00Z',
});

describe('device last_seen', () => {
  it('is absent until a request names the device, and reading or editing it sets nothing', async () => {
    const client = await newClient(h);
    const { device } = await siteWithDevice(client);
    await client.request('PATCH', `/devices/${device}`, { reference_id: 'EDITED' });
    assert.equal(await lastSeen(client, device), undefined);
  });

  it('is set by a meter batch that accepts one of its records, not by one that refuses them all', async () => {
    const client = await newClient(h);
    const { location, device } = await siteWithDevice(client);
    h.clockOffset += 60_000;
    const refused = await client.request('PUT', '/meters/interval', [record(location, device, -1)]);
    assert.equal(refused.body.records_accepted, 0);
    assert.equal(await lastSeen(client, device), undefined);
    await seenDuring(client, device, async () => {
      const accepted = await client.request('PUT', '/meters/interval', [record(location, device)]);
      assert.equal(accepted.body.records_accepted, 1);
    });
  });

  it('is set by cumulative reads, instant and interval costs, and amount schedules naming the device', async () => {
    const client = await newClient(h);
    const { location, device } = await siteWithDevice(client);
    const requests: [string, () => Promise<{ status: number; body: unknown }>][] = [
      [
        'cumulative',
        () =>
          client.request('PUT', '/meters/cumulative/epoch', {
            location_id: location,
            device_id: device,
            units: 'KWH',
            data: [{ time: 1_748_764_800, value: 1 }],
          }),
      ],
      [
        'instant',
        () => client.request('POST', '/costs/instant?non_persistent=true', record(location, device)),
      ],
      [
        'interval',
        () =>
          client.request('POST', `/costs/interval/${device}`, {
            start_time: '2025-06-01T00:00:00Z',
            end_time: '2025-06-02T00:00:00Z',
          }),
      ],
      [
        'amount',
        () =>
          client.request('POST', `/schedules/amount/${location}`, {
            max_power: { units: 'KW', value: 7 },
            data: [
              {
                device_id: device,
                start_time: new Date(Date.now() + h.clockOffset).toISOString(),
                end_time: new Date(Date.now() + h.clockOffset + 6 * 3_600_000).toISOString(),
                max_power: { units: 'KW', value: 7 },
                energy: { units: 'KWH', value: 7 },
              },
            ],
          }),
      ],
    ];
    for (const [name, send] of requests) {
      await seenDuring(
        client,
        device,
        async () => {
          const reply = await send();
          assert.equal(reply.status, 200, `${name}: ${JSON.stringify(reply.body)}`);
        },
        name,
      );
    }
  });
});
