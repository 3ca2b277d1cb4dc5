import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { updateAccount } from '../core/accounts/accounts.ts';
import { newClient, startHarness, type Harness } from '../testing/harness.ts';
import { buildApp } from './app.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('rate limiting in memory', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimitPerMinute: 3 });
  });
  after(() => h.close());

  it('answers 429 with the seed body and Retry-After when an account exceeds its limit', async () => {
    const client = await newClient(h);
    for (let i = 0; i < 3; i++) assert.equal((await client.request('GET', '/customers')).status, 200);
    const reply = await client.request('GET', '/customers');
    assert.equal(reply.status, 429);
    assert.equal(reply.body.object, 'error');
    assert.equal(reply.body.type, 'rate_limit');
    assert.equal(reply.body.code, 'too_many_requests');
    assert.equal(reply.body.message, 'Too many requests. Please retry after a short delay.');
    assert.equal(reply.body.context, 'api.customer_list');
    const retryAfter = Number(reply.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  });

  it('counts each account on its own', async () => {
    const busy = await newClient(h);
    const quiet = await newClient(h);
    for (let i = 0; i < 4; i++) await busy.request('GET', '/customers');
    assert.equal((await busy.request('GET', '/customers')).status, 429);
    assert.equal((await quiet.request('GET', '/customers')).status, 200);
  });

  it('applies the account limit set through the admin surface', async () => {
    const client = await newClient(h);
    h.authenticator.forget(client.accountId);
    await updateAccount(h.ctx, client.accountId, { rateLimitPerMinute: 10 });
    for (let i = 0; i < 10; i++)
      assert.equal((await client.request('GET', '/customers')).status, 200, `call ${i}`);
    assert.equal((await client.request('GET', '/customers')).status, 429);
  });
});

describe('rate limiting shared through Redis', () => {
  let h: Harness;
  let redis: Redis;
  before(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    h = await startHarness({ rateLimitPerMinute: 4, redis });
  });
  after(async () => {
    await h.close();
    await redis.quit();
  });

  it('shares one budget between two nodes when both use the same Redis', async () => {
    const client = await newClient(h);
    const secondRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const otherNode = await buildApp({
      ctx: h.ctx,
      authenticator: h.authenticator,
      logger: pino({ level: 'silent' }),
      rateLimitPerMinute: 4,
      anonymousRateLimitPerMinute: 100,
      redis: secondRedis,
    });
    try {
      const viaOther = () =>
        otherNode.inject({
          method: 'GET',
          url: '/customers',
          headers: { authorization: `Bearer ${client.token}` },
        });
      assert.equal((await client.request('GET', '/customers')).status, 200);
      assert.equal((await viaOther()).statusCode, 200);
      assert.equal((await client.request('GET', '/customers')).status, 200);
      assert.equal((await viaOther()).statusCode, 200);
      const refused = await viaOther();
      assert.equal(refused.statusCode, 429);
      assert.equal(JSON.parse(refused.body).code, 'too_many_requests');
      assert.equal((await client.request('GET', '/customers')).status, 429);
    } finally {
      await otherNode.close();
      await secondRedis.quit();
    }
  });
});
