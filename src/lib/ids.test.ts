import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isId, newId } from './ids.ts';

describe('newId', () => {
  it('has a prefix and 24 hex characters when generated', () => {
    assert.match(newId('cus', Date.now()), /^cus_[0-9a-f]{24}$/);
  });

  it('sorts in creation order when made by one process', () => {
    const ids = Array.from({ length: 1000 }, () => newId('cus', 1_700_000_000_000));
    assert.deepEqual([...ids].sort(), ids);
  });

  it('puts the creation second first when time moves on', () => {
    const id = newId('evt', 0x65e421d1 * 1000);
    assert.equal(id.slice(4, 12), '65e421d1');
  });
});

describe('isId', () => {
  it('accepts 24 and 32 hex IDs with the right prefix', () => {
    assert.equal(isId('cus_65e421d1daa4a24082b4f590', 'cus'), true);
    assert.equal(isId('cus_a83ec6da1e0d4917b9e9abf58d60574e', 'cus'), true);
  });

  it('rejects other prefixes, lengths and upper case', () => {
    assert.equal(isId('loc_65e421d1daa4a24082b4f590', 'cus'), false);
    assert.equal(isId('cus_65e421d1daa4a24082b4f59', 'cus'), false);
    assert.equal(isId('cus_65E421D1DAA4A24082B4F590', 'cus'), false);
  });
});
