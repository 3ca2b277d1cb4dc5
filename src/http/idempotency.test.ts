import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { beginIdempotentRequest } from '../core/idempotency/idempotency.ts';
import { newClient, startHarness, type Harness } from '../testing/harness.ts';
import { fingerprintRequest } from './idempotency.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const key = (name: string) => ({ 'idempotency-key': `${name}-${Math.random()}` });

describe('Idempotency-Key', () => {
  it('replays the first response and creates one object when the same request is repeated', async () => {
    const client = await newClient(h);
    const headers = key('same');
    const first = await client.request('POST', '/customers', { reference_id: 'ONCE' }, headers);
    const second = await client.request('POST', '/customers', { reference_id: 'ONCE' }, headers);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    const list = await client.request('GET', '/customers?reference_id=ONCE');
    assert.equal(list.body.data.length, 1);
  });

  it('treats bodies with the same fields in another order as the same request', async () => {
    const client = await newClient(h);
    const headers = key('order');
    const body = { reference_id: 'L', postal_address: { city: 'Paris', country_code: 'FR' } };
    const reordered = { postal_address: { country_code: 'FR', city: 'Paris' }, reference_id: 'L' };
    const first = await client.request('POST', '/locations', body, headers);
    const second = await client.request('POST', '/locations', reordered, headers);
    assert.equal(first.status, 201);
    assert.equal(second.body.id, first.body.id);
  });

  it('answers 400 idempotency_key_reused when the key comes back with another body', async () => {
    const client = await newClient(h);
    const headers = key('reused');
    assert.equal((await client.request('POST', '/customers', { reference_id: 'A' }, headers)).status, 201);
    const reply = await client.request('POST', '/customers', { reference_id: 'B' }, headers);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'idempotency_key_reused');
    assert.equal((await client.request('GET', '/customers?reference_id=B')).body.data.length, 0);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const client = await newClient(h);
    const name = `running-${Math.random()}`;
    const scope = { accountId: client.accountId, liveMode: false };
    const body = { reference_id: 'SLOW' };
    await beginIdempotentRequest(h.ctx, scope, name, fingerprintRequest('POST', '/customers', body));
    const reply = await client.request('POST', '/customers', body, { 'idempotency-key': name });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.code, 'idempotency_key_in_use');
  });

  it('keeps keys apart between accounts', async () => {
    const one = await newClient(h);
    const two = await newClient(h);
    const headers = key('shared');
    const first = await one.request('POST', '/customers', { reference_id: 'S' }, headers);
    const second = await two.request('POST', '/customers', { reference_id: 'S' }, headers);
    assert.equal(second.status, 201);
    assert.notEqual(second.body.id, first.body.id);
    assert.equal(second.body.account_id, two.accountId);
  });

  it('runs the request again when the key is older than 24 hours', async () => {
    const client = await newClient(h);
    const headers = key('expired');
    const first = await client.request('POST', '/devices', { reference_id: 'D' }, headers);
    h.clockOffset = 0;
    await h.ctx.db
      .updateTable('idempotency_keys')
      .set({ created_at: new Date(Date.now() - 25 * 3600 * 1000) })
      .where('account_id', '=', client.accountId)
      .execute();
    const again = await client.request('POST', '/devices', { reference_id: 'D' }, headers);
    assert.equal(again.status, 201);
    assert.notEqual(again.body.id, first.body.id);
  });

  it('replays a refusal too when the first attempt failed on the client side', async () => {
    const client = await newClient(h);
    const headers = key('missing');
    const body = {
      customer_id: 'cus_65e421d1daa4a24082b4f590',
      postal_address: { city: 'Oslo', country_code: 'NO' },
    };
    const first = await client.request('PATCH', '/locations/loc_65e421d1daa4a24082b4f590', body, headers);
    assert.equal(first.status, 404);
    const second = await client.request('PATCH', '/locations/loc_65e421d1daa4a24082b4f590', body, headers);
    assert.equal(second.status, 404);
    assert.equal(second.headers['idempotent-replayed'], 'true');
  });

  it('answers 400 idempotency_key_invalid when the key is longer than 255 characters', async () => {
    const client = await newClient(h);
    const reply = await client.request('POST', '/customers', {}, { 'idempotency-key': 'k'.repeat(256) });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'idempotency_key_invalid');
  });
});
