import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { PgliteSocket } from './pglite-socket.ts';

let pglite: PGlite;
before(async () => {
  pglite = await PGlite.create('memory://');
});
after(() => pglite.close());

async function withClient<T>(run: (client: pg.Client) => Promise<T>, pipeline = false): Promise<T> {
  const client = new pg.Client({ stream: () => new PgliteSocket(pglite), pipeline } as pg.ClientConfig);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe('PgliteSocket', () => {
  it('runs parameterised and simple queries through pg and answers with pg-parsed rows', async () => {
    await withClient(async (client) => {
      const prepared = await client.query({
        name: 'plus_one',
        text: 'select $1::int + 1 as n',
        values: [41],
      });
      assert.deepEqual(prepared.rows, [{ n: 42 }]);
      const again = await client.query({ name: 'plus_one', text: 'select $1::int + 1 as n', values: [1] });
      assert.deepEqual(again.rows, [{ n: 2 }]);
      const simple = await client.query("select 'a' || 'b' as s");
      assert.deepEqual(simple.rows, [{ s: 'ab' }]);
    });
  });

  it('reports an error and stays usable when a statement fails', async () => {
    await withClient(async (client) => {
      await assert.rejects(
        client.query({ text: 'select 1 / $1::int as n', values: [0] }),
        /division by zero/,
      );
      assert.deepEqual((await client.query({ text: 'select $1::int as n', values: [7] })).rows, [{ n: 7 }]);
    });
  });

  it('prepares a statement again under the same name when a new connection replaces the old one', async () => {
    for (const value of [1, 2]) {
      await withClient(async (client) => {
        const result = await client.query({
          name: 'same_name',
          text: 'select $1::int * 10 as n',
          values: [value],
        });
        assert.deepEqual(result.rows, [{ n: value * 10 }]);
      });
    }
  });

  it('serves a client in pipeline mode, queries sent together each getting their own rows', async () => {
    await withClient(async (client) => {
      // PGlite answers within the call that hands it the bytes: were the reply passed on before
      // `pg` had finished writing, `pg` would meet an answer to a query it had not yet counted.
      const results = await Promise.allSettled(
        [3, 0, 5, 7].map((divisor) =>
          client.query({ name: 'div', text: 'select 35 / $1::int as n', values: [divisor] }),
        ),
      );
      assert.deepEqual(
        results.map((r) => (r.status === 'fulfilled' ? r.value.rows[0].n : (r.reason as Error).message)),
        [11, 'division by zero', 7, 5],
      );
    }, true);
  });
});
