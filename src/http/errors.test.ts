import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const ERROR_KEYS = [
  'object',
  'live_mode',
  'context',
  'type',
  'code',
  'message',
  'time_created',
  'request_id',
];

describe('error responses', () => {
  it('carries the full error object when a route does not exist', async () => {
    const reply = await h.inject({ method: 'GET', url: '/nowhere' });
    assert.equal(reply.status, 404);
    assert.deepEqual(Object.keys(reply.body), ERROR_KEYS);
    assert.match(reply.body.time_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('answers 400 request_body_too_large when the body exceeds the limit', async () => {
    const client = await newClient(h);
    const reply = await h.inject({
      method: 'POST',
      url: '/customers',
      payload: JSON.stringify({ reference_id: 'x'.repeat(1_100_000) }),
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'request_body_too_large');
  });

  it('answers 400 content_type_invalid when the body is not JSON by content type', async () => {
    const client = await newClient(h);
    const reply = await h.inject({
      method: 'POST',
      url: '/customers',
      payload: 'reference_id=1',
      headers: {
        authorization: `Bearer ${client.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'content_type_invalid');
  });

  it('answers 400 with a code naming the nested field when a nested value has the wrong type', async () => {
    const client = await newClient(h);
    const reply = await client.request('POST', '/locations', {
      postal_address: { city: 7, country_code: 'GB' },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'city_invalid');
    assert.match(reply.body.message, /postal_address\.city/);
  });

  it('reports the token mode as live_mode on errors of live requests', async () => {
    const client = await newClient(h, 'live');
    const reply = await client.request('GET', '/customers/cus_65e421d1daa4a24082b4f590');
    assert.equal(reply.status, 404);
    assert.equal(reply.body.live_mode, true);
  });

  it('answers 500 server_error without internals when the database fails', async () => {
    const broken = await startHarness();
    const client = await newClient(broken);
    await broken.database.close();
    const reply = await client.request('GET', '/customers/cus_65e421d1daa4a24082b4f590');
    await broken.app.close();
    assert.equal(reply.status, 500);
    assert.equal(reply.body.type, 'api_error');
    assert.equal(reply.body.code, 'server_error');
    assert.equal(reply.body.message, 'Internal Server Error');
    assert.doesNotMatch(JSON.stringify(reply.body), /at |stack|pool|kysely/i);
  });
});
