import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const PV_SYSTEM = {
  capacity_kw: 4.2,
  azimuth: 180,
  tilt: 35,
  inverter: { model: 'X1', efficiency: 0.97 },
  arrays: [{ panels: 12 }, { panels: 6 }],
  tracking: false,
  installed: null,
};

async function createDevice(client: Client, body: unknown = {}) {
  const reply = await client.request('POST', '/devices', body);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

function ids(reply: { body: { data: { id: string }[] } }): string[] {
  return reply.body.data.map((item) => item.id);
}

describe('device_create', () => {
  it('creates a device with the anode fields when given a reference_id', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'DEV1234567890' });
    assert.match(device.id, /^dev_[0-9a-f]{24}$/);
    assert.deepEqual(Object.keys(device), [
      'id',
      'object',
      'live_mode',
      'reference_id',
      'time_created',
      'account_id',
    ]);
    assert.equal(device.object, 'device');
    assert.equal(device.live_mode, false);
    assert.equal(device.reference_id, 'DEV1234567890');
    assert.equal(device.account_id, client.accountId);
    assert.match(device.time_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal('last_seen' in device, false);
    assert.equal('pv_system' in device, false);
  });

  it('creates a device without reference_id when the body is empty or absent', async () => {
    const client = await newClient(h);
    const empty = await createDevice(client, {});
    assert.equal('reference_id' in empty, false);
    const absent = await h.inject({
      method: 'POST',
      url: '/devices',
      headers: { authorization: `Bearer ${client.token}` },
    });
    assert.equal(absent.status, 201);
    assert.equal('reference_id' in absent.body, false);
    assert.deepEqual((await client.request('GET', `/devices/${absent.body.id}`)).body, absent.body);
  });

  it('stores pv_system and echoes it when it is given', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'PV1', pv_system: PV_SYSTEM });
    assert.deepEqual(device.pv_system, PV_SYSTEM);
    assert.deepEqual(Object.keys(device), [
      'id',
      'object',
      'live_mode',
      'reference_id',
      'time_created',
      'account_id',
      'pv_system',
    ]);
    const reply = await client.request('GET', `/devices/${device.id}`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, device);
  });

  it('sets live_mode true when a live token creates the device', async () => {
    const client = await newClient(h, 'live');
    const device = await createDevice(client, { reference_id: 'LIVE' });
    assert.equal(device.live_mode, true);
  });

  it('answers 400 naming the field when a field has the wrong type or is too long', async () => {
    const client = await newClient(h);
    const cases: [unknown, string, RegExp][] = [
      [{ reference_id: 42 }, 'reference_id_invalid', /reference_id/],
      [{ reference_id: null }, 'reference_id_invalid', /reference_id/],
      [{ reference_id: 'x'.repeat(256) }, 'reference_id_invalid', /reference_id/],
      [{ pv_system: 'south-facing' }, 'pv_system_invalid', /pv_system/],
      [{ pv_system: [1, 2] }, 'pv_system_invalid', /pv_system/],
    ];
    for (const [body, code, message] of cases) {
      const reply = await client.request('POST', '/devices', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.code, code, JSON.stringify(body));
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.context, 'api.device_create');
      assert.match(reply.body.message, message);
    }
    assert.deepEqual((await client.request('GET', '/devices')).body.data, []);
  });

  it('answers 400 request_body_invalid when the body is not JSON or not an object', async () => {
    const client = await newClient(h);
    const broken = await h.inject({
      method: 'POST',
      url: '/devices',
      payload: '{"reference_id": ',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
    });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.code, 'request_body_invalid');
    const array = await client.request('POST', '/devices', ['DEV']);
    assert.equal(array.status, 400);
    assert.equal(array.body.code, 'request_body_invalid');
  });

  it('ignores fields it does not know when clients of other versions send them', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'X', vpp_participation: { id: 'vpa_1' } });
    assert.equal('vpp_participation' in device, false);
  });

  it('answers 403 when no token is given', async () => {
    const reply = await h.inject({ method: 'POST', url: '/devices', body: {} });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.code, 'access_denied');
    assert.equal(reply.body.context, 'api.device_create');
  });

  it('records a device.create event whose data is the device', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'EVT', pv_system: PV_SYSTEM });
    const events = await client.request('GET', `/events?object_id=${device.id}`);
    assert.equal(events.status, 200);
    assert.deepEqual(
      events.body.data.map((e: { type: string }) => e.type),
      ['device.create'],
    );
    assert.deepEqual(events.body.data[0].data, device);
  });
});

describe('device_retrieve', () => {
  it('returns the device when it exists', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'R1' });
    const reply = await client.request('GET', `/devices/${device.id}`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, device);
  });

  it('answers 404 not_found when the ID is unknown or malformed', async () => {
    const client = await newClient(h);
    for (const id of [
      'dev_6563a6757360a6d6a628e839',
      'dev_a83ec6da1e0d4917b9e9abf58d60574e',
      'nope',
      'DEV_X',
    ]) {
      const reply = await client.request('GET', `/devices/${id}`);
      assert.equal(reply.status, 404, id);
      assert.equal(reply.body.code, 'not_found');
      assert.equal(reply.body.message, 'Not Found');
      assert.equal(reply.body.context, 'api.device_retrieve');
    }
  });

  it('answers 404 when the device belongs to another account', async () => {
    const owner = await newClient(h);
    const stranger = await newClient(h);
    const device = await createDevice(owner, { reference_id: 'MINE' });
    assert.equal((await stranger.request('GET', `/devices/${device.id}`)).status, 404);
    assert.equal(
      (await stranger.request('PATCH', `/devices/${device.id}`, { reference_id: 'x' })).status,
      404,
    );
    assert.equal((await stranger.request('DELETE', `/devices/${device.id}`)).status, 404);
    assert.deepEqual((await stranger.request('GET', '/devices')).body.data, []);
    assert.deepEqual((await stranger.request('GET', `/events?object_id=${device.id}`)).body.data, []);
    assert.deepEqual((await owner.request('GET', `/devices/${device.id}`)).body, device);
  });

  it('answers 404 when a live token asks for a test-mode device of the same account', async () => {
    const test = await newClient(h, 'test');
    const live = await newClient(h, 'live', test.accountId);
    const device = await createDevice(test);
    assert.equal((await live.request('GET', `/devices/${device.id}`)).status, 404);
    assert.equal((await live.request('PATCH', `/devices/${device.id}`, { reference_id: 'x' })).status, 404);
    assert.equal((await live.request('DELETE', `/devices/${device.id}`)).status, 404);
    const liveList = await live.request('GET', '/devices');
    assert.deepEqual(liveList.body.data, []);
    assert.equal(liveList.body.has_more, false);
    const liveDevice = await createDevice(live);
    assert.equal((await test.request('GET', `/devices/${liveDevice.id}`)).status, 404);
    assert.deepEqual(ids(await test.request('GET', '/devices')), [device.id]);
  });
});

describe('device_update', () => {
  it('answers 200 with the changed device and records device.update with it', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'OLD' });
    const reply = await client.request('PATCH', `/devices/${device.id}`, { reference_id: 'NEW' });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { ...device, reference_id: 'NEW' });
    const events = await client.request('GET', `/events?event_type=device.update&object_id=${device.id}`);
    assert.equal(events.body.data.length, 1);
    assert.deepEqual(events.body.data[0].data, reply.body);
    assert.deepEqual((await client.request('GET', `/devices/${device.id}`)).body, reply.body);
  });

  it('sets a reference_id on a device created without one', async () => {
    const client = await newClient(h);
    const device = await createDevice(client);
    const reply = await client.request('PATCH', `/devices/${device.id}`, { reference_id: 'LATER' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.reference_id, 'LATER');
  });

  it('keeps the fields that the body leaves out and replaces pv_system when it is given', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'KEEP', pv_system: PV_SYSTEM });
    const renamed = await client.request('PATCH', `/devices/${device.id}`, { reference_id: 'RENAMED' });
    assert.equal(renamed.status, 200);
    assert.deepEqual(renamed.body.pv_system, PV_SYSTEM);
    const replaced = await client.request('PATCH', `/devices/${device.id}`, {
      pv_system: { capacity_kw: 6 },
    });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.reference_id, 'RENAMED');
    assert.deepEqual(replaced.body.pv_system, { capacity_kw: 6 });
    assert.deepEqual((await client.request('GET', `/devices/${device.id}`)).body, replaced.body);
  });

  it('answers 200 with the device unchanged when the body is empty', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'SAME' });
    const reply = await client.request('PATCH', `/devices/${device.id}`, {});
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, device);
  });

  it('answers 400 and changes nothing, without an event, when the body is invalid', async () => {
    const client = await newClient(h);
    const device = await createDevice(client, { reference_id: 'SAFE', pv_system: PV_SYSTEM });
    const cases: [unknown, string][] = [
      [{ reference_id: ['x'] }, 'reference_id_invalid'],
      [{ reference_id: 'y'.repeat(256) }, 'reference_id_invalid'],
      [{ reference_id: 'CHANGED', pv_system: 3 }, 'pv_system_invalid'],
    ];
    for (const [body, code] of cases) {
      const reply = await client.request('PATCH', `/devices/${device.id}`, body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.code, code, JSON.stringify(body));
      assert.equal(reply.body.context, 'api.device_update');
    }
    assert.deepEqual((await client.request('GET', `/devices/${device.id}`)).body, device);
    const events = await client.request('GET', `/events?object_id=${device.id}`);
    assert.deepEqual(
      events.body.data.map((e: { type: string }) => e.type),
      ['device.create'],
    );
  });

  it('answers 404 when the device is unknown', async () => {
    const client = await newClient(h);
    const reply = await client.request('PATCH', '/devices/dev_6563a6757360a6d6a628e839', {
      reference_id: 'X',
    });
    assert.equal(reply.status, 404);
    assert.equal(reply.body.code, 'not_found');
    assert.equal(reply.body.context, 'api.device_update');
  });
});

describe('device_delete', () => {
  it('answers 202 Accepted, removes the device and records device.delete with it', async () => {
    const client = await newClient(h);
    const kept = await createDevice(client, { reference_id: 'KEPT' });
    const device = await createDevice(client, { reference_id: 'GONE', pv_system: PV_SYSTEM });
    const reply = await client.request('DELETE', `/devices/${device.id}`);
    assert.equal(reply.status, 202);
    assert.deepEqual(reply.body, { message: 'Accepted' });
    assert.equal((await client.request('GET', `/devices/${device.id}`)).status, 404);
    assert.deepEqual(ids(await client.request('GET', '/devices')), [kept.id]);
    const events = await client.request('GET', `/events?object_id=${device.id}`);
    assert.deepEqual(
      events.body.data.map((e: { type: string }) => e.type),
      ['device.delete', 'device.create'],
    );
    assert.deepEqual(events.body.data[0].data, device);
  });

  it('answers 404 when the device is already deleted or unknown', async () => {
    const client = await newClient(h);
    const device = await createDevice(client);
    assert.equal((await client.request('DELETE', `/devices/${device.id}`)).status, 202);
    const again = await client.request('DELETE', `/devices/${device.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'not_found');
    assert.equal(again.body.context, 'api.device_delete');
    assert.equal((await client.request('DELETE', '/devices/nope')).status, 404);
  });
});

describe('device_list', () => {
  it('lists newest first with the list envelope', async () => {
    const client = await newClient(h);
    const first = await createDevice(client, { reference_id: 'A' });
    const second = await createDevice(client);
    const reply = await client.request('GET', '/devices');
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.body), ['object', 'url', 'has_more', 'data']);
    assert.equal(reply.body.object, 'list');
    assert.equal(reply.body.url, '/devices');
    assert.equal(reply.body.has_more, false);
    assert.deepEqual(reply.body.data, [second, first]);
  });

  it('filters by exact reference_id', async () => {
    const client = await newClient(h);
    await createDevice(client, { reference_id: 'dev-1' });
    const match = await createDevice(client, { reference_id: 'DEV-1' });
    await createDevice(client);
    assert.deepEqual(ids(await client.request('GET', '/devices?reference_id=DEV-1')), [match.id]);
    assert.deepEqual(ids(await client.request('GET', '/devices?reference_id=DEV')), []);
  });

  it('pages with limit, starting_after and ending_before', async () => {
    const client = await newClient(h);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createDevice(client, { reference_id: `P${i}` })).id);
    const newest = [...made].reverse();
    const page1 = await client.request('GET', '/devices?limit=2');
    assert.deepEqual(ids(page1), newest.slice(0, 2));
    assert.equal(page1.body.has_more, true);
    const page2 = await client.request('GET', `/devices?limit=2&starting_after=${newest[1]}`);
    assert.deepEqual(ids(page2), newest.slice(2, 4));
    assert.equal(page2.body.has_more, true);
    const page3 = await client.request('GET', `/devices?limit=2&starting_after=${newest[3]}`);
    assert.deepEqual(ids(page3), newest.slice(4));
    assert.equal(page3.body.has_more, false);
    const back = await client.request('GET', `/devices?limit=2&ending_before=${newest[2]}`);
    assert.deepEqual(ids(back), newest.slice(0, 2));
    assert.equal(back.body.has_more, false);
  });

  it('answers 400 for a bad limit, both cursors, or a cursor that is not a device of this account', async () => {
    const client = await newClient(h);
    const stranger = await newClient(h);
    const device = await createDevice(client);
    const foreign = await createDevice(stranger);
    const cases: [string, string][] = [
      ['/devices?limit=0', 'limit_invalid'],
      ['/devices?limit=101', 'limit_invalid'],
      ['/devices?limit=1.5', 'limit_invalid'],
      [`/devices?starting_after=${device.id}&ending_before=${device.id}`, 'cursor_conflict'],
      [`/devices?starting_after=${foreign.id}`, 'starting_after_invalid'],
      ['/devices?ending_before=dev_6563a6757360a6d6a628e839', 'ending_before_invalid'],
    ];
    for (const [url, code] of cases) {
      const reply = await client.request('GET', url);
      assert.equal(reply.status, 400, url);
      assert.equal(reply.body.code, code, url);
      assert.equal(reply.body.context, 'api.device_list');
    }
  });
});
