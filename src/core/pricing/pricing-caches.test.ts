// This node's copy of an account's market scenarios [decision:market-scenarios-cache]: answered
// from the copy while fresh, read again once stale, dropped at once by a local change, and never
// kept when the read started before such a change.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MarketScenario } from '../../engine/market-scenarios.ts';
import { PricingCaches } from './pricing-caches.ts';

const spike = (key: string): MarketScenario => ({ type: 'spike', firstDay: 20_000, lastDay: 20_001, key });

/** A read that counts its calls and answers what `answer` holds when called. */
function reader(answer: { scenarios: MarketScenario[] }) {
  const read = async () => {
    read.calls++;
    return answer.scenarios.map((s) => ({ ...s }));
  };
  read.calls = 0;
  return read;
}

describe('PricingCaches.marketScenarios', () => {
  it('answers from the copy while fresh, per account, source and first day', async () => {
    const caches = new PricingCaches(60_000);
    const read = reader({ scenarios: [spike('msc_1')] });
    const first = await caches.marketScenarios('acc_1', 'mrs_a', '2026-01-01', read);
    const again = await caches.marketScenarios('acc_1', 'mrs_a', '2026-01-01', read);
    assert.equal(read.calls, 1);
    assert.equal(again, first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first[0]));
    await caches.marketScenarios('acc_1', 'mrs_b', '2026-01-01', read);
    await caches.marketScenarios('acc_1', 'mrs_a', '2026-01-02', read);
    await caches.marketScenarios('acc_2', 'mrs_a', '2026-01-01', read);
    assert.equal(read.calls, 4);
  });

  it('reads again once the copy is as old as the bound', async () => {
    const caches = new PricingCaches(0);
    const read = reader({ scenarios: [] });
    await caches.marketScenarios('acc_1', 'mrs_a', '2026-01-01', read);
    await caches.marketScenarios('acc_1', 'mrs_a', '2026-01-01', read);
    assert.equal(read.calls, 2);
  });

  it('drops the account’s copy on a local change, and only that account’s', async () => {
    const caches = new PricingCaches(60_000);
    const answer = { scenarios: [spike('msc_1')] };
    const read = reader(answer);
    await caches.marketScenarios('acc_1', 'mrs_a', '2026-01-01', read);
    await caches.marketScenarios('acc_2', 'mrs_a', '2026-01-01', read);
    answer.scenarios = [];
    caches.forgetMarketScenarios('acc_1');
    assert.deepEqual(await caches.marketScenarios('acc_1', 'mrs_a', '2026-01-01', read), []);
    assert.equal((await caches.marketScenarios('acc_2', 'mrs_a', '2026-01-01', read)).length, 1);
    assert.equal(read.calls, 3);
  });

  it('does not keep a read that started before a local change', async () => {
    const caches = new PricingCaches(60_000);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const stale = caches.marketScenarios('acc_1', 'mrs_a', '2026-01-01', async () => {
      await gate;
      return [spike('msc_deleted')];
    });
    caches.forgetMarketScenarios('acc_1');
    release();
    assert.equal((await stale).length, 1);
    const read = reader({ scenarios: [] });
    assert.deepEqual(await caches.marketScenarios('acc_1', 'mrs_a', '2026-01-01', read), []);
    assert.equal(read.calls, 1);
  });
});
