import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

async function createCustomer(client: Client, body: unknown = {}) {
  const reply = await client.request('POST', '/customers', body);
  assert.equal(reply.status, 201);
  return reply.body;
}

describe('customer_create', () => {
  it('creates a customer with the seed fields when given a reference_id', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client, { reference_id: 'CUS1234567890' });
    assert.match(customer.id, /^cus_[0-9a-f]{24}$/);
    assert.deepEqual(Object.keys(customer), [
      'id',
      'object',
      'live_mode',
      'reference_id',
      'locations',
      'time_created',
      'account_id',
    ]);
    assert.equal(customer.object, 'customer');
    assert.equal(customer.live_mode, false);
    assert.equal(customer.reference_id, 'CUS1234567890');
    assert.deepEqual(customer.locations, []);
    assert.equal(customer.account_id, client.accountId);
    assert.match(customer.time_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('creates a customer without reference_id when the body is empty or absent', async () => {
    const client = await newClient(h);
    const empty = await createCustomer(client, {});
    assert.equal('reference_id' in empty, false);
    const absent = await h.inject({
      method: 'POST',
      url: '/customers',
      headers: { authorization: `Bearer ${client.token}` },
    });
    assert.equal(absent.status, 201);
  });

  it('answers 400 reference_id_invalid when reference_id is not a string', async () => {
    const client = await newClient(h);
    const reply = await client.request('POST', '/customers', { reference_id: 42 });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'reference_id_invalid');
    assert.equal(reply.body.type, 'invalid_request');
    assert.equal(reply.body.context, 'api.customer_create');
    assert.match(reply.body.message, /reference_id/);
  });

  it('answers 400 reference_id_invalid when reference_id holds a NUL or an unpaired surrogate', async () => {
    const client = await newClient(h);
    for (const reference_id of ['a\u0000b', '\u0000', 'x\ud83d', '\udc00x']) {
      const reply = await client.request('POST', '/customers', { reference_id });
      assert.equal(reply.status, 400, JSON.stringify(reference_id));
      assert.equal(reply.body.code, 'reference_id_invalid');
      assert.match(
        reply.body.message,
        /reference_id must be text without NUL characters or unpaired surrogates/,
      );
    }
    assert.equal((await client.request('GET', '/customers')).body.data.length, 0);
  });

  it('answers 400 request_body_invalid when the body is not JSON', async () => {
    const client = await newClient(h);
    const reply = await h.inject({
      method: 'POST',
      url: '/customers',
      payload: '{"reference_id": ',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'request_body_invalid');
  });

  it('answers 400 request_body_invalid when the body is a JSON array', async () => {
    const client = await newClient(h);
    const reply = await client.request('POST', '/customers', [1, 2]);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'request_body_invalid');
  });

  it('ignores fields it does not know when older clients send them', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client, {
      reference_id: 'X',
      personal_details: { email: 'a@b.c' },
    });
    assert.equal('personal_details' in customer, false);
  });

  it('answers 403 when no token is given', async () => {
    const reply = await h.inject({ method: 'POST', url: '/customers', body: {} });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.code, 'access_denied');
  });

  it('records a customer.create event when a customer is created', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client, { reference_id: 'EVT' });
    const events = await client.request('GET', `/events?object_id=${customer.id}`);
    assert.equal(events.status, 200);
    assert.deepEqual(
      events.body.data.map((e: { type: string }) => e.type),
      ['customer.create'],
    );
    assert.deepEqual(events.body.data[0].data, customer);
  });
});

describe('customer_retrieve', () => {
  it('returns the customer when it exists', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client, { reference_id: 'R1' });
    const reply = await client.request('GET', `/customers/${customer.id}`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, customer);
  });

  it('answers 404 not_found when the ID is unknown or malformed', async () => {
    const client = await newClient(h);
    for (const id of [
      'cus_65e421d1daa4a24082b4f590',
      'cus_a83ec6da1e0d4917b9e9abf58d60574e',
      'nope',
      'CUS_X',
    ]) {
      const reply = await client.request('GET', `/customers/${id}`);
      assert.equal(reply.status, 404, id);
      assert.equal(reply.body.code, 'not_found');
      assert.equal(reply.body.message, 'Not Found');
      assert.equal(reply.body.context, 'api.customer_retrieve');
    }
  });

  it('answers 404 when the customer belongs to another account', async () => {
    const owner = await newClient(h);
    const stranger = await newClient(h);
    const customer = await createCustomer(owner);
    assert.equal((await stranger.request('GET', `/customers/${customer.id}`)).status, 404);
    assert.equal(
      (await stranger.request('PATCH', `/customers/${customer.id}`, { reference_id: 'x' })).status,
      404,
    );
    assert.equal((await stranger.request('DELETE', `/customers/${customer.id}`)).status, 404);
    assert.equal((await owner.request('GET', `/customers/${customer.id}`)).status, 200);
  });

  it('answers 404 when a live token asks for a test-mode customer of the same account', async () => {
    const test = await newClient(h, 'test');
    const live = await newClient(h, 'live', test.accountId);
    const customer = await createCustomer(test);
    assert.equal((await live.request('GET', `/customers/${customer.id}`)).status, 404);
    const liveList = await live.request('GET', '/customers');
    assert.deepEqual(liveList.body.data, []);
    assert.equal(liveList.body.has_more, false);
  });
});

describe('customer_update', () => {
  it('answers 202 with the changed customer and records customer.update', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client, { reference_id: 'OLD' });
    const reply = await client.request('PATCH', `/customers/${customer.id}`, { reference_id: 'NEW' });
    assert.equal(reply.status, 202);
    assert.equal(reply.body.reference_id, 'NEW');
    assert.equal(reply.body.id, customer.id);
    const events = await client.request('GET', `/events?event_type=customer.update&object_id=${customer.id}`);
    assert.equal(events.body.data.length, 1);
    assert.equal(events.body.data[0].data.reference_id, 'NEW');
  });

  it('keeps fields that the body leaves out', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client, { reference_id: 'KEEP' });
    const reply = await client.request('PATCH', `/customers/${customer.id}`, {});
    assert.equal(reply.status, 202);
    assert.equal(reply.body.reference_id, 'KEEP');
  });

  it('answers 400 and changes nothing when the body is invalid', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client, { reference_id: 'SAFE' });
    const reply = await client.request('PATCH', `/customers/${customer.id}`, { reference_id: ['x'] });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'reference_id_invalid');
    const nul = await client.request('PATCH', `/customers/${customer.id}`, { reference_id: 'a\u0000' });
    assert.equal(nul.status, 400);
    assert.equal(nul.body.code, 'reference_id_invalid');
    assert.equal((await client.request('GET', `/customers/${customer.id}`)).body.reference_id, 'SAFE');
  });
});

describe('customer_delete', () => {
  it('deletes the customer and its locations, with an event for each', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const location = await client.request('POST', '/locations', {
      customer_id: customer.id,
      postal_address: { city: 'London', country_code: 'GB' },
    });
    assert.equal(location.status, 201);
    const reply = await client.request('DELETE', `/customers/${customer.id}`);
    assert.equal(reply.status, 202);
    assert.deepEqual(reply.body, { message: 'Accepted' });
    assert.equal((await client.request('GET', `/customers/${customer.id}`)).status, 404);
    assert.equal((await client.request('GET', `/locations/${location.body.id}`)).status, 404);
    const types = (await client.request('GET', '/events?limit=2')).body.data.map(
      (e: { type: string }) => e.type,
    );
    assert.deepEqual(types, ['customer.delete', 'location.delete']);
    assert.equal((await client.request('DELETE', `/customers/${customer.id}`)).status, 404);
  });

  it('deletes when the body is empty but labelled application/json, as the official SDK sends it', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const reply = await h.inject({
      method: 'DELETE',
      url: `/customers/${customer.id}`,
      payload: '',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
    });
    assert.equal(reply.status, 202);
    assert.equal((await client.request('GET', `/customers/${customer.id}`)).status, 404);
  });
});

describe('empty JSON bodies', () => {
  const jsonHeaders = (client: Client) => ({
    authorization: `Bearer ${client.token}`,
    'content-type': 'application/json; charset=utf-8',
  });

  it('treats an empty application/json body as no body when the method is POST or PATCH', async () => {
    const client = await newClient(h);
    const created = await h.inject({
      method: 'POST',
      url: '/customers',
      payload: '',
      headers: jsonHeaders(client),
    });
    assert.equal(created.status, 201);
    const patched = await h.inject({
      method: 'PATCH',
      url: `/customers/${created.body.id}`,
      payload: '',
      headers: jsonHeaders(client),
    });
    assert.equal(patched.status, 202);
    assert.equal(patched.body.id, created.body.id);
  });

  it('still answers 400 request_body_invalid when a non-empty body is not JSON', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const reply = await h.inject({
      method: 'DELETE',
      url: `/customers/${customer.id}`,
      payload: ' {',
      headers: jsonHeaders(client),
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'request_body_invalid');
    assert.equal((await client.request('GET', `/customers/${customer.id}`)).status, 200);
  });

  it('refuses a prototype-polluting body as Fastify does when the body is non-empty', async () => {
    const client = await newClient(h);
    const reply = await h.inject({
      method: 'POST',
      url: '/customers',
      payload: '{"__proto__": {"x": 1}}',
      headers: jsonHeaders(client),
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.object, 'error');
  });
});

describe('customer_list', () => {
  it('pages through one reference_id only, in both directions, when a filter and a cursor meet', async () => {
    const client = await newClient(h);
    const other = await newClient(h);
    await createCustomer(other, { reference_id: 'X' });
    const a = await createCustomer(client, { reference_id: 'X' });
    await createCustomer(client, { reference_id: 'Y' });
    const c = await createCustomer(client, { reference_id: 'X' });
    const d = await createCustomer(client, { reference_id: 'X' });
    await createCustomer(other, { reference_id: 'X' });
    const ids = async (query: string) => {
      const reply = await client.request('GET', `/customers?reference_id=X&${query}`);
      assert.equal(reply.status, 200);
      return [reply.body.data.map((x: { id: string }) => x.id), reply.body.has_more];
    };
    assert.deepEqual(await ids('limit=2'), [[d.id, c.id], true]);
    assert.deepEqual(await ids(`limit=2&starting_after=${c.id}`), [[a.id], false]);
    assert.deepEqual(await ids(`limit=1&ending_before=${a.id}`), [[c.id], true]);
    assert.deepEqual(await ids(`limit=5&ending_before=${a.id}`), [[d.id, c.id], false]);
  });

  it('lists newest first with the seed envelope', async () => {
    const client = await newClient(h);
    const first = await createCustomer(client, { reference_id: 'A' });
    const second = await createCustomer(client, { reference_id: 'B' });
    const reply = await client.request('GET', '/customers');
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.body), ['object', 'url', 'has_more', 'data']);
    assert.equal(reply.body.object, 'list');
    assert.equal(reply.body.url, '/customers');
    assert.equal(reply.body.has_more, false);
    assert.deepEqual(
      reply.body.data.map((c: { id: string }) => c.id),
      [second.id, first.id],
    );
  });

  it('filters by exact reference_id', async () => {
    const client = await newClient(h);
    await createCustomer(client, { reference_id: 'abc' });
    const match = await createCustomer(client, { reference_id: 'ABC' });
    const reply = await client.request('GET', '/customers?reference_id=ABC');
    assert.deepEqual(
      reply.body.data.map((c: { id: string }) => c.id),
      [match.id],
    );
  });

  it('answers 400 for a limit out of range or not decimal digits, a cursor or filter with NUL, or both cursors', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const cases: [string, string][] = [
      ['/customers?limit=0', 'limit_invalid'],
      ['/customers?limit=101', 'limit_invalid'],
      ['/customers?limit=abc', 'limit_invalid'],
      ['/customers?limit=2.5', 'limit_invalid'],
      [`/customers?starting_after=${customer.id}&ending_before=${customer.id}`, 'cursor_conflict'],
      ['/customers?starting_after=cus_65e421d1daa4a24082b4f590', 'starting_after_invalid'],
      ['/customers?ending_before=not-an-id', 'ending_before_invalid'],
      ['/customers?limit=0x10', 'limit_invalid'],
      ['/customers?limit=1e1', 'limit_invalid'],
      ['/customers?limit=%2016', 'limit_invalid'],
      ['/customers?limit=16%20', 'limit_invalid'],
      ['/customers?limit=Infinity', 'limit_invalid'],
      ['/customers?starting_after=%00', 'starting_after_invalid'],
      ['/customers?ending_before=cus_65e421d1daa4a24082b4f590%00', 'ending_before_invalid'],
      ['/customers?reference_id=a%00b', 'reference_id_invalid'],
    ];
    for (const [url, code] of cases) {
      const reply = await client.request('GET', url);
      assert.equal(reply.status, 400, url);
      assert.equal(reply.body.code, code, url);
      assert.equal(reply.body.context, 'api.customer_list');
    }
  });

  it("takes as a cursor only a customer of this account and mode, wherever the ID sorts among the list's", async () => {
    const test = await newClient(h, 'test');
    const live = await newClient(h, 'live', test.accountId);
    const other = await newClient(h, 'test');
    const [oldest, middle] = [await createCustomer(test), await createCustomer(test)];
    const liveOne = await createCustomer(live);
    const foreign = await createCustomer(other);
    const newest = await createCustomer(test);
    const ids = (reply: { body: { data: { id: string }[] } }) => reply.body.data.map((c) => c.id);

    // A customer of this scope: the page starts next to it, with the cursor left out.
    const afterMiddle = await test.request('GET', `/customers?starting_after=${middle.id}`);
    assert.deepEqual(ids(afterMiddle), [oldest.id]);
    assert.equal(afterMiddle.body.has_more, false);
    const beforeMiddle = await test.request('GET', `/customers?limit=1&ending_before=${middle.id}`);
    assert.deepEqual(ids(beforeMiddle), [newest.id]);
    assert.equal(beforeMiddle.body.has_more, false);
    const afterNewest = await test.request('GET', `/customers?limit=1&starting_after=${newest.id}`);
    assert.deepEqual(ids(afterNewest), [middle.id]);
    assert.equal(afterNewest.body.has_more, true);

    // IDs that sort between, before and after this scope's customers but name none of them.
    const missing = `cus_${'f'.repeat(24)}`;
    for (const cursor of [liveOne.id, foreign.id, missing, `${middle.id}0`, 'cus_', 'zzz']) {
      for (const [name, code] of [
        ['starting_after', 'starting_after_invalid'],
        ['ending_before', 'ending_before_invalid'],
      ]) {
        const reply = await test.request('GET', `/customers?${name}=${cursor}`);
        assert.equal(reply.status, 400, `${name}=${cursor}`);
        assert.equal(reply.body.code, code, `${name}=${cursor}`);
      }
    }

    // Filtered, a customer the filter leaves out is still a cursor.
    const tagged = await createCustomer(test, { reference_id: 'tagged' });
    const filtered = await test.request('GET', `/customers?reference_id=tagged&ending_before=${oldest.id}`);
    assert.deepEqual(ids(filtered), [tagged.id]);
    const none = await test.request('GET', `/customers?reference_id=tagged&starting_after=${newest.id}`);
    assert.equal(none.status, 200);
    assert.deepEqual(ids(none), []);
  });

  it('reproduces the anode fields of the seed CustomerList example', async () => {
    const test = await newClient(h, 'test');
    const live = await newClient(h, 'live', test.accountId);
    const created = await createCustomer(live, { reference_id: 'ABC1234567890' });
    const locations: string[] = [];
    for (const city of ['London', 'Bristol']) {
      const reply = await live.request('POST', '/locations', {
        customer_id: created.id,
        postal_address: { address_line1: '123', address_line2: 'Infinite Drive', city, country_code: 'GB' },
      });
      locations.push(reply.body.id);
    }
    const reply = await live.request('GET', '/customers');
    // The seed example, less the pre-zero fields that the anode Customer schema does not have.
    assert.deepEqual(reply.body, {
      object: 'list',
      url: '/customers',
      has_more: false,
      data: [
        {
          id: created.id,
          object: 'customer',
          live_mode: true,
          reference_id: 'ABC1234567890',
          locations,
          time_created: created.time_created,
          account_id: live.accountId,
        },
      ],
    });
  });
});
