import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe('Flatpeak-Version', () => {
  it('serves 2025-09-14.anode when the header is absent or names it', async () => {
    const client = await newClient(h);
    for (const headers of [{}, { 'flatpeak-version': '2025-09-14.anode' }] as Record<string, string>[]) {
      const reply = await client.request('GET', '/customers', undefined, headers);
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['flatpeak-version'], '2025-09-14.anode');
    }
  });

  it('answers 422 api_version_not_supported when an older version is asked for', async () => {
    const client = await newClient(h);
    for (const version of ['2024-08-24.zero', '2024-08-24', '2025-08-01.anode']) {
      const reply = await client.request('GET', '/customers', undefined, { 'flatpeak-version': version });
      assert.equal(reply.status, 422, version);
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.code, 'api_version_not_supported');
      assert.match(reply.body.message, new RegExp(version));
      assert.equal(reply.body.context, 'api.customer_list');
    }
  });

  it('answers 400 api_version_invalid when the version is not one Flatpeak published', async () => {
    const client = await newClient(h);
    for (const version of ['2099-01-01.future', 'latest', '']) {
      const reply = await client.request('GET', '/customers', undefined, { 'flatpeak-version': version });
      assert.equal(reply.status, 400, version);
      assert.equal(reply.body.code, 'api_version_invalid');
    }
  });

  it('puts the version and a request id on error responses and unknown routes too', async () => {
    const reply = await h.inject({ method: 'GET', url: '/no/such/route' });
    assert.equal(reply.status, 404);
    assert.equal(reply.body.code, 'not_found');
    assert.equal(reply.body.context, 'api');
    assert.equal(reply.headers['flatpeak-version'], '2025-09-14.anode');
    assert.equal(reply.headers['x-request-id'], reply.body.request_id);
  });

  it('echoes a well-formed x-request-id from the caller', async () => {
    const reply = await h.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'trace-123' } });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['x-request-id'], 'trace-123');
  });
});
