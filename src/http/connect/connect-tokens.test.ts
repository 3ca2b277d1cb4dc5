import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const URLS = { connect_url: 'myapp://nova/flatpeak/connect', callback_url: 'myapp://nova/flatpeak/complete' };
const LONDON = { address_line1: '1-3', city: 'London', post_code: 'WC2N 5EH', country_code: 'GB' };

async function newLocation(client: Client) {
  const customer = await client.request('POST', '/customers', { reference_id: 'CUS1' });
  const location = await client.request('POST', '/locations', {
    customer_id: customer.body.id,
    postal_address: LONDON,
  });
  assert.equal(location.status, 201);
  return { customerId: customer.body.id as string, locationId: location.body.id as string };
}

async function tokenError(client: Client, body: unknown, path = '/connect/token') {
  const reply = await client.request('POST', path, body);
  assert.equal(reply.status, 400, JSON.stringify(reply.body));
  assert.equal(reply.body.type, 'invalid_request');
  assert.equal(
    reply.body.context,
    path === '/connect/token' ? 'api.connect_token_create' : 'api.connect_tariff_token_create',
  );
  return reply.body.code as string;
}

describe('connect_token_create', () => {
  it('answers 200 with a cot_ token valid for 86400 s when given the two URLs', async () => {
    const client = await newClient(h);
    const reply = await client.request('POST', '/connect/token', URLS);
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.body), ['connect_token', 'expires_in', 'live_mode']);
    assert.match(reply.body.connect_token, /^cot_[0-9a-f]{24}$/);
    assert.equal(reply.body.expires_in, 86400);
    assert.equal(reply.body.live_mode, false);
  });

  it('serves the earlier path /connect/tariff/token and the older field names', async () => {
    const client = await newClient(h, 'live');
    const reply = await client.request('POST', '/connect/tariff/token', {
      connect_web_uri: 'https://app.example.com/connect',
      callback_uri: 'https://app.example.com/done',
      direction: 'EXPORT',
      type: 'COMMODITY',
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.live_mode, true);
    const read = await client.request(
      'GET',
      `/connect/tariff/token?connect_token=${reply.body.connect_token}`,
    );
    assert.equal(read.status, 200);
    assert.equal(read.body.object, 'connect_token');
    assert.equal(read.body.live_mode, true);
  });

  it('answers the documented codes for missing URLs, bad enums and conflicting location fields', async () => {
    const client = await newClient(h);
    assert.equal(await tokenError(client, { callback_url: URLS.callback_url }), 'connect_url_missing');
    assert.equal(await tokenError(client, { connect_url: URLS.connect_url }), 'callback_url_missing');
    assert.equal(
      await tokenError(client, { ...URLS, tariff_direction: 'SIDEWAYS' }),
      'tariff_direction_invalid',
    );
    assert.equal(await tokenError(client, { ...URLS, direction: 'SIDEWAYS' }), 'tariff_direction_invalid');
    assert.equal(await tokenError(client, { ...URLS, tariff_type: 'GAS' }), 'tariff_type_invalid');
    assert.equal(
      await tokenError(client, {
        ...URLS,
        location_id: 'loc_641b90b758fb8e6293716e40',
        location_reference_id: 'L1',
      }),
      'location_reference_conflict',
    );
    assert.equal(await tokenError(client, { ...URLS, connect_url: 'not a url' }), 'connect_url_invalid');
    assert.equal(
      await tokenError(client, { ...URLS, callback_url: 'javascript:alert(1)' }),
      'callback_url_invalid',
    );
    assert.equal(
      await tokenError(client, { ...URLS, tariff_type: 'NON_COMMODITY', tariff_direction: 'EXPORT' }),
      'tariff_direction_not_supported',
    );
    assert.equal(
      await tokenError(client, { connect_url: URLS.connect_url }, '/connect/tariff/token'),
      'callback_url_missing',
    );
  });

  it('answers <field>_invalid for IDs that do not exist in the account and mode', async () => {
    const client = await newClient(h);
    const other = await newClient(h, 'test');
    const live = await newClient(h, 'live', client.accountId);
    const theirs = await newLocation(other);
    const liveOnes = await newLocation(live);
    for (const [field, value] of [
      ['customer_id', theirs.customerId],
      ['location_id', theirs.locationId],
      ['customer_id', liveOnes.customerId],
      ['location_id', liveOnes.locationId],
      ['tariff_id', 'trf_6597ef46529ab4467502af0b'],
    ]) {
      assert.equal(await tokenError(client, { ...URLS, [field as string]: value }), `${field}_invalid`);
    }
    assert.equal(await tokenError(client, { ...URLS, customer_id: 'cus_nothex' }), 'customer_id_invalid');
  });

  it('refuses LOCAL with tariff_direction_not_supported only after the operator switched it off', async () => {
    const client = await newClient(h);
    const allowed = await client.request('POST', '/connect/token', { ...URLS, tariff_direction: 'LOCAL' });
    assert.equal(allowed.status, 200);
    const admin = { authorization: `Bearer ${h.adminToken}` };
    const off = await h.inject({
      method: 'PATCH',
      url: `/admin/accounts/${client.accountId}`,
      headers: admin,
      body: { connect_local_enabled: false },
    });
    assert.equal(off.status, 200);
    assert.equal(off.body.connect_local_enabled, false);
    assert.equal(
      await tokenError(client, { ...URLS, tariff_direction: 'LOCAL' }),
      'tariff_direction_not_supported',
    );
    const importStill = await client.request('POST', '/connect/token', {
      ...URLS,
      tariff_direction: 'IMPORT',
    });
    assert.equal(importStill.status, 200);
    await h.inject({
      method: 'PATCH',
      url: `/admin/accounts/${client.accountId}`,
      headers: admin,
      body: { connect_local_enabled: true },
    });
    const again = await client.request('POST', '/connect/token', { ...URLS, tariff_direction: 'LOCAL' });
    assert.equal(again.status, 200);
  });
});

describe('connect_token_retrieve', () => {
  it('answers the token with the location, customer and references it was made for', async () => {
    const client = await newClient(h);
    const { customerId, locationId } = await newLocation(client);
    const created = await client.request('POST', '/connect/token', {
      ...URLS,
      location_id: locationId,
      customer_reference_id: 'CUS0123456789',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const before = Date.now();
    const read = await client.request('GET', `/connect/token?connect_token=${created.body.connect_token}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.id, created.body.connect_token);
    assert.equal(read.body.location_id, locationId);
    assert.equal(read.body.customer_id, customerId, 'the location names its customer');
    assert.equal(read.body.customer_reference_id, 'CUS0123456789');
    assert.equal(read.body.is_tariff_processed, false);
    assert.equal('complete_action' in read.body, false);
    const lifetime = Date.parse(read.body.time_expiry) - Date.parse(read.body.time_created);
    assert.equal(lifetime, 86_400_000);
    assert.ok(Math.abs(Date.parse(read.body.time_created) - before) < 5_000);
  });

  it('answers 404 for a token of another account or mode and 400 for a malformed one', async () => {
    const client = await newClient(h);
    const created = await client.request('POST', '/connect/token', URLS);
    const token = created.body.connect_token as string;
    const other = await newClient(h);
    const live = await newClient(h, 'live', client.accountId);
    for (const reader of [other, live]) {
      const reply = await reader.request('GET', `/connect/token?connect_token=${token}`);
      assert.equal(reply.status, 404);
      assert.equal(reply.body.code, 'not_found');
    }
    const malformed = await client.request('GET', '/connect/token?connect_token=tok_123');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'connect_token_invalid');
    const missing = await client.request('GET', '/connect/token');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, 'connect_token_missing');
  });

  it('answers 400 connect_token_expired once the scope clock passes time_expiry', async () => {
    const client = await newClient(h);
    const created = await client.request('POST', '/connect/token', URLS);
    const url = `/connect/token?connect_token=${created.body.connect_token}`;
    h.clockOffset = 86_400_000 - 60_000;
    try {
      // Bearer tokens live an hour, so each moment logs in afresh with a key of the same account.
      const nearly = await newClient(h, 'test', client.accountId);
      assert.equal((await nearly.request('GET', url)).status, 200);
      h.clockOffset = 86_400_000 + 1_000;
      const later = await newClient(h, 'test', client.accountId);
      const expired = await later.request('GET', url);
      assert.equal(expired.status, 400);
      assert.equal(expired.body.code, 'connect_token_expired');
    } finally {
      h.clockOffset = 0;
    }
  });
});
