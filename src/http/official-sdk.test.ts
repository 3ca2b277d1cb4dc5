import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { FlatpeakService as Service } from '@flat-peak/javascript-sdk';
import { newClient, startHarness, type Client, type Harness } from '../testing/harness.ts';

// The package's ESM build imports its own files without extensions, which Node's loader refuses;
// its CommonJS build is what a Node client of the SDK actually loads.
const { FlatpeakService } = createRequire(import.meta.url)('@flat-peak/javascript-sdk') as {
  FlatpeakService: typeof Service;
};

/**
 * The official JavaScript SDK (`@flat-peak/javascript-sdk`) over real HTTP. The SDK predates
 * anode's credentials: it signs creates with a publishable key and finds its bearer token
 * through `/account`, neither of which anode has. The test therefore puts the bearer token
 * anode's `/login` issues in the SDK's own token cache, and signs the SDK's publishable-key calls
 * (create) with it too; every request, its headers and its (empty) body are the SDK's own.
 */
let h: Harness;
let host: string;
before(async () => {
  h = await startHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  host = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
after(() => h.close());

type SignFn = (type?: 'Bearer' | 'Basic') => Promise<string>;
interface Internals {
  cache: { bearerToken?: string };
  customers: { resolveAuthorizationHeader: SignFn };
  devices: { resolveAuthorizationHeader: SignFn };
}

function sdkFor(client: Client): Service {
  const sdk = new FlatpeakService({ host, secretKey: client.apiKey });
  const internals = sdk as unknown as Internals;
  // Bearer calls (list, delete) then run the SDK's own code: Bearer + its cached token.
  internals.cache.bearerToken = client.token;
  for (const module of [internals.customers, internals.devices]) {
    const sign = module.resolveAuthorizationHeader.bind(module);
    module.resolveAuthorizationHeader = (type = 'Basic') =>
      type === 'Bearer' ? sign(type) : Promise.resolve(`Bearer ${client.token}`);
  }
  return sdk;
}

describe('official JavaScript SDK', () => {
  it('creates and deletes a customer when the SDK sends DELETE with a JSON content type and no body', async () => {
    const client = await newClient(h);
    const sdk = sdkFor(client);
    const created = (await sdk.customers.create({ reference_id: 'SDK-CUS-1' })) as { id: string };
    assert.match(created.id, /^cus_/);

    const deleted = (await sdk.customers.delete(created.id)) as { message?: string; code?: string };
    assert.equal(deleted.code, undefined, JSON.stringify(deleted));
    assert.equal(deleted.message, 'Accepted');
    const gone = await client.request('GET', `/customers/${created.id}`);
    assert.equal(gone.status, 404);
  });

  it('creates, lists and deletes a device when the SDK sends GET and DELETE with a JSON content type', async () => {
    const client = await newClient(h);
    const sdk = sdkFor(client);
    const created = (await sdk.devices.create({ reference_id: 'SDK-DEV-1' } as never)) as { id: string };
    assert.match(created.id, /^dev_/);

    const listed = (await sdk.devices.list()) as { object: string; data: { id: string }[] };
    assert.equal(listed.object, 'list');
    assert.deepEqual(
      listed.data.map((device) => device.id),
      [created.id],
    );

    const deleted = (await sdk.devices.delete(created.id)) as { message?: string; code?: string };
    assert.equal(deleted.code, undefined, JSON.stringify(deleted));
    assert.equal(deleted.message, 'Accepted');
    const gone = await client.request('GET', `/devices/${created.id}`);
    assert.equal(gone.status, 404);
  });
});
