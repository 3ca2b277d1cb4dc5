import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  login,
  newClient,
  startHarness,
  type Harness,
  type InjectRequest,
  type Reply,
} from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const UNKNOWN_ACCOUNT = 'acc_65e421bed29d88d9012e0662';

function admin(
  method: InjectRequest['method'],
  url: string,
  body?: unknown,
  token = h.adminToken,
): Promise<Reply> {
  return h.inject({ method, url, body, headers: { authorization: `Bearer ${token}` } });
}

async function createAccount(body: unknown = {}) {
  const reply = await admin('POST', '/admin/accounts', body);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

async function createKey(accountId: string, mode: 'test' | 'live') {
  const reply = await admin('POST', `/admin/accounts/${accountId}/keys`, { mode });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

/** A fresh account with one key, logged in through the admin API and /login only. */
async function adminClient(mode: 'test' | 'live' = 'test') {
  const account = await createAccount();
  const key = await createKey(account.id, mode);
  const reply = await login(h, account.id, key.key);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const token = reply.body.bearer_token as string;
  return {
    account,
    key,
    token,
    request: (method: InjectRequest['method'], url: string, body?: unknown) =>
      h.inject({ method, url, body, headers: { authorization: `Bearer ${token}` } }),
  };
}

describe('admin_account_create', () => {
  it('creates an active account with the server default rate limit', async () => {
    const account = await createAccount();
    assert.deepEqual(Object.keys(account), [
      'id',
      'object',
      'status',
      'rate_limit_per_minute',
      'connect_local_enabled',
      'time_created',
    ]);
    assert.match(account.id, /^acc_[0-9a-f]{24}$/);
    assert.equal(account.object, 'account');
    assert.equal(account.status, 'active');
    assert.equal(account.rate_limit_per_minute, null);
    assert.match(account.time_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const absent = await h.inject({
      method: 'POST',
      url: '/admin/accounts',
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    assert.equal(absent.status, 201);
    const retrieved = await admin('GET', `/admin/accounts/${account.id}`);
    assert.equal(retrieved.status, 200);
    assert.deepEqual(retrieved.body, account);
  });

  it('keeps rate_limit_per_minute when it is given', async () => {
    const account = await createAccount({ rate_limit_per_minute: 120 });
    assert.equal(account.rate_limit_per_minute, 120);
  });

  it('answers 400 rate_limit_per_minute_invalid when the limit is not a positive integer', async () => {
    for (const rate_limit_per_minute of [0, -5, 1.5, 'fast']) {
      const reply = await admin('POST', '/admin/accounts', { rate_limit_per_minute });
      assert.equal(reply.status, 400, String(rate_limit_per_minute));
      assert.equal(reply.body.code, 'rate_limit_per_minute_invalid');
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.context, 'api.admin_account_create');
      assert.match(reply.body.message, /rate_limit_per_minute/);
    }
  });

  it('answers 400 rate_limit_per_minute_invalid when the limit is over a billion or beyond a double', async () => {
    for (const payload of [
      '{"rate_limit_per_minute":1e308}',
      '{"rate_limit_per_minute":1e999}',
      '{"rate_limit_per_minute":1000000001}',
    ]) {
      const reply = await h.inject({
        method: 'POST',
        url: '/admin/accounts',
        payload,
        headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' },
      });
      assert.equal(reply.status, 400, payload);
      assert.equal(reply.body.code, 'rate_limit_per_minute_invalid');
    }
    assert.equal(
      (await createAccount({ rate_limit_per_minute: 1_000_000_000 })).rate_limit_per_minute,
      1_000_000_000,
    );
  });
});

describe('admin_key_create', () => {
  it('creates a test key that logs in with live_mode false', async () => {
    const account = await createAccount();
    const key = await createKey(account.id, 'test');
    assert.deepEqual(Object.keys(key), [
      'id',
      'object',
      'account_id',
      'live_mode',
      'key',
      'hint',
      'time_created',
    ]);
    assert.match(key.id, /^key_[0-9a-f]{24}$/);
    assert.equal(key.object, 'api_key');
    assert.equal(key.account_id, account.id);
    assert.equal(key.live_mode, false);
    assert.match(key.key, /^sk_test_[0-9a-f]{32}$/);
    assert.equal(key.hint, key.key.slice(-4));
    const reply = await login(h, account.id, key.key);
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.body), ['bearer_token', 'expires_in', 'live_mode']);
    assert.equal(reply.body.live_mode, false);
    assert.equal(reply.body.expires_in, 3600);
    const created = await h.inject({
      method: 'POST',
      url: '/customers',
      body: {},
      headers: { authorization: `Bearer ${reply.body.bearer_token}` },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.account_id, account.id);
    assert.equal(created.body.live_mode, false);
  });

  it('creates a live key that logs in with live_mode true', async () => {
    const account = await createAccount();
    const key = await createKey(account.id, 'live');
    assert.equal(key.live_mode, true);
    assert.match(key.key, /^sk_live_[0-9a-f]{32}$/);
    const reply = await login(h, account.id, key.key);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.live_mode, true);
    const created = await h.inject({
      method: 'POST',
      url: '/devices',
      body: {},
      headers: { authorization: `Bearer ${reply.body.bearer_token}` },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.live_mode, true);
  });

  it('answers 403 on /login when the key is used with another account', async () => {
    const owner = await createAccount();
    const other = await createAccount();
    const key = await createKey(owner.id, 'test');
    const reply = await login(h, other.id, key.key);
    assert.equal(reply.status, 403);
    assert.equal(reply.body.code, 'access_denied');
  });

  it('answers 400 mode_invalid or mode_missing when the mode is not test or live', async () => {
    const account = await createAccount();
    const cases: [unknown, string][] = [
      [{ mode: 'prod' }, 'mode_invalid'],
      [{ mode: 'TEST' }, 'mode_invalid'],
      [{ mode: true }, 'mode_invalid'],
      [{}, 'mode_missing'],
    ];
    for (const [body, code] of cases) {
      const reply = await admin('POST', `/admin/accounts/${account.id}/keys`, body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.code, code, JSON.stringify(body));
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.context, 'api.admin_key_create');
      assert.match(reply.body.message, /mode/);
    }
    assert.deepEqual((await admin('GET', `/admin/accounts/${account.id}/keys`)).body.data, []);
  });
});

describe('admin_key_list', () => {
  it('lists the keys of the account without their secrets', async () => {
    const account = await createAccount();
    const test = await createKey(account.id, 'test');
    const live = await createKey(account.id, 'live');
    await createKey((await createAccount()).id, 'test');
    const reply = await admin('GET', `/admin/accounts/${account.id}/keys`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.object, 'list');
    const withoutSecret = (key: Record<string, unknown>) => {
      const { key: _secret, ...rest } = key;
      return rest;
    };
    assert.deepEqual(reply.body.data, [withoutSecret(test), withoutSecret(live)]);
    assert.ok(reply.body.data.every((key: Record<string, unknown>) => !('key' in key)));
    assert.ok(!JSON.stringify(reply.body).includes(test.key));
    assert.ok(!JSON.stringify(reply.body).includes(live.key));
  });
});

describe('admin_key_revoke', () => {
  it('answers 202 and denies both the key and the tokens it issued from then on', async () => {
    const client = await adminClient();
    const spare = await createKey(client.account.id, 'test');
    assert.equal((await client.request('GET', '/customers')).status, 200);
    const reply = await admin('DELETE', `/admin/keys/${client.key.id}`);
    assert.equal(reply.status, 202);
    assert.deepEqual(reply.body, { message: 'Accepted' });
    const again = await login(h, client.account.id, client.key.key);
    assert.equal(again.status, 403);
    assert.equal(again.body.code, 'access_denied');
    assert.equal(again.body.type, 'invalid_request');
    assert.equal(again.body.context, 'api.bearer_token_create');
    const denied = await client.request('GET', '/customers');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'access_denied');
    assert.equal(denied.body.context, 'api.customer_list');
    assert.equal((await login(h, client.account.id, spare.key)).status, 200);
    const keys = (await admin('GET', `/admin/accounts/${client.account.id}/keys`)).body.data;
    const revoked = keys.find((key: { id: string }) => key.id === client.key.id);
    assert.match(revoked.time_revoked, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal('time_revoked' in keys.find((key: { id: string }) => key.id === spare.id), false);
  });

  it('answers 404 when the key is unknown or malformed', async () => {
    for (const id of ['key_65e421bed29d88d9012e0662', 'nope']) {
      const reply = await admin('DELETE', `/admin/keys/${id}`);
      assert.equal(reply.status, 404, id);
      assert.equal(reply.body.code, 'not_found');
      assert.equal(reply.body.context, 'api.admin_key_revoke');
    }
  });
});

describe('admin_account_disable', () => {
  it('makes every endpoint answer 422 account_disabled, and /enable restores access', async () => {
    const client = await adminClient('live');
    const customer = (await client.request('POST', '/customers', {})).body;
    const disabled = await admin('POST', `/admin/accounts/${client.account.id}/disable`);
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.status, 'disabled');
    assert.equal((await admin('GET', `/admin/accounts/${client.account.id}`)).body.status, 'disabled');
    const calls: [InjectRequest['method'], string, unknown, string][] = [
      ['GET', '/customers', undefined, 'customer_list'],
      ['POST', '/customers', {}, 'customer_create'],
      ['POST', '/customers', { reference_id: 42 }, 'customer_create'],
      ['GET', `/customers/${customer.id}`, undefined, 'customer_retrieve'],
      ['PATCH', `/customers/${customer.id}`, { reference_id: 'X' }, 'customer_update'],
      ['DELETE', `/customers/${customer.id}`, undefined, 'customer_delete'],
      ['GET', '/locations', undefined, 'location_list'],
      ['POST', '/locations', { postal_address: { city: 'London', country_code: 'GB' } }, 'location_create'],
      ['GET', '/locations/loc_641b90b758fb8e6293716e40/status', undefined, 'location_status_retrieve'],
      ['GET', '/devices', undefined, 'device_list'],
      ['POST', '/devices', {}, 'device_create'],
      ['GET', '/events', undefined, 'event_list'],
      ['GET', '/events/evt_65e42b7827c0526548432b9f', undefined, 'event_retrieve'],
    ];
    for (const [method, url, body, operation] of calls) {
      const reply = await client.request(method, url, body);
      assert.equal(reply.status, 422, `${method} ${url}`);
      assert.equal(reply.body.type, 'api_error', `${method} ${url}`);
      assert.equal(reply.body.code, 'account_disabled');
      assert.equal(reply.body.message, 'Your account is disabled');
      assert.equal(reply.body.context, `api.${operation}`);
      assert.equal(reply.body.live_mode, true);
    }
    const loginReply = await login(h, client.account.id, client.key.key);
    assert.equal(loginReply.status, 422);
    assert.equal(loginReply.body.type, 'api_error');
    assert.equal(loginReply.body.code, 'account_disabled');
    assert.equal(loginReply.body.context, 'api.bearer_token_create');
    assert.equal(loginReply.body.live_mode, true);

    const enabled = await admin('POST', `/admin/accounts/${client.account.id}/enable`);
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.status, 'active');
    assert.equal((await client.request('GET', '/customers')).status, 200);
    assert.deepEqual((await client.request('GET', `/customers/${customer.id}`)).body, customer);
    assert.equal((await login(h, client.account.id, client.key.key)).status, 200);
  });

  it('leaves other accounts working while one is disabled', async () => {
    const disabled = await adminClient();
    const other = await adminClient();
    assert.equal((await admin('POST', `/admin/accounts/${disabled.account.id}/disable`)).status, 200);
    assert.equal((await disabled.request('GET', '/customers')).status, 422);
    assert.equal((await other.request('GET', '/customers')).status, 200);
  });
});

describe('admin_account_update', () => {
  it('changes rate_limit_per_minute, which then limits the account, and null restores the default', async () => {
    const client = await adminClient();
    const reply = await admin('PATCH', `/admin/accounts/${client.account.id}`, { rate_limit_per_minute: 2 });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { ...client.account, rate_limit_per_minute: 2 });
    assert.equal((await client.request('GET', '/customers')).status, 200);
    assert.equal((await client.request('GET', '/customers')).status, 200);
    const limited = await client.request('GET', '/customers');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.type, 'rate_limit');
    assert.equal(limited.body.code, 'too_many_requests');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    const reset = await admin('PATCH', `/admin/accounts/${client.account.id}`, {
      rate_limit_per_minute: null,
    });
    assert.equal(reset.status, 200);
    assert.equal(reset.body.rate_limit_per_minute, null);
    assert.equal((await client.request('GET', '/customers')).status, 200);
  });

  it('answers 400 rate_limit_per_minute_invalid and changes nothing when the limit is bad', async () => {
    const account = await createAccount({ rate_limit_per_minute: 50 });
    for (const rate_limit_per_minute of [0, 2.5, '60', 1e308, 1_000_000_001]) {
      const reply = await admin('PATCH', `/admin/accounts/${account.id}`, { rate_limit_per_minute });
      assert.equal(reply.status, 400, String(rate_limit_per_minute));
      assert.equal(reply.body.code, 'rate_limit_per_minute_invalid');
      assert.equal(reply.body.context, 'api.admin_account_update');
    }
    assert.equal((await admin('GET', `/admin/accounts/${account.id}`)).body.rate_limit_per_minute, 50);
  });

  it('answers 200 with the account unchanged when the body is empty', async () => {
    const account = await createAccount({ rate_limit_per_minute: 50 });
    const reply = await admin('PATCH', `/admin/accounts/${account.id}`, {});
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, account);
  });
});

describe('admin authentication', () => {
  it('answers 403 access_denied when the admin token is wrong, missing or a customer token', async () => {
    const client = await newClient(h);
    const account = await createAccount();
    const key = await createKey(account.id, 'test');
    const routes: [InjectRequest['method'], string, unknown][] = [
      ['POST', '/admin/accounts', {}],
      ['GET', `/admin/accounts/${account.id}`, undefined],
      ['PATCH', `/admin/accounts/${account.id}`, { rate_limit_per_minute: 1 }],
      ['POST', `/admin/accounts/${account.id}/disable`, undefined],
      ['POST', `/admin/accounts/${account.id}/enable`, undefined],
      ['POST', `/admin/accounts/${account.id}/keys`, { mode: 'live' }],
      ['GET', `/admin/accounts/${account.id}/keys`, undefined],
      ['DELETE', `/admin/keys/${key.id}`, undefined],
    ];
    const credentials: (Record<string, string> | undefined)[] = [
      { authorization: 'Bearer wrong-admin-token' },
      { authorization: `Bearer ${h.adminToken}x` },
      { authorization: `Bearer ${client.token}` },
      { authorization: h.adminToken },
      undefined,
    ];
    for (const [method, url, body] of routes) {
      for (const headers of credentials) {
        const reply = await h.inject({ method, url, body, ...(headers ? { headers } : {}) });
        assert.equal(reply.status, 403, `${method} ${url} ${JSON.stringify(headers)}`);
        assert.equal(reply.body.code, 'access_denied');
        assert.equal(reply.body.type, 'invalid_request');
      }
    }
    const unchanged = await admin('GET', `/admin/accounts/${account.id}`);
    assert.deepEqual(unchanged.body, account);
    assert.equal((await login(h, account.id, key.key)).status, 200);
    assert.equal((await admin('GET', `/admin/accounts/${account.id}/keys`)).body.data.length, 1);
  });

  it('answers 403 when the admin token is used as a bearer token on the API', async () => {
    const reply = await admin('GET', '/customers');
    assert.equal(reply.status, 403);
    assert.equal(reply.body.code, 'access_denied');
  });
});

describe('admin unknown account', () => {
  it('answers 404 not_found when the account is unknown or malformed', async () => {
    for (const id of [UNKNOWN_ACCOUNT, 'nope']) {
      const routes: [InjectRequest['method'], string, unknown, string][] = [
        ['GET', `/admin/accounts/${id}`, undefined, 'admin_account_retrieve'],
        ['PATCH', `/admin/accounts/${id}`, { rate_limit_per_minute: 10 }, 'admin_account_update'],
        ['POST', `/admin/accounts/${id}/disable`, undefined, 'admin_account_disable'],
        ['POST', `/admin/accounts/${id}/enable`, undefined, 'admin_account_enable'],
        ['POST', `/admin/accounts/${id}/keys`, { mode: 'test' }, 'admin_key_create'],
        ['GET', `/admin/accounts/${id}/keys`, undefined, 'admin_key_list'],
      ];
      for (const [method, url, body, operation] of routes) {
        const reply = await admin(method, url, body);
        assert.equal(reply.status, 404, `${method} ${url}`);
        assert.equal(reply.body.code, 'not_found');
        assert.equal(reply.body.message, 'Not Found');
        assert.equal(reply.body.context, `api.${operation}`);
      }
    }
  });
});
