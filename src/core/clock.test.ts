import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { login, newClient, startHarness, type Harness } from '../testing/harness.ts';
import { SERVER, type ClockScope } from './clock.ts';

// Every behaviour that depends on "now" asks for the time of its scope. Here one account's test
// mode runs on a clock of its own; its live mode and every other account keep real time.
describe('ctx.now(scope)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('dates what an account creates by the clock of its own scope, and no other', async () => {
    const test = await newClient(h, 'test');
    const live = await newClient(h, 'live', test.accountId);
    const other = await newClient(h, 'test');
    const MOVED = Date.parse('2031-06-01T12:00:00Z');
    const asked: ClockScope[] = [];
    const real = h.ctx.now;
    h.ctx.now = (scope) => {
      asked.push(scope);
      const moved = scope !== SERVER && scope.accountId === test.accountId && !scope.liveMode;
      return moved ? MOVED : Date.now();
    };
    try {
      // bearer tokens expire by their scope's clock too: the token from before the jump is stale
      assert.equal((await test.request('GET', '/customers')).status, 403);
      const token = (await login(h, test.accountId, test.apiKey)).body.bearer_token as string;
      const created = await Promise.all([
        h.inject({
          method: 'POST',
          url: '/customers',
          body: { reference_id: 'clock' },
          headers: { authorization: `Bearer ${token}` },
        }),
        ...[live, other].map((client) => client.request('POST', '/customers', { reference_id: 'clock' })),
      ]);
      assert.deepEqual(
        created.map((reply) => reply.status),
        [201, 201, 201],
      );
      const [moved, ...real] = created.map((reply) => Date.parse(reply.body.time_created));
      assert.equal(moved, MOVED);
      for (const time of real) assert.ok(Math.abs(time - Date.now()) < 60_000, `${time} is real time`);
      assert.ok(asked.some((scope) => scope !== SERVER && scope.accountId === other.accountId));
    } finally {
      h.ctx.now = real;
    }
  });
});
