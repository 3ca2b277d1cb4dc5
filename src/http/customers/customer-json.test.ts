// The customer list writes each customer with customerJson instead of toApiCustomer and
// JSON.stringify [decision:list-request-cpu]: the two must give the same bytes for every customer,
// and the list's answer the same bytes as the list presented and serialised as before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { listCustomers, type Customer } from '../../core/customers/customers.ts';
import type { PageQuery } from '../../core/pagination.ts';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';
import { toApiList } from '../schemas.ts';
import { customerJson, toApiCustomer } from './customer-schema.ts';

/** Any text, with the characters JSON escapes (quotes, backslashes, controls, lone surrogates) often. */
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', '\\', '/', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '\n'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
});

const customer: fc.Arbitrary<Customer> = fc.record({
  id: text,
  accountId: text,
  liveMode: fc.boolean(),
  referenceId: fc.option(text, { nil: null }),
  locations: fc.array(text, { maxLength: 3 }),
  // Any millisecond from 1900 to 9999, before and after the epoch.
  createdAt: fc.integer({
    min: Date.parse('1900-01-01T00:00:00Z'),
    max: Date.parse('9999-12-31T23:59:59.999Z'),
  }),
});

describe('customerJson', () => {
  it('is JSON.stringify(toApiCustomer(customer)) for any customer', () => {
    fc.assert(
      fc.property(customer, (c) => customerJson(c) === JSON.stringify(toApiCustomer(c))),
      { numRuns: 5_000 },
    );
  });

  it('stays so along a page and from one scope to the next (the scope parts it keeps)', () => {
    // Customers of a few scopes in any order, plain IDs among them, as a list's pages bring them.
    const plainId = fc.stringMatching(/^(cus|loc|acc)_[0-9a-f]{24}$/);
    const scope = fc.record({ accountId: fc.oneof(plainId, text), liveMode: fc.boolean() });
    const page = fc.array(scope, { minLength: 1, maxLength: 3 }).chain((scopes) =>
      fc.array(
        fc.tuple(fc.constantFrom(...scopes), customer, plainId, fc.array(plainId, { maxLength: 2 })),
        { maxLength: 20 },
      ),
    );
    fc.assert(
      fc.property(page, (rows) =>
        rows.every(([{ accountId, liveMode }, c, id, locations], i) => {
          const row = { ...c, accountId, liveMode, ...(i % 2 === 0 ? { id, locations } : {}) };
          return customerJson(row) === JSON.stringify(toApiCustomer(row));
        }),
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('customer_list answer', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  async function rawList(client: Client, query: string): Promise<string> {
    const reply = await h.app.inject({
      method: 'GET',
      url: `/customers${query}`,
      headers: { authorization: `Bearer ${client.token}` },
    });
    assert.equal(reply.statusCode, 200, reply.body);
    assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
    return reply.body;
  }

  async function presented(client: Client, filter: { referenceId?: string }, page: PageQuery) {
    const scope = { accountId: client.accountId, liveMode: client.liveMode };
    const list = await listCustomers(h.ctx, scope, filter, page);
    return JSON.stringify(toApiList('/customers', list, toApiCustomer));
  }

  it('is the list presented and serialised, on every page shape', async () => {
    const client = await newClient(h);
    const references = ['CUS1234567890', undefined, 'quote " back \\ slash', 'tab\tline\n\u0001', 'émoji 😀'];
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) {
      const reference = references[n % references.length];
      const reply = await client.request(
        'POST',
        '/customers',
        reference === undefined ? {} : { reference_id: reference },
      );
      assert.equal(reply.status, 201);
      ids.push(reply.body.id);
    }
    const located = await client.request('POST', '/locations', {
      postal_address: { city: 'London', post_code: 'WC2N 5EH', country_code: 'GB' },
      customer_id: ids[4],
    });
    assert.equal(located.status, 201);

    const shapes: [string, { referenceId?: string }, PageQuery][] = [
      ['', {}, { limit: 30 }],
      ['?limit=5', {}, { limit: 5 }],
      [`?limit=5&starting_after=${ids[8]}`, {}, { limit: 5, startingAfter: ids[8] }],
      [`?limit=3&ending_before=${ids[2]}`, {}, { limit: 3, endingBefore: ids[2] }],
      [`?starting_after=${ids[0]}`, {}, { limit: 30, startingAfter: ids[0] }],
      [
        `?reference_id=${encodeURIComponent('quote " back \\ slash')}`,
        { referenceId: 'quote " back \\ slash' },
        { limit: 30 },
      ],
    ];
    for (const [query, filter, page] of shapes) {
      assert.equal(
        await rawList(client, query),
        await presented(client, filter, page),
        `GET /customers${query}`,
      );
    }
    const all = JSON.parse(await rawList(client, '')) as {
      data: { locations: string[] }[];
      has_more: boolean;
    };
    assert.equal(all.data.length, 12);
    assert.equal(all.has_more, false);
    assert.ok(all.data.some((c) => c.locations.length === 1));
  });
});
