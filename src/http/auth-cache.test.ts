// Bearer authentication with key grants cached, as a server runs it: a token the server has
// accepted passes without a query or a promise (Authenticator.authenticateCached), and still
// stops passing the moment it expires (wall or test clock), its key is revoked, or its account
// is disabled on this node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness({ authCacheMs: 60_000 });
});
after(() => h.close());

const admin = (method: 'POST' | 'DELETE', url: string) =>
  h.inject({ method, url, headers: { authorization: `Bearer ${h.adminToken}` } });

async function accepted(client: Client): Promise<void> {
  assert.equal((await client.request('GET', '/customers')).status, 200);
  const principal = h.authenticator.authenticateCached(client.token);
  assert.deepEqual(
    principal && { accountId: principal.accountId, liveMode: principal.liveMode, keyId: principal.keyId },
    {
      accountId: client.accountId,
      liveMode: client.liveMode,
      keyId: client.keyId,
    },
  );
}

describe('bearer authentication with cached grants', () => {
  it('passes a known token on the cached path, in either mode', async () => {
    for (const mode of ['test', 'live'] as const) {
      const client = await newClient(h, mode);
      assert.equal(h.authenticator.authenticateCached(client.token), undefined, 'not yet verified');
      await accepted(client);
      const list = await client.request('GET', '/customers');
      assert.equal(list.status, 200);
      assert.equal(list.body.object, 'list');
    }
    assert.equal(h.authenticator.authenticateCached('not-a-token'), undefined);
  });

  it('refuses a known token once it has expired', async () => {
    const client = await newClient(h);
    await accepted(client);
    h.clockOffset = 3601 * 1000;
    try {
      assert.equal(h.authenticator.authenticateCached(client.token), undefined);
      const reply = await client.request('GET', '/customers');
      assert.equal(reply.status, 403);
      assert.equal(reply.body.code, 'access_denied');
    } finally {
      h.clockOffset = 0;
    }
    assert.equal((await client.request('GET', '/customers')).status, 200);
  });

  it('refuses a known test token once its test clock has moved past its expiry', async () => {
    const client = await newClient(h);
    await accepted(client);
    const moved = await client.request('POST', '/test_helpers/clock/advance', { by_seconds: 3600 });
    assert.equal(moved.status, 200);
    assert.equal(h.authenticator.authenticateCached(client.token), undefined);
    assert.equal((await client.request('GET', '/customers')).status, 403);
  });

  it('refuses a known token at once when its key is revoked or its account disabled', async () => {
    const revoked = await newClient(h);
    await accepted(revoked);
    assert.equal((await admin('DELETE', `/admin/keys/${revoked.keyId}`)).status, 202);
    assert.equal(h.authenticator.authenticateCached(revoked.token), undefined);
    const denied = await revoked.request('GET', '/customers');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'access_denied');

    const disabled = await newClient(h);
    await accepted(disabled);
    assert.equal((await admin('POST', `/admin/accounts/${disabled.accountId}/disable`)).status, 200);
    assert.equal(h.authenticator.authenticateCached(disabled.token), undefined);
    const refused = await disabled.request('GET', '/customers');
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'account_disabled');
    assert.equal((await admin('POST', `/admin/accounts/${disabled.accountId}/enable`)).status, 200);
    await accepted(disabled);
  });
});
