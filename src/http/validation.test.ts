import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Harness } from '../testing/harness.ts';
import { findUntypableValue, MAX_DEPTH } from './validation.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe('findUntypableValue', () => {
  it('points at the first string with a NUL or an unpaired surrogate, at any depth', () => {
    assert.equal(findUntypableValue({ a: [{ b: 'x\u0000' }] })?.instancePath, '/a/0/b');
    assert.equal(findUntypableValue({ a: 'ok', b: '\ud83d' })?.instancePath, '/b');
    assert.equal(findUntypableValue(['\udc00'])?.instancePath, '/0');
    assert.equal(findUntypableValue({ 'a/b': { 'x\u0000': 1 } })?.instancePath, '/a~1b');
  });

  it('points at a number JSON cannot write', () => {
    assert.equal(findUntypableValue({ n: Infinity })?.keyword, 'finite');
    assert.equal(findUntypableValue([Number.NaN])?.instancePath, '/0');
  });

  it('finds nothing in text with paired surrogates, other control characters and finite numbers', () => {
    assert.equal(
      findUntypableValue({ a: '😀 \u0001 é', b: [1e308, -0, 5e-324], c: null, d: true }),
      undefined,
    );
  });

  it('points at the level past MAX_DEPTH of a deep nest, without exhausting the stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const found = findUntypableValue({ a: deep });
    assert.equal(found?.keyword, 'depth');
    assert.equal(found?.instancePath, `/a${'/0'.repeat(MAX_DEPTH - 1)}`);
    let shallow: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH; i++) shallow = [shallow];
    assert.equal(findUntypableValue(shallow), undefined);
  });
});

describe('text that is not text in a request', () => {
  it('answers 404 when a path ID holds a NUL', async () => {
    const client = await newClient(h);
    for (const url of ['/costs/session/%00', '/costs/session/a%00b', '/customers/%00']) {
      const reply = await client.request('POST', url, {});
      assert.equal(reply.status, 404, url);
      assert.equal(reply.body.code, 'not_found');
    }
  });

  it('answers 400 naming the field when an object key holds a NUL', async () => {
    const client = await newClient(h);
    const reply = await client.request('POST', '/devices', { pv_system: { 'a\u0000': 1 } });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'pv_system_invalid');
  });

  it('answers 400 pv_system_invalid when pv_system nests 10,000 deep', async () => {
    const client = await newClient(h);
    const reply = await h.inject({
      method: 'POST',
      url: '/devices',
      payload: `{"pv_system":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'a_invalid');
    assert.match(reply.body.message, /^pv_system\.a\.a.* must not nest deeper than 32 levels$/);
  });

  it('answers 400 naming the field when a number overflows to Infinity (1e999)', async () => {
    const client = await newClient(h);
    const reply = await h.inject({
      method: 'POST',
      url: '/devices',
      payload: '{"pv_system":{"capacity":1e999}}',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'capacity_invalid');
    assert.match(reply.body.message, /pv_system\.capacity must be a finite number/);
  });
});
