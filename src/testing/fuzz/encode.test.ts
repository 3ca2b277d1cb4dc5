import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentEncode, RawJson, targetOf, toJsonText, wtf8 } from './encode.ts';

describe('encoding fuzz requests', () => {
  it('writes an unpaired surrogate as the three bytes of its code unit, and a pair as UTF-8', () => {
    assert.deepEqual([...wtf8('a\ud83d')], [0x61, 0xed, 0xa0, 0xbd]);
    assert.deepEqual(wtf8('😀'), Buffer.from('😀', 'utf8'));
    assert.equal(percentEncode('a b\u0000\ud83d~'), 'a%20b%00%ED%A0%BD~');
  });

  it('writes raw JSON tokens where JSON.stringify would write something else', () => {
    assert.equal(
      toJsonText({ a: new RawJson('-0'), b: [new RawJson('1e999')], c: 'x' }),
      '{"a":-0,"b":[1e999],"c":"x"}',
    );
  });

  it('builds the target from the template, encoding values unless they are already encoded', () => {
    const parts = {
      method: 'GET',
      path: '/a/{id}',
      pathParams: { id: { value: '%C0%AF', encoded: true } },
      query: [
        { name: 'q', value: 'x y' },
        { name: 'r', value: '%', encoded: true },
      ],
      headers: [],
    };
    assert.equal(targetOf(parts), '/a/%C0%AF?q=x%20y&r=%');
  });
});
