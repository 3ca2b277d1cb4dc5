import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonExact } from './json-text.ts';

describe('parseJsonExact', () => {
  it('keeps the exact text of every number when JSON.parse would round it', () => {
    assert.deepEqual(
      parseJsonExact('{"a": 0.5294528549999999, "b": [-1.50, 2e-3, 0], "c": "7 \\" 8", "d": null}'),
      {
        a: '0.5294528549999999',
        b: ['-1.50', '2e-3', '0'],
        c: '7 " 8',
        d: null,
      },
    );
  });

  it('refuses invalid JSON with feed_invalid', () => {
    assert.throws(() => parseJsonExact('{"a": 01}'), { code: 'feed_invalid' });
    assert.throws(() => parseJsonExact('{"a": }'), { code: 'feed_invalid' });
  });
});
