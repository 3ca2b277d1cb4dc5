import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTicker } from './ticker.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startTicker', () => {
  it('runs at once and then on its interval, never two rounds at once, and stops cleanly', async () => {
    let running = 0;
    let most = 0;
    let rounds = 0;
    const results: number[] = [];
    const stop = startTicker(
      async () => {
        const round = ++rounds;
        running++;
        most = Math.max(most, running);
        await sleep(30);
        running--;
        return round;
      },
      10,
      (round) => results.push(round),
      (message) => assert.fail(message),
    );
    assert.equal(rounds, 1, 'the first round starts at once');
    await sleep(100);
    await stop();
    const atStop = rounds;
    await sleep(40);
    assert.ok(rounds >= 2, `ran ${rounds} rounds`);
    assert.equal(rounds, atStop, 'no round after stop');
    assert.equal(most, 1);
    assert.deepEqual(
      results,
      Array.from({ length: rounds }, (_, i) => i + 1),
    );
  });

  it('reports a failed round and keeps going', async () => {
    const errors: string[] = [];
    let rounds = 0;
    const stop = startTicker(
      async () => {
        rounds++;
        if (rounds === 1) throw new Error('database away');
        return rounds;
      },
      10,
      () => {},
      (message) => errors.push(message),
    );
    await sleep(50);
    await stop();
    assert.deepEqual(errors, ['database away']);
    assert.ok(rounds >= 2);
  });
});
