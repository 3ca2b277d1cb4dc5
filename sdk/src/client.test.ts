// The SDK against a real server on localhost (real HTTP, real database).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLiveServer, type LiveServer } from '../../src/testing/live-server.ts';
import { FlatpeakError, OffpeakClient, UnexpectedResponseError, newIdempotencyKey } from './index.ts';

const HOUR = 3_600_000;

let server: LiveServer;
before(async () => {
  server = await startLiveServer();
});
after(() => server.close());

/** A fetch that records the status of every response it passes on. */
function recordingFetch() {
  const seen: { method: string; path: string; status: number }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push({ method: request.method, path: new URL(request.url).pathname, status: response.status });
    return response;
  };
  return { fetch, seen };
}

async function newClient(options: { fetch?: typeof globalThis.fetch; now?: () => number } = {}) {
  const account = await server.newAccount();
  return { client: new OffpeakClient({ baseUrl: server.baseUrl, ...account, ...options }), ...account };
}

describe('login', () => {
  it('logs in once with the account ID and API key and sends the bearer token when calls are made', async () => {
    const { fetch, seen } = recordingFetch();
    const { client } = await newClient({ fetch });
    const first = await client.get('/customers');
    assert.equal(first.object, 'list');
    await client.get('/customers');
    assert.equal(client.tokens?.logins, 1);
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.path} ${s.status}`),
      ['GET /login 200', 'GET /customers 200', 'GET /customers 200'],
    );
  });

  it('logs in again and repeats the request when the server clock has passed the token expiry', async () => {
    const { fetch, seen } = recordingFetch();
    const { client } = await newClient({ fetch });
    await client.get('/customers');
    server.harness.clockOffset = HOUR + 60_000;
    try {
      const created = await client.post('/customers', { body: { reference_id: 'after-the-jump' } });
      assert.equal(created.reference_id, 'after-the-jump');
    } finally {
      server.harness.clockOffset = 0;
    }
    assert.equal(client.tokens?.logins, 2);
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.path} ${s.status}`),
      [
        'GET /login 200',
        'GET /customers 200',
        'POST /customers 403',
        'GET /login 200',
        'POST /customers 201',
      ],
    );
  });

  it('logs in before the token expires by its own clock, without a refused request', async () => {
    let now = Date.now();
    const { fetch, seen } = recordingFetch();
    const { client } = await newClient({ fetch, now: () => now });
    await client.get('/customers');
    now += HOUR - 30_000; // inside the 60 s margin
    await client.get('/customers');
    assert.equal(client.tokens?.logins, 2);
    assert.ok(!seen.some((s) => s.status === 403), JSON.stringify(seen));
  });

  it('shares one login when many calls start together', async () => {
    const { fetch, seen } = recordingFetch();
    const { client } = await newClient({ fetch });
    await Promise.all(Array.from({ length: 8 }, () => client.get('/customers')));
    assert.equal(client.tokens?.logins, 1);
    assert.equal(seen.filter((s) => s.path === '/login').length, 1);
  });

  it('throws FlatpeakError access_denied once, without looping, when the API key is wrong', async () => {
    const { fetch, seen } = recordingFetch();
    const { accountId } = await server.newAccount();
    const client = new OffpeakClient({
      baseUrl: server.baseUrl,
      accountId,
      apiKey: 'sk_test_0000000000000000000000000000wrong',
      fetch,
    });
    await assert.rejects(client.get('/customers'), (error: unknown) => {
      assert.ok(error instanceof FlatpeakError);
      assert.equal(error.status, 403);
      assert.equal(error.code, 'access_denied');
      return true;
    });
    assert.equal(seen.length, 1);
  });

  it('sends a fixed bearer token (the admin token) as it is', async () => {
    const { accountId } = await server.newAccount();
    const admin = new OffpeakClient({ baseUrl: server.baseUrl, bearerToken: server.adminToken });
    const account = await admin.get('/admin/accounts/{id}', { params: { path: { id: accountId } } });
    assert.equal(account.id, accountId);
    assert.equal(admin.tokens, undefined);
  });
});

describe('list', () => {
  it('yields every item across pages, newest first, keeping the filter, when a list has more than a page', async () => {
    const { fetch, seen } = recordingFetch();
    const { client } = await newClient({ fetch });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await client.post('/customers', { body: { reference_id: i === 3 ? 'other' : 'paged' } })).id);
    }
    const all: string[] = [];
    for await (const customer of client.list('/customers', { params: { query: { limit: 2 } } })) {
      all.push(customer.id);
    }
    assert.deepEqual(all, [...ids].reverse());
    const pages = seen.filter((s) => s.method === 'GET' && s.path === '/customers');
    assert.equal(pages.length, 4);

    const paged: string[] = [];
    for await (const customer of client.list('/customers', {
      params: { query: { limit: 2, reference_id: 'paged' } },
    })) {
      assert.equal(customer.reference_id, 'paged');
      paged.push(customer.id);
    }
    assert.equal(paged.length, 6);
  });

  it('yields nothing when the list is empty', async () => {
    const { client } = await newClient();
    const items = [];
    for await (const device of client.list('/devices')) items.push(device);
    assert.deepEqual(items, []);
  });
});

describe('errors', () => {
  it('throws FlatpeakError carrying the error object when the server answers 400', async () => {
    const { client } = await newClient();
    const error = await client.get('/customers', { params: { query: { limit: 1000 } } }).then(
      () => assert.fail('a page of 1000 is refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof FlatpeakError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.error.object, 'error');
    assert.equal(error.type, 'invalid_request');
    assert.match(error.code, /^limit_/);
    assert.equal(error.context, 'api.customer_list');
    assert.equal(error.liveMode, false);
    assert.ok(error.requestId);
    assert.match(error.message, /^400 limit_/);
  });

  it('throws FlatpeakError not_found when the server answers 404', async () => {
    const { client } = await newClient();
    await assert.rejects(
      client.get('/customers/{id}', { params: { path: { id: 'cus_000000000000000000000000' } } }),
      (error: unknown) =>
        error instanceof FlatpeakError && error.status === 404 && error.code === 'not_found',
    );
  });

  it('answers the error object in `error` when the raw client is used', async () => {
    const { client } = await newClient();
    const { data, error, response } = await client.api.GET('/customers/{id}', {
      params: { path: { id: 'cus_000000000000000000000000' } },
    });
    assert.equal(data, undefined);
    assert.equal(response.status, 404);
    assert.equal(error?.code, 'not_found');
  });

  it('throws UnexpectedResponseError when an error response is not an error object', async () => {
    const client = new OffpeakClient({
      baseUrl: server.baseUrl,
      bearerToken: 'x',
      fetch: async () => new Response('<html>bad gateway</html>', { status: 502 }),
    });
    await assert.rejects(
      client.get('/customers'),
      (error: unknown) => error instanceof UnexpectedResponseError && error.status === 502,
    );
  });
});

describe('idempotency', () => {
  it('creates once and replays the same answer when a POST is repeated with its Idempotency-Key', async () => {
    const { client } = await newClient();
    const key = newIdempotencyKey();
    const first = await client.post('/customers', { body: { reference_id: 'once' }, idempotencyKey: key });
    const again = await client.post('/customers', { body: { reference_id: 'once' }, idempotencyKey: key });
    assert.deepEqual(again, first);
    const raw = await client.api.POST('/customers', {
      body: { reference_id: 'once' },
      headers: { 'idempotency-key': key },
    });
    assert.equal(raw.response.headers.get('idempotent-replayed'), 'true');
    const all = [];
    for await (const customer of client.list('/customers')) all.push(customer);
    assert.equal(all.length, 1);
  });

  it('throws FlatpeakError when the same key comes with another body', async () => {
    const { client } = await newClient();
    const key = newIdempotencyKey();
    await client.post('/customers', { body: { reference_id: 'first' }, idempotencyKey: key });
    await assert.rejects(
      client.post('/customers', { body: { reference_id: 'second' }, idempotencyKey: key }),
      (error: unknown) => error instanceof FlatpeakError && error.status >= 400 && error.status < 500,
    );
  });
});
