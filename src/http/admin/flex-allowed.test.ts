import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Harness } from '../../testing/harness.ts';

/** [decision:location-addresses]: `flex_allowed` is false unless set through the admin surface. */
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const admin = (id: string, body: unknown, token = h.adminToken) =>
  h.inject({
    method: 'PATCH',
    url: `/admin/locations/${id}`,
    body,
    headers: { authorization: `Bearer ${token}` },
  });

describe('admin_location_update', () => {
  it('sets flex_allowed on a location of any account and emits location.update', async () => {
    const client = await newClient(h, 'live');
    const location = await client.request('POST', '/locations', {
      postal_address: { city: 'London', country_code: 'GB' },
    });
    assert.equal(location.body.flex_allowed, false);
    const on = await admin(location.body.id, { flex_allowed: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.flex_allowed, true);
    assert.equal(on.body.live_mode, true);
    const read = await client.request('GET', `/locations/${location.body.id}`);
    assert.equal(read.body.flex_allowed, true);
    const events = await client.request('GET', '/events?limit=1');
    assert.equal(events.body.data[0].type, 'location.update');
    assert.equal(events.body.data[0].data.flex_allowed, true);
    const off = await admin(location.body.id, { flex_allowed: false });
    assert.equal(off.body.flex_allowed, false);
  });

  it('answers 404 for an unknown location, 400 without a boolean and 403 without the admin token', async () => {
    const client = await newClient(h);
    const location = await client.request('POST', '/locations', {
      postal_address: { city: 'London', country_code: 'GB' },
    });
    assert.equal((await admin('loc_65e421d1daa4a24082b4f590', { flex_allowed: true })).status, 404);
    const missing = await admin(location.body.id, {});
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, 'flex_allowed_missing');
    const invalid = await admin(location.body.id, { flex_allowed: 'yes' });
    assert.equal(invalid.body.code, 'flex_allowed_invalid');
    const denied = await admin(location.body.id, { flex_allowed: true }, client.token);
    assert.equal(denied.status, 403);
    assert.equal((await client.request('GET', `/locations/${location.body.id}`)).body.flex_allowed, false);
  });
});
