// Webhook verification of real deliveries from a server on localhost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLiveServer, type LiveServer } from '../../src/testing/live-server.ts';
import { WebhookReceiver, type Received } from '../../src/testing/webhook-receiver.ts';
import { OffpeakClient, WebhookVerificationError, WebhookVerifier, type WebhookFailure } from './index.ts';

let server: LiveServer;
let receiver: WebhookReceiver;
let admin: OffpeakClient;
before(async () => {
  server = await startLiveServer();
  receiver = await WebhookReceiver.start();
  admin = new OffpeakClient({ baseUrl: server.baseUrl, bearerToken: server.adminToken });
});
after(async () => {
  await receiver.close();
  await server.close();
});

async function waitForDelivery(eventType: string, objectId: string): Promise<Received> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = receiver.received.find((r) => {
      const event = JSON.parse(r.body) as { type: string; data: { id?: string } };
      return event.type === eventType && event.data.id === objectId;
    });
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${eventType} of ${objectId} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An account with an endpoint at the receiver, and a client of it. */
async function subscribed() {
  const account = await server.newAccount();
  await admin.post('/admin/accounts/{account_id}/webhook-endpoints', {
    params: { path: { account_id: account.accountId } },
    body: { url: receiver.url(`/${account.accountId}`), mode: 'test' },
  });
  return new OffpeakClient({ baseUrl: server.baseUrl, ...account });
}

async function deliveryOfNewCustomer(client: OffpeakClient): Promise<Received> {
  const customer = await client.post('/customers', { body: { reference_id: 'webhook' } });
  return waitForDelivery('customer.create', customer.id);
}

async function failure(promise: Promise<unknown>): Promise<WebhookFailure> {
  const error = await promise.then(
    () => assert.fail('verified, but should not have'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof WebhookVerificationError, String(error));
  return error.reason;
}

describe('WebhookVerifier', () => {
  it('verifies a real delivery against /jwks.json and returns its event', async () => {
    const client = await subscribed();
    const delivery = await deliveryOfNewCustomer(client);
    const verifier = new WebhookVerifier({ baseUrl: server.baseUrl });
    const event = await verifier.verify(delivery.headers, delivery.body);
    assert.equal(event.type, 'customer.create');
    assert.equal(event.object, 'event');
    // fetch-style headers and a byte body verify too
    const headers = new Headers();
    for (const [name, value] of Object.entries(delivery.headers))
      if (typeof value === 'string') headers.set(name, value);
    await verifier.verify(headers, new TextEncoder().encode(delivery.body));
    assert.equal(verifier.fetches, 1, 'the JWKS is fetched once and cached');
  });

  it('refuses the delivery when its body, timestamp or signature is tampered with', async () => {
    const client = await subscribed();
    const delivery = await deliveryOfNewCustomer(client);
    const verifier = new WebhookVerifier({ baseUrl: server.baseUrl });
    const tampered = delivery.body.replace('"webhook"', '"WEBHOOK"');
    assert.notEqual(tampered, delivery.body);
    assert.equal(await failure(verifier.verify(delivery.headers, tampered)), 'signature_invalid');
    const timestamp = String(Number(delivery.headers['flatpeak-timestamp']) - 1);
    assert.equal(
      await failure(verifier.verify({ ...delivery.headers, 'flatpeak-timestamp': timestamp }, delivery.body)),
      'signature_invalid',
    );
    assert.equal(
      await failure(verifier.verify({ ...delivery.headers, 'flatpeak-signature': 'v1=AAAA' }, delivery.body)),
      'signature_invalid',
    );
    assert.equal(
      await failure(
        verifier.verify({ ...delivery.headers, 'flatpeak-signature': 'sha256=abc' }, delivery.body),
      ),
      'signature_malformed',
    );
    const { 'flatpeak-signature': _, ...unsigned } = delivery.headers;
    assert.equal(await failure(verifier.verify(unsigned, delivery.body)), 'signature_missing');
    // the genuine delivery still verifies
    await verifier.verify(delivery.headers, delivery.body);
  });

  it('refuses a delivery whose timestamp is older than the tolerance', async () => {
    const client = await subscribed();
    const delivery = await deliveryOfNewCustomer(client);
    const later = new WebhookVerifier({ baseUrl: server.baseUrl, now: () => Date.now() + 301_000 });
    assert.equal(await failure(later.verify(delivery.headers, delivery.body)), 'timestamp_out_of_tolerance');
    const lenient = new WebhookVerifier({
      baseUrl: server.baseUrl,
      now: () => Date.now() + 301_000,
      toleranceSeconds: 600,
    });
    await lenient.verify(delivery.headers, delivery.body);
  });

  it('fetches the JWKS again when a delivery names a key it has not seen (after a rotation)', async () => {
    const client = await subscribed();
    const verifier = new WebhookVerifier({ baseUrl: server.baseUrl, refetchIntervalSeconds: 0 });
    const before = await deliveryOfNewCustomer(client);
    await verifier.verify(before.headers, before.body);
    assert.equal(verifier.fetches, 1);

    await admin.post('/admin/webhook-signing-keys/rotate', { body: { mode: 'test' } });
    const afterRotation = await deliveryOfNewCustomer(client);
    assert.notEqual(afterRotation.headers['flatpeak-key-id'], before.headers['flatpeak-key-id']);
    await verifier.verify(afterRotation.headers, afterRotation.body);
    assert.equal(verifier.fetches, 2);
    // the old key stays in the JWKS through its grace period
    await verifier.verify(before.headers, before.body);
    assert.equal(verifier.fetches, 2);

    const unknownKid = { ...afterRotation.headers, 'flatpeak-key-id': 'wsk_test_000000000000000000000000' };
    assert.equal(await failure(verifier.verify(unknownKid, afterRotation.body)), 'key_unknown');
  });
});
