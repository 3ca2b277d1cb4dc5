import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount } from '../accounts/accounts.ts';
import { SERVER } from '../clock.ts';
import type { CoreContext } from '../context.ts';
import { startHarness, type Harness } from '../../testing/harness.ts';
import { TestClocks } from './clock-cache.ts';
import { advanceTestClock, freezeTestClock } from './test-clocks.ts';

const DAY = 86_400_000;

/** Another node on the same database: a clock cache of its own, trusting its copy `freshMs`. */
function node(h: Harness, freshMs: number, server: () => number): CoreContext {
  const clocks = new TestClocks(h.ctx.db, server, freshMs);
  return { db: h.ctx.db, now: clocks.now, clocks };
}

describe('test clock copies of several nodes', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('shows a change made on one node on another once that node refreshes, and real time to live mode and SERVER', async () => {
    const fixed = Date.parse('2026-06-01T08:00:00Z');
    const server = () => fixed;
    const a = node(h, 1000, server);
    const b = node(h, 0, server); // refreshes on every request
    const sticky = node(h, 1e12, server); // never refreshes once it holds a copy
    const accountId = (await createAccount(h.ctx)).id;
    const test = { accountId, liveMode: false };
    const live = { accountId, liveMode: true };

    for (const ctx of [b, sticky]) await ctx.clocks?.refresh(test);
    assert.equal(sticky.now(test), fixed, 'no clock yet: real time');

    await freezeTestClock(a, test);
    await advanceTestClock(a, test, { bySeconds: 2 * 86_400 });
    assert.equal(a.now(test), fixed + 2 * DAY, 'the node that advanced knows at once');
    assert.equal(b.now(test), fixed, 'another node answers from its copy until it refreshes');
    await b.clocks?.refresh(test);
    assert.equal(b.now(test), fixed + 2 * DAY, 'and the new time after');
    assert.equal(sticky.clocks?.refresh(test), undefined, 'a fresh copy costs no read');
    assert.equal(sticky.now(test), fixed, 'and is as old as the freshness bound allows');
    for (const ctx of [a, b]) {
      assert.equal(ctx.now(live), fixed, 'live mode keeps real time');
      assert.equal(ctx.now(SERVER), fixed, 'the server keeps real time');
    }
  });
});
