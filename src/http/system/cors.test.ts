import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../../testing/harness.ts';

describe('CORS', () => {
  let withCors: Harness;
  let withoutCors: Harness;
  before(async () => {
    withCors = await startHarness({ corsOrigins: ['https://app.example.com'] });
    withoutCors = await startHarness();
  });
  after(async () => {
    await withCors.close();
    await withoutCors.close();
  });

  const preflight = (h: Harness, origin: string) =>
    h.app.inject({
      method: 'OPTIONS',
      url: '/customers',
      headers: { origin, 'access-control-request-method': 'GET' },
    });

  it('allows a configured origin and exposes the version and request id headers', async () => {
    const reply = await preflight(withCors, 'https://app.example.com');
    assert.equal(reply.statusCode, 204);
    assert.equal(reply.headers['access-control-allow-origin'], 'https://app.example.com');
    const simple = await withCors.app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://app.example.com' },
    });
    assert.match(String(simple.headers['access-control-expose-headers']), /flatpeak-version/);
  });

  it('does not allow other origins, nor any origin when CORS is off', async () => {
    const other = await preflight(withCors, 'https://evil.example.com');
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const off = await withoutCors.app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://app.example.com' },
    });
    assert.equal(off.headers['access-control-allow-origin'], undefined);
  });
});
