import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { newClient, startHarness, type Client, type Harness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

async function createCustomers(client: Client, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await client.request('POST', '/customers', {})).body.id);
  return ids.reverse(); // newest first, as lists are
}

async function walkForward(client: Client, url: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const reply = await client.request(
      'GET',
      `${url}?limit=${limit}${cursor ? `&starting_after=${cursor}` : ''}`,
    );
    assert.equal(reply.status, 200);
    const ids = reply.body.data.map((o: { id: string }) => o.id);
    pages.push(ids);
    if (!reply.body.has_more) return pages;
    assert.equal(ids.length, limit, 'a page followed by more is full');
    cursor = ids.at(-1);
  }
}

async function walkBackward(client: Client, url: string, limit: number, from: string): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor = from;
  for (;;) {
    const reply = await client.request('GET', `${url}?limit=${limit}&ending_before=${cursor}`);
    assert.equal(reply.status, 200);
    const ids = reply.body.data.map((o: { id: string }) => o.id);
    if (ids.length > 0) pages.unshift(ids);
    if (!reply.body.has_more) return pages;
    cursor = ids[0];
  }
}

describe('keyset pagination', () => {
  it('visits every object exactly once, in order, forwards and backwards, for any size and limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 1, max: 7 }),
        async (count, limit) => {
          const client = await newClient(h);
          const all = await createCustomers(client, count);
          const forward = await walkForward(client, '/customers', limit);
          assert.deepEqual(forward.flat(), all);
          if (count === 0) return;
          const last = all.at(-1) as string;
          const backward = await walkBackward(client, '/customers', limit, last);
          assert.deepEqual([...backward.flat(), last], all);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('neither skips nor repeats older objects when new ones are inserted between page fetches', async () => {
    const client = await newClient(h);
    const original = await createCustomers(client, 10);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      await client.request('POST', '/customers', { reference_id: 'inserted-while-paging' });
      const reply = await client.request(
        'GET',
        `/customers?limit=3${cursor ? `&starting_after=${cursor}` : ''}`,
      );
      const ids: string[] = reply.body.data.map((o: { id: string }) => o.id);
      seen.push(...ids);
      if (!reply.body.has_more) break;
      cursor = ids.at(-1);
    }
    const inserted = seen.filter((id) => !original.includes(id));
    assert.deepEqual(
      seen.filter((id) => original.includes(id)),
      original,
    );
    assert.equal(inserted.length, 1, 'only the object made before the first page is on it');
  });

  it('pages backwards onto objects created after the first fetch', async () => {
    const client = await newClient(h);
    const [newest] = await createCustomers(client, 3);
    const later = await createCustomers(client, 2);
    const reply = await client.request('GET', `/customers?ending_before=${newest}`);
    assert.deepEqual(
      reply.body.data.map((o: { id: string }) => o.id),
      later,
    );
    assert.equal(reply.body.has_more, false);
  });

  it('pages events the same way', async () => {
    const client = await newClient(h);
    const customers = await createCustomers(client, 7);
    const pages = await walkForward(client, '/events', 3);
    assert.deepEqual(
      pages.map((page) => page.length),
      [3, 3, 1],
    );
    const events = await client.request('GET', '/events?limit=100');
    assert.deepEqual(
      events.body.data.map((e: { data: { id: string } }) => e.data.id),
      customers,
    );
  });
});
