// The location IDs each customer row stores (migration 0014) [decision:customer-location-ids]: every
// path that creates, deletes or moves a location keeps them equal to what the locations table says,
// in `id` order, and the migration fills them for rows that existed before it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql, type MigrationProvider } from 'kysely';
import { migrations } from '../../store/migrations/index.ts';
import { openDatabase } from '../../store/database.ts';
import type { Db } from '../../store/schema.ts';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';
import { scratchDatabase } from '../../testing/scratch-database.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const LONDON = { city: 'London', post_code: 'WC2N 5EH', country_code: 'GB' };

async function createCustomer(client: Client): Promise<string> {
  const reply = await client.request('POST', '/customers', {});
  assert.equal(reply.status, 201);
  return reply.body.id;
}

async function createLocation(client: Client, body: Record<string, unknown> = {}): Promise<string> {
  const reply = await client.request('POST', '/locations', { postal_address: LONDON, ...body });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body.id;
}

async function locationsOf(client: Client, customerId: string): Promise<string[]> {
  const reply = await client.request('GET', `/customers/${customerId}`);
  assert.equal(reply.status, 200);
  return reply.body.locations;
}

/** What the list of every customer reads for each customer of the client's account and mode. */
async function listed(client: Client): Promise<Map<string, string[]>> {
  const reply = await client.request('GET', '/customers?limit=100');
  assert.equal(reply.status, 200);
  return new Map(reply.body.data.map((c: { id: string; locations: string[] }) => [c.id, c.locations]));
}

/** Customers of an account whose stored IDs differ from its locations in `id` order. */
async function drifted(db: Db, accountId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select c.id from customers c
     where c.account_id = ${accountId}
       and c.location_ids is distinct from array(
             select l.id from locations l
              where l.account_id = c.account_id and l.live_mode = c.live_mode and l.customer_id = c.id
              order by l.id)`.execute(db);
  return rows.map((r) => r.id);
}

describe('customer location IDs', () => {
  it('adds each created location in ID order, also one created at an earlier time', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const first = await createLocation(client, { customer_id: customer });
    h.clockOffset = -86_400_000;
    let earlier: string;
    try {
      earlier = await createLocation(client, { customer_id: customer });
    } finally {
      h.clockOffset = 0;
    }
    assert.ok(earlier < first, 'the location created a day earlier has the smaller ID');
    assert.deepEqual(await locationsOf(client, customer), [earlier, first]);
    assert.deepEqual((await listed(client)).get(customer), [earlier, first]);
    assert.deepEqual(await drifted(h.database.db, client.accountId), []);
  });

  it('keeps both IDs when two locations are created for one customer at once', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const created = await Promise.all(
      Array.from({ length: 6 }, () => createLocation(client, { customer_id: customer })),
    );
    assert.deepEqual(await locationsOf(client, customer), [...created].sort());
    assert.deepEqual(await drifted(h.database.db, client.accountId), []);
  });

  it('moves an ID between customers, and concurrent opposite moves both land', async () => {
    const client = await newClient(h);
    const a = await createCustomer(client);
    const b = await createCustomer(client);
    const la = await createLocation(client, { customer_id: a });
    const lb = await createLocation(client, { customer_id: b });
    const replies = await Promise.all([
      client.request('PATCH', `/locations/${la}`, { customer_id: b }),
      client.request('PATCH', `/locations/${lb}`, { customer_id: a }),
    ]);
    assert.deepEqual(
      replies.map((r) => r.status),
      [200, 200],
    );
    assert.deepEqual(await locationsOf(client, a), [lb]);
    assert.deepEqual(await locationsOf(client, b), [la]);
    const same = await client.request('PATCH', `/locations/${la}`, { customer_id: b, reference_id: 'R' });
    assert.equal(same.status, 200);
    assert.deepEqual(await locationsOf(client, b), [la]);
    const unowned = await createLocation(client);
    assert.equal((await client.request('PATCH', `/locations/${unowned}`, { customer_id: a })).status, 200);
    assert.deepEqual(await locationsOf(client, a), [lb, unowned].sort());
    assert.deepEqual(await drifted(h.database.db, client.accountId), []);
  });

  it('removes the ID of a deleted location, and deleting a customer leaves no stale row', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const kept = await createLocation(client, { customer_id: customer });
    const gone = await createLocation(client, { customer_id: customer });
    assert.equal((await client.request('DELETE', `/locations/${gone}`)).status, 202);
    assert.deepEqual(await locationsOf(client, customer), [kept]);
    assert.equal((await client.request('DELETE', `/customers/${customer}`)).status, 202);
    assert.equal((await client.request('GET', `/locations/${kept}`)).status, 404);
    assert.deepEqual(await drifted(h.database.db, client.accountId), []);
  });

  it('keeps live customers’ IDs through a test-mode reset', async () => {
    const client = await newClient(h);
    const live = await newClient(h, 'live', client.accountId);
    const liveCustomer = await createCustomer(live);
    const liveLocation = await createLocation(live, { customer_id: liveCustomer });
    const testCustomer = await createCustomer(client);
    await createLocation(client, { customer_id: testCustomer });
    assert.equal((await client.request('POST', '/test_helpers/reset')).status, 200);
    assert.deepEqual(await locationsOf(live, liveCustomer), [liveLocation]);
    const again = await createCustomer(client);
    const location = await createLocation(client, { customer_id: again });
    assert.deepEqual(await locationsOf(client, again), [location]);
    assert.deepEqual(await drifted(h.database.db, client.accountId), []);
  });
});

describe('migration 0014-customer-location-ids', () => {
  it('fills the IDs of customers that had locations before it, in ID order', async () => {
    const scratch = await scratchDatabase();
    const database = await openDatabase({ url: scratch.url, dataDir: 'memory://' });
    try {
      const db = database.db;
      const provider: MigrationProvider = { getMigrations: async () => migrations };
      const schema =
        (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? 'public';
      const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
      const to13 = await migrator.migrateTo('0013-market-scenarios');
      assert.equal(to13.error, undefined);
      const at = new Date('2026-01-01T00:00:00Z');
      await sql`insert into customers (account_id, live_mode, id, created_at) values
        ('acc_1', false, 'cus_a', ${at}), ('acc_1', true, 'cus_a', ${at}), ('acc_1', false, 'cus_b', ${at})`.execute(
        db,
      );
      for (const [mode, id, customer] of [
        [false, 'loc_3', 'cus_a'],
        [false, 'loc_1', 'cus_a'],
        [true, 'loc_2', 'cus_a'],
        [false, 'loc_4', null],
      ] as const)
        await sql`insert into locations (account_id, live_mode, id, customer_id, postal_address, timezone, market_sources, flex_allowed, created_at)
          values ('acc_1', ${mode}, ${id}, ${customer}, '{}', 'UTC', '{}', false, ${at})`.execute(db);
      const latest = await migrator.migrateToLatest();
      assert.equal(latest.error, undefined);
      const { rows } = await sql<{ live_mode: boolean; id: string; location_ids: string[] }>`
        select live_mode, id, location_ids from customers order by id, live_mode`.execute(db);
      assert.deepEqual(rows, [
        { live_mode: false, id: 'cus_a', location_ids: ['loc_1', 'loc_3'] },
        { live_mode: true, id: 'cus_a', location_ids: ['loc_2'] },
        { live_mode: false, id: 'cus_b', location_ids: [] },
      ]);
    } finally {
      await database.close();
      await scratch.drop();
    }
  });
});
