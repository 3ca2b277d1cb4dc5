import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, createApiKey } from '../../core/accounts/accounts.ts';
import { basicAuth, login, newClient, startHarness, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe('bearer_token_create', () => {
  it('returns a bearer token for an hour when the test key is right', async () => {
    const account = await createAccount(h.ctx);
    const key = await createApiKey(h.ctx, account.id, 'test');
    const reply = await login(h, account.id, key.key);
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.body), ['bearer_token', 'expires_in', 'live_mode']);
    assert.equal(reply.body.expires_in, 3600);
    assert.equal(reply.body.live_mode, false);
    const payload = JSON.parse(Buffer.from(reply.body.bearer_token.split('.')[1], 'base64url').toString());
    assert.equal(payload.account_id, account.id);
    assert.equal(payload.sub, account.id);
    assert.equal(payload.iss, 'FlatPeakAPI');
    assert.equal(payload.exp - payload.iat, 3600);
  });

  it('reports live_mode true when the key is a live key', async () => {
    const account = await createAccount(h.ctx);
    const key = await createApiKey(h.ctx, account.id, 'live');
    const reply = await login(h, account.id, key.key);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.live_mode, true);
  });

  it('answers 403 access_denied for a wrong key, a key of another account or a bad header', async () => {
    const account = await createAccount(h.ctx);
    const other = await createAccount(h.ctx);
    const otherKey = await createApiKey(h.ctx, other.id, 'live');
    const headers = [
      basicAuth(account.id, 'sk_test_00000000000000000000000000000000'),
      basicAuth(account.id, otherKey.key),
      basicAuth('acc_65e421d1daa4a24082b4f590', otherKey.key),
      basicAuth('not-an-account', 'x'),
      'Basic !!!',
      'Bearer something',
      '',
    ];
    for (const authorization of headers) {
      const reply = await h.inject({ method: 'GET', url: '/login', headers: { authorization } });
      assert.equal(reply.status, 403, authorization);
      assert.equal(reply.body.object, 'error');
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.code, 'access_denied');
      assert.equal(reply.body.message, 'Bad credentials');
      assert.equal(reply.body.context, 'api.bearer_token_create');
    }
  });

  it('reports the mode of the key prefix on a failed login', async () => {
    const account = await createAccount(h.ctx);
    const reply = await login(h, account.id, 'sk_live_00000000000000000000000000000000');
    assert.equal(reply.status, 403);
    assert.equal(reply.body.live_mode, true);
  });
});

describe('bearer authentication', () => {
  it('accepts the token on other endpoints when it is fresh', async () => {
    const client = await newClient(h);
    assert.equal((await client.request('GET', '/customers')).status, 200);
  });

  it('answers 403 when the token is missing, malformed, tampered or signed by another account', async () => {
    const client = await newClient(h);
    const other = await newClient(h);
    const [header, payload, signature] = client.token.split('.');
    const forged = Buffer.from(payload ?? '', 'base64url')
      .toString()
      .replace(client.accountId, other.accountId);
    const tokens = [
      undefined,
      'Bearer',
      'Bearer not.a.jwt',
      `Bearer ${header}.${Buffer.from(forged).toString('base64url')}.${signature}`,
      `Bearer ${client.token.slice(0, -2)}xx`,
      `Basic ${Buffer.from(`${client.accountId}:${client.apiKey}`).toString('base64')}`,
    ];
    for (const authorization of tokens) {
      const reply = await h.inject({
        method: 'GET',
        url: '/customers',
        headers: authorization === undefined ? {} : { authorization },
      });
      assert.equal(reply.status, 403, String(authorization));
      assert.equal(reply.body.code, 'access_denied');
      assert.equal(reply.body.context, 'api.customer_list');
    }
  });

  it('answers 403 when the token has expired', async () => {
    const client = await newClient(h);
    h.clockOffset = 3601 * 1000;
    try {
      const reply = await client.request('GET', '/customers');
      assert.equal(reply.status, 403);
      assert.equal(reply.body.code, 'access_denied');
    } finally {
      h.clockOffset = 0;
    }
    assert.equal((await client.request('GET', '/customers')).status, 200);
  });
});
