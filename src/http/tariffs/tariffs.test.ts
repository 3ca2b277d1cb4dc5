import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

async function newLocation(client: Client, address = { city: 'London', country_code: 'GB' }) {
  const reply = await client.request('POST', '/locations', { postal_address: address });
  assert.equal(reply.status, 201);
  return reply.body;
}

const flat = (price: number) => [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: price }] }] },
    ],
  },
];

const base = (locationId: string, extra: Record<string, unknown> = {}) => ({
  location_id: locationId,
  direction: 'IMPORT',
  type: 'COMMODITY',
  contract_start_date: '2024-01-01T00:00:00Z',
  contract_end_date: '2030-01-01T00:00:00Z',
  schedule: flat(0.25),
  ...extra,
});

describe('tariff_create', () => {
  it('creates a MANUAL, CONNECTED tariff in the location zone and connects the slot', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const reply = await client.request('POST', '/tariffs', base(location.id, { display_name: 'Flat' }));
    assert.equal(reply.status, 201);
    const tariff = reply.body;
    assert.match(tariff.id, /^trf_[0-9a-f]{24}$/);
    assert.equal(tariff.object, 'tariff');
    assert.equal(tariff.connection_type, 'MANUAL');
    assert.equal(tariff.is_linked, false);
    assert.equal(tariff.status, 'CONNECTED');
    assert.equal(tariff.timezone, 'Europe/London');
    assert.equal(tariff.display_name, 'Flat');
    assert.equal(tariff.contract_start_date, '2024-01-01T00:00:00Z');
    assert.deepEqual(tariff.schedule, flat(0.25));
    const updated = await client.request('GET', `/locations/${location.id}`);
    assert.deepEqual(updated.body.tariff_elements, [tariff.id]);
    assert.equal(updated.body.tariff_status.commodity_import, 'CONNECTED');
    assert.equal(updated.body.tariff_status.commodity_export, 'NOT_CONNECTED');
    const status = await client.request('GET', `/locations/${location.id}/status`);
    assert.deepEqual(status.body.tariff_status.commodity_import, {
      status: 'CONNECTED',
      connection_type: 'MANUAL',
      tariff: {
        id: tariff.id,
        display_name: 'Flat',
        structure_type: 'FIXED',
        contract_end_date: '2030-01-01T00:00:00Z',
      },
    });
    assert.deepEqual(status.body.tariff_status.commodity_export, { status: 'NOT_CONNECTED' });
    assert.deepEqual(status.body.tariff_status.local, { status: 'NOT_SUPPORTED' });
  });

  it('accepts the older names tariff_direction, tariff_type, data, value and string dates', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const reply = await client.request('POST', '/tariffs/elements', {
      location_id: location.id,
      tariff_direction: 'EXPORT',
      tariff_type: 'COMMODITY',
      contract_start_date: '2024-01-01T00:00:00Z',
      contract_end_date: '2030-01-01T00:00:00Z',
      integration_instance: 'OCTOPUS_ENERGY_UK',
      data: [
        { months: ['All'], days_and_hours: [{ days: ['All'], hours: [{ rate: [{ value: 0.15 }] }] }] },
        {
          months: ['Dec'],
          dates: '24,25,26',
          days_and_hours: [{ days: ['All'], hours: [{ rate: [{ value: 0.05 }] }] }],
        },
      ],
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.equal(reply.body.direction, 'EXPORT');
    assert.equal(reply.body.schedule[0].days_and_hours[0].hours[0].rate[0].fixed, 0.15);
    assert.deepEqual(reply.body.schedule[1].dates, [24, 25, 26]);
    assert.equal((await client.request('GET', `/tariffs/elements/${reply.body.id}`)).status, 200);
  });

  it('maps a market tariff to the location market region', async () => {
    const client = await newClient(h);
    const location = await newLocation(client, { city: 'Amsterdam', country_code: 'NL' });
    const reply = await client.request(
      'POST',
      '/tariffs',
      base(location.id, { market_rates: true, schedule: undefined }),
    );
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.equal(reply.body.market_rates, true);
    assert.equal(reply.body.market_rate_source_id, location.market_sources.import);
  });

  it('answers 400 with a code naming the problem for each kind of bad tariff', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const gap = [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [
              { valid_from: '00:00:00', valid_to: '07:00:00', rate: [{ fixed: 0.1 }] },
              { valid_from: '08:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.3 }] },
            ],
          },
        ],
      },
    ];
    const overlap = [
      {
        months: ['All'],
        days_and_hours: [
          { days: ['Weekdays'], hours: [{ rate: [{ fixed: 0.1 }] }] },
          { days: ['Mon', 'Weekdays'], hours: [{ rate: [{ fixed: 0.2 }] }] },
        ],
      },
    ];
    const cases: [Record<string, unknown>, string][] = [
      [{ location_id: undefined }, 'location_id_missing'],
      [{ location_id: 'loc_65e421d1daa4a24082b4f590' }, 'location_id_invalid'],
      [{ direction: 'SIDEWAYS' }, 'tariff_direction_invalid'],
      [{ direction: undefined }, 'direction_missing'],
      [{ type: 'CHEAP' }, 'tariff_type_invalid'],
      [{ type: 'NON_COMMODITY', direction: 'EXPORT' }, 'tariff_type_not_supported'],
      [{ contract_start_date: 'yesterday' }, 'contract_start_date_invalid'],
      [{ contract_end_date: undefined }, 'contract_end_date_missing'],
      [{ contract_end_date: '2023-01-01T00:00:00Z' }, 'contract_end_date_invalid'],
      [{ schedule: gap }, 'gap_in_time_period'],
      [{ schedule: overlap }, 'overlap_in_time_period'],
      [
        {
          schedule: [
            { months: ['Jab'], days_and_hours: [{ days: ['All'], hours: [{ rate: [{ fixed: 1 }] }] }] },
          ],
        },
        'months_invalid',
      ],
      [
        {
          schedule: [
            { months: ['All'], days_and_hours: [{ days: ['Funday'], hours: [{ rate: [{ fixed: 1 }] }] }] },
          ],
        },
        'days_invalid',
      ],
      [
        {
          schedule: [
            {
              months: ['All'],
              days_and_hours: [{ days: ['All'], hours: [{ valid_from: '25:00:00', rate: [{ fixed: 1 }] }] }],
            },
          ],
        },
        'valid_from_invalid',
      ],
      [
        {
          schedule: [
            { months: ['All'], days_and_hours: [{ days: ['All'], hours: [{ rate: [{ to_kwh: 5 }] }] }] },
          ],
        },
        'fixed_missing',
      ],
      [{ schedule: [] }, 'schedule_invalid'],
      [{ schedule: 'flat' }, 'schedule_invalid'],
    ];
    for (const [patch, code] of cases) {
      const reply = await client.request('POST', '/tariffs', base(location.id, patch));
      assert.equal(reply.status, 400, `${code}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.code, code, JSON.stringify(reply.body));
      assert.equal(reply.body.context, 'api.tariff_create');
    }
    const gapReply = await client.request('POST', '/tariffs', base(location.id, { schedule: gap }));
    assert.match(gapReply.body.message, /07:00:00/);
    assert.deepEqual((await client.request('GET', `/locations/${location.id}`)).body.tariff_elements, []);
  });

  it('answers 400 location_id_invalid when the location belongs to another account', async () => {
    const owner = await newClient(h);
    const other = await newClient(h);
    const location = await newLocation(owner);
    const reply = await other.request('POST', '/tariffs', base(location.id));
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'location_id_invalid');
  });
});

describe('tariff_list, tariff_retrieve, tariff_update, tariff_delete', () => {
  it('lists newest first with location, direction and type filters', async () => {
    const client = await newClient(h);
    const one = await newLocation(client);
    const two = await newLocation(client);
    const a = (await client.request('POST', '/tariffs', base(one.id))).body;
    const b = (await client.request('POST', '/tariffs', base(one.id, { direction: 'EXPORT' }))).body;
    const c = (await client.request('POST', '/tariffs', base(two.id))).body;
    const ids = async (url: string) =>
      (await client.request('GET', url)).body.data.map((t: { id: string }) => t.id);
    assert.deepEqual(await ids('/tariffs'), [c.id, b.id, a.id]);
    assert.deepEqual(await ids(`/tariffs?location_id=${one.id}`), [b.id, a.id]);
    assert.deepEqual(await ids(`/tariffs?location_id=${one.id}&tariff_direction=IMPORT`), [a.id]);
    assert.deepEqual(await ids('/tariffs?type=NON_COMMODITY'), []);
    assert.equal(
      (await client.request('GET', '/tariffs?location_id=loc_65e421d1daa4a24082b4f590')).status,
      404,
    );
    assert.equal(
      (await client.request('GET', '/tariffs?direction=UP')).body.code,
      'tariff_direction_invalid',
    );
  });

  it('lists tariffs of several locations each with its own location zone and market region', async () => {
    const client = await newClient(h);
    const london = await newLocation(client);
    const amsterdam = await newLocation(client, { city: 'Amsterdam', country_code: 'NL' });
    const market = { market_rates: true, schedule: [] };
    const created = [
      (await client.request('POST', '/tariffs', base(london.id, market))).body,
      (await client.request('POST', '/tariffs', base(amsterdam.id, market))).body,
      (await client.request('POST', '/tariffs', base(amsterdam.id, { direction: 'EXPORT' }))).body,
    ];
    const listed = (await client.request('GET', '/tariffs')).body.data;
    assert.equal(listed.length, 3);
    for (const tariff of created) {
      const retrieved = (await client.request('GET', `/tariffs/${tariff.id}`)).body;
      assert.deepEqual(
        listed.find((t: { id: string }) => t.id === tariff.id),
        retrieved,
      );
    }
    const [inLondon, inAmsterdam] = created;
    assert.equal(inLondon.timezone, 'Europe/London');
    assert.equal(inAmsterdam.timezone, 'Europe/Amsterdam');
    assert.notEqual(inLondon.market_rate_source_id, inAmsterdam.market_rate_source_id);
    assert.match(inAmsterdam.market_rate_source_id, /^mrs_/);
    // an update reads the location once and keeps its region
    const renamed = await client.request('PATCH', `/tariffs/${inAmsterdam.id}`, { display_name: 'NL' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.market_rate_source_id, inAmsterdam.market_rate_source_id);
  });

  it('updates display name, contract and schedule and refuses to move the tariff', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const tariff = (await client.request('POST', '/tariffs', base(location.id))).body;
    const reply = await client.request('PATCH', `/tariffs/${tariff.id}`, {
      display_name: 'Renamed',
      data: flat(0.3),
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.display_name, 'Renamed');
    assert.equal(reply.body.schedule[0].days_and_hours[0].hours[0].rate[0].fixed, 0.3);
    const refused = await client.request('PATCH', `/tariffs/${tariff.id}`, { direction: 'EXPORT' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'direction_invalid');
    const badSchedule = await client.request('PATCH', `/tariffs/${tariff.id}`, { schedule: [] });
    assert.equal(badSchedule.body.code, 'schedule_invalid');
    assert.equal((await client.request('GET', `/tariffs/${tariff.id}`)).body.display_name, 'Renamed');
  });

  it('deletes a tariff, frees the slot and records tariff and location events', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const tariff = (await client.request('POST', '/tariffs', base(location.id))).body;
    const reply = await client.request('DELETE', `/tariffs/${tariff.id}`);
    assert.equal(reply.status, 202);
    assert.equal((await client.request('GET', `/tariffs/${tariff.id}`)).status, 404);
    const after = (await client.request('GET', `/locations/${location.id}`)).body;
    assert.deepEqual(after.tariff_elements, []);
    assert.equal(after.tariff_status.commodity_import, 'NOT_CONNECTED');
    const events = (await client.request('GET', '/events?limit=4')).body.data;
    assert.deepEqual(
      events.map((e: { type: string }) => e.type),
      ['location.update', 'tariff.delete', 'location.update', 'tariff.create'],
    );
    assert.deepEqual(events[1].data, {
      live_mode: false,
      account_id: client.accountId,
      location_id: location.id,
      tariff_id: tariff.id,
    });
  });

  it('deletes the tariffs of a deleted location', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const tariff = (await client.request('POST', '/tariffs', base(location.id))).body;
    assert.equal((await client.request('DELETE', `/locations/${location.id}`)).status, 202);
    assert.equal((await client.request('GET', `/tariffs/${tariff.id}`)).status, 404);
  });

  it('keeps tariffs apart between accounts and modes', async () => {
    const test = await newClient(h);
    const live = await newClient(h, 'live', test.accountId);
    const location = await newLocation(test);
    const tariff = (await test.request('POST', '/tariffs', base(location.id))).body;
    assert.equal((await live.request('GET', `/tariffs/${tariff.id}`)).status, 404);
    assert.equal((await live.request('DELETE', `/tariffs/${tariff.id}`)).status, 404);
    assert.deepEqual((await live.request('GET', '/tariffs')).body.data, []);
  });
});
