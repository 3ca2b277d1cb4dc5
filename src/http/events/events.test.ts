import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

interface ApiEvent {
  id: string;
  type: string;
  data: { id: string } & Record<string, unknown>;
}

async function create(client: Client, url: string, body: unknown = {}) {
  const reply = await client.request('POST', url, body);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

async function listEvents(client: Client, query = '') {
  const reply = await client.request('GET', `/events${query}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply;
}

function ids(reply: { body: { data: { id: string }[] } }): string[] {
  return reply.body.data.map((item) => item.id);
}

/** Makes `count` device.create events and returns their IDs, newest first. */
async function makeEvents(client: Client, count: number): Promise<string[]> {
  for (let i = 0; i < count; i++) await create(client, '/devices', { reference_id: `D${i}` });
  const reply = await listEvents(client, `?limit=${count}`);
  assert.equal(reply.body.data.length, count);
  return ids(reply);
}

describe('event_list', () => {
  it('lists the events of the account newest first with the list envelope', async () => {
    const client = await newClient(h);
    const customer = await create(client, '/customers', { reference_id: 'C' });
    const device = await create(client, '/devices', { reference_id: 'D' });
    const location = await create(client, '/locations', {
      customer_id: customer.id,
      postal_address: { city: 'London', country_code: 'GB' },
    });
    const reply = await listEvents(client);
    assert.deepEqual(Object.keys(reply.body), ['object', 'url', 'has_more', 'data']);
    assert.equal(reply.body.object, 'list');
    assert.equal(reply.body.url, '/events');
    assert.equal(reply.body.has_more, false);
    const events = reply.body.data as ApiEvent[];
    assert.deepEqual(
      events.map((e) => [e.type, e.data.id]),
      [
        ['location.create', location.id],
        ['device.create', device.id],
        ['customer.create', customer.id],
      ],
    );
    assert.deepEqual(
      events.map((e) => e.data),
      [location, device, customer],
    );
    const sorted = [...ids(reply)].sort().reverse();
    assert.deepEqual(ids(reply), sorted);
  });

  it('filters by event_type', async () => {
    const client = await newClient(h);
    const device = await create(client, '/devices', { reference_id: 'A' });
    await create(client, '/customers');
    await client.request('PATCH', `/devices/${device.id}`, { reference_id: 'B' });
    const second = await create(client, '/devices');
    const creates = (await listEvents(client, '?event_type=device.create')).body.data as ApiEvent[];
    assert.deepEqual(
      creates.map((e) => e.data.id),
      [second.id, device.id],
    );
    assert.ok(creates.every((e) => e.type === 'device.create'));
    const updates = (await listEvents(client, '?event_type=device.update')).body.data as ApiEvent[];
    assert.deepEqual(
      updates.map((e) => [e.type, e.data.reference_id]),
      [['device.update', 'B']],
    );
    assert.deepEqual((await listEvents(client, '?event_type=device')).body.data, []);
    assert.deepEqual((await listEvents(client, '?event_type=tariff.expired')).body.data, []);
  });

  it('filters by object_id, alone and with event_type', async () => {
    const client = await newClient(h);
    const device = await create(client, '/devices', { reference_id: 'FIRST' });
    await create(client, '/devices');
    await client.request('PATCH', `/devices/${device.id}`, { reference_id: 'SECOND' });
    await client.request('DELETE', `/devices/${device.id}`);
    const all = (await listEvents(client, `?object_id=${device.id}`)).body.data as ApiEvent[];
    assert.deepEqual(
      all.map((e) => e.type),
      ['device.delete', 'device.update', 'device.create'],
    );
    assert.ok(all.every((e) => e.data.id === device.id));
    // Each event holds the object as it was at that moment.
    assert.deepEqual(
      all.map((e) => e.data.reference_id),
      ['SECOND', 'SECOND', 'FIRST'],
    );
    const one = await listEvents(client, `?object_id=${device.id}&event_type=device.update`);
    assert.deepEqual(
      (one.body.data as ApiEvent[]).map((e) => e.type),
      ['device.update'],
    );
    assert.deepEqual((await listEvents(client, '?object_id=dev_6563a6757360a6d6a628e839')).body.data, []);
  });

  it('answers pages of 30 when no limit is given', async () => {
    const client = await newClient(h);
    const newest = await makeEvents(client, 32);
    const first = await listEvents(client);
    assert.equal(first.body.data.length, 30);
    assert.equal(first.body.has_more, true);
    assert.deepEqual(ids(first), newest.slice(0, 30));
    const rest = await listEvents(client, `?starting_after=${newest[29]}`);
    assert.deepEqual(ids(rest), newest.slice(30));
    assert.equal(rest.body.has_more, false);
    const all = await listEvents(client, '?limit=100');
    assert.deepEqual(ids(all), newest);
    assert.equal(all.body.has_more, false);
  });

  it('pages with limit, starting_after and ending_before', async () => {
    const client = await newClient(h);
    const newest = await makeEvents(client, 5);
    const page1 = await listEvents(client, '?limit=2');
    assert.deepEqual(ids(page1), newest.slice(0, 2));
    assert.equal(page1.body.has_more, true);
    const page2 = await listEvents(client, `?limit=2&starting_after=${newest[1]}`);
    assert.deepEqual(ids(page2), newest.slice(2, 4));
    assert.equal(page2.body.has_more, true);
    const page3 = await listEvents(client, `?limit=2&starting_after=${newest[3]}`);
    assert.deepEqual(ids(page3), newest.slice(4));
    assert.equal(page3.body.has_more, false);
    const back = await listEvents(client, `?limit=2&ending_before=${newest[4]}`);
    assert.deepEqual(ids(back), newest.slice(2, 4));
    assert.equal(back.body.has_more, true);
    const top = await listEvents(client, `?limit=2&ending_before=${newest[2]}`);
    assert.deepEqual(ids(top), newest.slice(0, 2));
    assert.equal(top.body.has_more, false);
    const none = await listEvents(client, `?ending_before=${newest[0]}`);
    assert.deepEqual(none.body.data, []);
    assert.equal(none.body.has_more, false);
  });

  it('pages through a filtered list without mixing in other types', async () => {
    const client = await newClient(h);
    const devices: string[] = [];
    for (let i = 0; i < 3; i++) {
      devices.push((await create(client, '/devices')).id);
      await create(client, '/customers');
    }
    const page1 = await listEvents(client, '?event_type=device.create&limit=2');
    assert.deepEqual(
      (page1.body.data as ApiEvent[]).map((e) => e.data.id),
      [devices[2], devices[1]],
    );
    assert.equal(page1.body.has_more, true);
    const page2 = await listEvents(
      client,
      `?event_type=device.create&limit=2&starting_after=${page1.body.data[1].id}`,
    );
    assert.deepEqual(
      (page2.body.data as ApiEvent[]).map((e) => e.data.id),
      [devices[0]],
    );
    assert.equal(page2.body.has_more, false);
  });

  it('answers 400 for a bad limit, both cursors, or a cursor that is not an event of this account', async () => {
    const client = await newClient(h);
    const stranger = await newClient(h);
    const [event] = await makeEvents(client, 1);
    const [foreign] = await makeEvents(stranger, 1);
    const device = (await client.request('GET', '/devices')).body.data[0];
    const cases: [string, string][] = [
      ['/events?limit=0', 'limit_invalid'],
      ['/events?limit=101', 'limit_invalid'],
      ['/events?limit=-1', 'limit_invalid'],
      ['/events?limit=many', 'limit_invalid'],
      [`/events?starting_after=${event}&ending_before=${event}`, 'cursor_conflict'],
      [`/events?starting_after=${foreign}`, 'starting_after_invalid'],
      [`/events?starting_after=${device.id}`, 'starting_after_invalid'],
      ['/events?ending_before=evt_3e82b87128ad42c0a352a7305219bfa2', 'ending_before_invalid'],
    ];
    for (const [url, code] of cases) {
      const reply = await client.request('GET', url);
      assert.equal(reply.status, 400, url);
      assert.equal(reply.body.code, code, url);
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.context, 'api.event_list');
    }
  });

  it('shows each account and mode only its own events', async () => {
    const test = await newClient(h, 'test');
    const live = await newClient(h, 'live', test.accountId);
    const stranger = await newClient(h);
    const testEvents = await makeEvents(test, 2);
    const liveDevice = await create(live, '/devices', { reference_id: 'LIVE' });
    const liveList = await listEvents(live);
    assert.deepEqual(
      (liveList.body.data as ApiEvent[]).map((e) => [e.type, e.data.id]),
      [['device.create', liveDevice.id]],
    );
    assert.equal(liveList.body.data[0].live_mode, true);
    assert.deepEqual(ids(await listEvents(test)), testEvents);
    assert.deepEqual((await listEvents(stranger)).body.data, []);
  });

  it('answers 403 when no token is given', async () => {
    const reply = await h.inject({ method: 'GET', url: '/events' });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.code, 'access_denied');
    assert.equal(reply.body.context, 'api.event_list');
  });
});

describe('event_retrieve', () => {
  it('returns the event with every Event field when it exists', async () => {
    const client = await newClient(h);
    const device = await create(client, '/devices', { reference_id: 'DEV1234567890' });
    const listed = (await listEvents(client)).body.data[0];
    const reply = await client.request('GET', `/events/${listed.id}`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, listed);
    const event = reply.body;
    assert.deepEqual(Object.keys(event), [
      'id',
      'object',
      'type',
      'live_mode',
      'account_id',
      'time_created',
      'data',
    ]);
    assert.match(event.id, /^evt_[0-9a-f]{24}$/);
    assert.equal(event.object, 'event');
    assert.equal(event.type, 'device.create');
    assert.equal(event.live_mode, false);
    assert.equal(event.account_id, client.accountId);
    assert.match(event.time_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Date.parse(event.time_created) - Date.parse(device.time_created)) <= 1000);
    assert.deepEqual(event.data, device);
  });

  it('reports live_mode true for an event made with a live token', async () => {
    const client = await newClient(h, 'live');
    const customer = await create(client, '/customers', { reference_id: 'LIVE' });
    const [id] = ids(await listEvents(client));
    const reply = await client.request('GET', `/events/${id}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.live_mode, true);
    assert.equal(reply.body.type, 'customer.create');
    assert.deepEqual(reply.body.data, customer);
  });

  it('answers 404 not_found when the ID is unknown or malformed', async () => {
    const client = await newClient(h);
    const device = await create(client, '/devices');
    for (const id of [
      'evt_65e42b7827c0526548432b9f',
      'evt_3e82b87128ad42c0a352a7305219bfa2',
      device.id,
      'nope',
    ]) {
      const reply = await client.request('GET', `/events/${id}`);
      assert.equal(reply.status, 404, id);
      assert.equal(reply.body.code, 'not_found');
      assert.equal(reply.body.message, 'Not Found');
      assert.equal(reply.body.context, 'api.event_retrieve');
    }
  });

  it('answers 404 when the event belongs to another account or the other mode', async () => {
    const owner = await newClient(h);
    const live = await newClient(h, 'live', owner.accountId);
    const stranger = await newClient(h);
    const [id] = await makeEvents(owner, 1);
    assert.equal((await stranger.request('GET', `/events/${id}`)).status, 404);
    assert.equal((await live.request('GET', `/events/${id}`)).status, 404);
    assert.equal((await owner.request('GET', `/events/${id}`)).status, 200);
  });
});
