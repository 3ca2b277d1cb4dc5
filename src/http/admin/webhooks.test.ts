import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAccount } from '../../core/accounts/accounts.ts';
import { disableFailingEndpoints, sweepWebhookDeliveries } from '../../core/webhooks/deliveries.ts';
import { retrieveJwks, signerFor } from '../../core/webhooks/signing-keys.ts';
import { DeliveryWorker, postWebhook, signedRequest } from '../../core/webhooks/delivery.ts';
import { isPrivateAddress } from '../../core/webhooks/private-targets.ts';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../../core/webhooks/settings.ts';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';
import { WebhookReceiver, type Received } from '../../testing/webhook-receiver.ts';
import { toApiEvent } from '../events/event-schema.ts';
import { readRecordedFeed } from '../../core/market-data/test-support.ts';

const SECOND = 1000;
const HOUR = 3600 * SECOND;

describe('webhooks', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  let worker: DeliveryWorker;
  const settings: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, secretKey: 'a secret for the tests' };

  before(async () => {
    h = await startHarness({ ownDatabase: true, webhooks: settings });
    receiver = await WebhookReceiver.start();
    worker = new DeliveryWorker(h.ctx, settings, toApiEvent, (error) => {
      throw error;
    });
  });
  after(async () => {
    await receiver.close();
    await h.close();
  });

  const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    h.inject({ method, url, body, headers: { authorization: `Bearer ${h.adminToken}` } });

  async function endpointFor(client: Client, body: Record<string, unknown> = {}) {
    const reply = await admin('POST', `/admin/accounts/${client.accountId}/webhook-endpoints`, {
      url: receiver.url(`/${client.accountId}`),
      mode: client.liveMode ? 'live' : 'test',
      ...body,
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    return reply.body as { id: string; url: string };
  }

  async function newCustomerEvent(client: Client): Promise<string> {
    const customer = await client.request('POST', '/customers', { reference_id: 'webhooks' });
    assert.equal(customer.status, 201);
    const events = await client.request('GET', `/events?object_id=${customer.body.id}`);
    return events.body.data[0].id as string;
  }

  describe('admin_webhook_endpoint_*', () => {
    it('creates, lists, retrieves, updates and deletes an endpoint when the admin asks', async () => {
      const client = await newClient(h);
      const created = await endpointFor(client, { event_types: ['customer.create'], description: 'ops' });
      assert.match(created.id, /^whe_[0-9a-f]{24}$/);
      const base = `/admin/accounts/${client.accountId}/webhook-endpoints`;
      const list = await admin('GET', base);
      assert.deepEqual(
        list.body.data.map((e: { id: string }) => e.id),
        [created.id],
      );
      const one = await admin('GET', `${base}/${created.id}`);
      assert.deepEqual(one.body.event_types, ['customer.create']);
      assert.equal(one.body.status, 'enabled');
      const patched = await admin('PATCH', `${base}/${created.id}`, { status: 'disabled', event_types: [] });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.status, 'disabled');
      assert.deepEqual(patched.body.event_types, []);
      assert.equal((await admin('DELETE', `${base}/${created.id}`)).status, 200);
      assert.equal((await admin('GET', `${base}/${created.id}`)).status, 404);
    });

    it('refuses URLs that are not http(s), and unknown accounts, with an error object', async () => {
      const client = await newClient(h);
      const base = `/admin/accounts/${client.accountId}/webhook-endpoints`;
      for (const url of [
        'ftp://example.com/x',
        'not a url',
        'http://user:pw@example.com/',
        'file:///etc/passwd',
      ]) {
        const reply = await admin('POST', base, { url, mode: 'test' });
        assert.equal(reply.status, 400, url);
        assert.equal(reply.body.object, 'error');
        assert.equal(reply.body.code, 'url_invalid');
      }
      const unknown = await admin('POST', '/admin/accounts/acc_000000000000000000000000/webhook-endpoints', {
        url: 'https://example.com/',
        mode: 'test',
      });
      assert.equal(unknown.status, 404);
      const noAuth = await h.inject({ method: 'GET', url: base });
      assert.equal(noAuth.status, 403);
    });
  });

  describe('signatures', () => {
    it('signs with PS256 under a key of /jwks.json that Node and openssl verify, and a tampered body or timestamp fails', async () => {
      const client = await newClient(h);
      await endpointFor(client);
      const eventId = await newCustomerEvent(client);
      await worker.drain();
      const [got] = receiver.of(eventId);
      assert.ok(got, 'the event arrived');
      assert.equal(got.headers['flatpeak-signature-scheme'], 'v1');
      assert.equal(got.headers['flatpeak-version'], '2025-09-14.anode');
      assert.equal(got.headers['content-type'], 'application/json');
      assert.match(String(got.headers['user-agent']), /^Offpeak-Webhooks\//);
      const timestamp = String(got.headers['flatpeak-timestamp']);
      assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 60, 'Unix seconds of the wall clock');
      const kid = String(got.headers['flatpeak-key-id']);
      assert.match(kid, /^wsk_test_[0-9a-f]{24}$/);
      const signature = /^v1=([A-Za-z0-9_-]+)$/.exec(String(got.headers['flatpeak-signature']))?.[1];
      assert.ok(signature, 'v1=<base64url without padding>');

      // the body is the event exactly as GET /events/{id} renders it
      const rendered = await client.request('GET', `/events/${eventId}`);
      assert.equal(got.body, JSON.stringify(rendered.body));

      const jwks = await h.inject({ method: 'GET', url: '/jwks.json' });
      assert.equal(jwks.status, 200);
      assert.match(String(jwks.headers['cache-control']), /^public, max-age=(\d+)$/);
      assert.ok(Number(/max-age=(\d+)/.exec(String(jwks.headers['cache-control']))?.[1]) <= 3600);
      const jwk = jwks.body.keys.find((k: { kid: string }) => k.kid === kid);
      assert.ok(jwk, 'the key ID is a kid of the JWKS');
      assert.equal(jwk.alg, 'PS256');
      assert.equal(jwk.use, 'sig');
      assert.ok(
        jwks.body.keys.some((k: { kid: string }) => k.kid.startsWith('wsk_live_')),
        'both modes',
      );
      const publicKey = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, 2048);
      const sig = Buffer.from(signature, 'base64url');
      const check = (data: string) =>
        verify(
          'sha256',
          Buffer.from(data),
          { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          sig,
        );
      assert.equal(check(`${timestamp}.${got.body}`), true);
      assert.equal(check(`${timestamp}.${got.body.replace('webhooks', 'webhookz')}`), false);
      assert.equal(check(`${Number(timestamp) + 1}.${got.body}`), false);

      const dir = mkdtempSync(join(tmpdir(), 'offpeak-sig-'));
      try {
        writeFileSync(join(dir, 'pub.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
        writeFileSync(join(dir, 'sig.bin'), sig);
        const openssl = (data: string) => {
          writeFileSync(join(dir, 'data'), data);
          try {
            execFileSync(
              'openssl',
              [
                'dgst',
                '-sha256',
                '-sigopt',
                'rsa_padding_mode:pss',
                '-sigopt',
                'rsa_pss_saltlen:32',
                '-verify',
                join(dir, 'pub.pem'),
                '-signature',
                join(dir, 'sig.bin'),
                join(dir, 'data'),
              ],
              { stdio: 'pipe' },
            );
            return true;
          } catch {
            return false;
          }
        };
        assert.equal(openssl(`${timestamp}.${got.body}`), true);
        assert.equal(openssl(`${timestamp}.${got.body} `), false);
        assert.equal(openssl(`${Number(timestamp) - 1}.${got.body}`), false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('signs with the new key after a rotation while the old one stays in the JWKS', async () => {
      const client = await newClient(h);
      await endpointFor(client);
      const first = await newCustomerEvent(client);
      await worker.drain();
      const oldKid = String(receiver.of(first)[0]?.headers['flatpeak-key-id']);
      const rotated = await admin('POST', '/admin/webhook-signing-keys/rotate', { mode: 'test' });
      assert.equal(rotated.status, 201);
      assert.notEqual(rotated.body.id, oldKid);
      const second = await newCustomerEvent(client);
      await worker.drain();
      assert.equal(receiver.of(second)[0]?.headers['flatpeak-key-id'], rotated.body.id);
      const kids = (await h.inject({ method: 'GET', url: '/jwks.json' })).body.keys.map(
        (k: { kid: string }) => k.kid,
      );
      assert.ok(kids.includes(oldKid) && kids.includes(rotated.body.id));
      // past the grace period the old key is gone
      h.clockOffset += settings.keyGraceMs + SECOND;
      try {
        const later = (await h.inject({ method: 'GET', url: '/jwks.json' })).body.keys.map(
          (k: { kid: string }) => k.kid,
        );
        assert.ok(!later.includes(oldKid));
        assert.ok(later.includes(rotated.body.id));
      } finally {
        h.clockOffset -= settings.keyGraceMs + SECOND;
      }
    });
  });

  describe('signing key rotation at once', () => {
    it('rotates every time when several rotations of one mode arrive at once, leaving one active key', async () => {
      const rotations = await Promise.all(
        Array.from({ length: 10 }, () =>
          admin('POST', '/admin/webhook-signing-keys/rotate', { mode: 'live' }),
        ),
      );
      assert.deepEqual(
        rotations.map((r) => r.status),
        Array.from({ length: 10 }, () => 201),
      );
      const kids = new Set(rotations.map((r) => r.body.id as string));
      assert.equal(kids.size, 10);
      const active = await h.ctx.db
        .selectFrom('webhook_signing_keys' as never)
        .select(['id' as never])
        .where('live_mode' as never, '=', true as never)
        .where('status' as never, '=', 'active' as never)
        .execute();
      assert.equal(active.length, 1);
    });
  });

  describe('delivery and retries', () => {
    it('delivers at once after the commit on the node that wrote the event, woken rather than polled', async () => {
      const client = await newClient(h);
      await endpointFor(client);
      const serving = new DeliveryWorker(h.ctx, { ...settings, pollMs: 600_000 }, toApiEvent);
      const stop = serving.start();
      try {
        await new Promise((resolve) => setTimeout(resolve, 200)); // the start-up round is over
        const started = Date.now();
        const eventId = await newCustomerEvent(client);
        while (receiver.of(eventId).length === 0 && Date.now() - started < 10_000)
          await new Promise((resolve) => setTimeout(resolve, 5));
        assert.equal(receiver.of(eventId).length, 1);
        assert.ok(Date.now() - started < 5_000, `arrived after ${Date.now() - started} ms`);
      } finally {
        await stop();
      }
    });

    it('delivers at 0 s, +30 s and +1 h on the scope clock and never again once delivered', async () => {
      const client = await newClient(h);
      const endpoint = await endpointFor(client);
      let failures = 2;
      receiver.answer = (r) => (r.body.includes(client.accountId) && failures-- > 0 ? 503 : 200);
      const start = h.clockOffset;
      try {
        const eventId = await newCustomerEvent(client);
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 1, 'first attempt at once');
        h.clockOffset = start + 29 * SECOND;
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 1, 'not before +30 s');
        h.clockOffset = start + 31 * SECOND;
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 2, 'second attempt at +30 s');
        h.clockOffset = start + 31 * SECOND + HOUR - 2 * SECOND;
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 2, 'not before +1 h');
        h.clockOffset = start + 32 * SECOND + HOUR;
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 3, 'third attempt at +1 h, answered 200');
        h.clockOffset = start + 100 * HOUR;
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 3, 'never again once delivered');

        const log = await admin(
          'GET',
          `/admin/accounts/${client.accountId}/webhook-deliveries?event_id=${eventId}&endpoint_id=${endpoint.id}`,
        );
        assert.equal(log.status, 200);
        const [delivery] = log.body.data;
        assert.equal(delivery.status, 'delivered');
        assert.deepEqual(
          delivery.attempts.map((a: { status_code: number }) => a.status_code),
          [503, 503, 200],
        );
        assert.match(delivery.attempts[0].response_excerpt, /no \(503\)/);
        assert.equal(delivery.attempts[0].error, 'HTTP 503');
        assert.equal(delivery.attempts[2].error, null);
      } finally {
        h.clockOffset = start;
        receiver.answer = () => 200;
      }
    });

    it('ends failed after the sixth attempt of a receiver down throughout, and a manual redelivery then succeeds', async () => {
      const client = await newClient(h);
      const endpoint = await endpointFor(client);
      const down = (r: Received) => r.body.includes(client.accountId);
      receiver.answer = (r) => (down(r) ? 500 : 200);
      const start = h.clockOffset;
      try {
        const eventId = await newCustomerEvent(client);
        const since = new Date(Date.now() + start - 60 * SECOND).toISOString();
        const offsets = [0, 30 * SECOND, HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];
        let at = start;
        for (const [i, delay] of offsets.entries()) {
          at += delay + SECOND;
          h.clockOffset = at;
          await worker.drain();
          assert.equal(receiver.of(eventId).length, i + 1, `attempt ${i + 1}`);
        }
        at += 72 * HOUR;
        h.clockOffset = at;
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 6, 'no seventh attempt');
        const base = `/admin/accounts/${client.accountId}`;
        const log = await admin('GET', `${base}/webhook-deliveries?endpoint_id=${endpoint.id}&status=failed`);
        assert.equal(log.body.data.length, 1);
        assert.equal(log.body.data[0].attempts.length, 6);

        receiver.answer = () => 200;
        const again = await admin('POST', `${base}/webhook-endpoints/${endpoint.id}/redeliver`, {
          event_id: eventId,
        });
        assert.equal(again.status, 202);
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 7);
        const after = await admin('GET', `${base}/webhook-deliveries?event_id=${eventId}`);
        assert.equal(after.body.data[0].status, 'delivered');

        // every failed delivery since a time: a second event that failed its whole schedule
        receiver.answer = (r) => (down(r) ? 500 : 200);
        // the clock moved days on: the bearer token has expired, so log in again
        const second = await newCustomerEvent(await newClient(h, 'test', client.accountId));
        for (const delay of offsets) {
          at += delay + SECOND;
          h.clockOffset = at;
          await worker.drain();
        }
        assert.equal(receiver.of(second).length, 6);
        receiver.answer = () => 200;
        const bulk = await admin('POST', `${base}/webhook-endpoints/${endpoint.id}/redeliver-failed`, {
          since,
        });
        assert.equal(bulk.status, 202);
        assert.equal(bulk.body.count, 1);
        await worker.drain();
        assert.equal(receiver.of(second).length, 7);
      } finally {
        h.clockOffset = start;
        receiver.answer = () => 200;
      }
    });

    it("reaches only its own account and mode's enabled endpoints whose event types match", async () => {
      const client = await newClient(h, 'test');
      const live = await newClient(h, 'live', client.accountId);
      const other = await newClient(h, 'test');
      const base = `/admin/accounts/${client.accountId}/webhook-endpoints`;
      const all = await endpointFor(client);
      const wanted = await endpointFor(client, {
        event_types: ['customer.create'],
        url: receiver.url('/wanted'),
      });
      const unwanted = await endpointFor(client, {
        event_types: ['device.create'],
        url: receiver.url('/unwanted'),
      });
      const off = await endpointFor(client, { url: receiver.url('/off') });
      await admin('PATCH', `${base}/${off.id}`, { status: 'disabled' });
      await endpointFor(live, { url: receiver.url('/live') });
      await endpointFor(other, { url: receiver.url('/other') });
      const eventId = await newCustomerEvent(client);
      await worker.drain();
      const paths = receiver.of(eventId).map((r) => r.path);
      assert.deepEqual(paths.sort(), [`/${client.accountId}`, '/wanted'].sort());
      const log = await admin(
        'GET',
        `/admin/accounts/${client.accountId}/webhook-deliveries?event_id=${eventId}`,
      );
      assert.deepEqual(
        log.body.data.map((d: { endpoint_id: string }) => d.endpoint_id).sort(),
        [all.id, wanted.id].sort(),
      );
      assert.ok(!log.body.data.some((d: { endpoint_id: string }) => d.endpoint_id === unwanted.id));
      assert.equal(receiver.received.filter((r) => r.path === '/other' || r.path === '/live').length, 0);
      const otherLog = await admin('GET', `/admin/accounts/${other.accountId}/webhook-deliveries`);
      assert.equal(otherLog.body.data.length, 0);
    });

    it('renders an event due to several endpoints once, and sends each the same bytes', async () => {
      const client = await newClient(h);
      for (const path of ['/a', '/b', '/c']) await endpointFor(client, { url: receiver.url(path) });
      let renders = 0;
      const counting = new DeliveryWorker(h.ctx, settings, (event) => {
        renders++;
        return toApiEvent(event);
      });
      const eventId = await newCustomerEvent(client);
      await counting.drain();
      const bodies = receiver.of(eventId).map((r) => r.body);
      assert.equal(bodies.length, 3);
      assert.equal(new Set(bodies).size, 1);
      assert.equal(renders, 1);
    });
  });

  describe('location.update from market prices', () => {
    it('writes one location.update per location on the market source, in the import, and delivers each', async () => {
      const GB = 'mrs_65792b4ef61b16685ebd2ec9';
      const one = await newClient(h);
      const two = await newClient(h);
      await endpointFor(one, { url: receiver.url('/prices-one'), event_types: ['location.update'] });
      await endpointFor(two, { url: receiver.url('/prices-two'), event_types: ['location.update'] });
      const location = async (client: Client, country_code: string) => {
        const reply = await client.request('POST', '/locations', {
          postal_address: { city: 'X', country_code },
        });
        assert.equal(reply.status, 201, JSON.stringify(reply.body));
        return reply.body.id as string;
      };
      const gb = [await location(one, 'GB'), await location(one, 'GB'), await location(two, 'GB')];
      const elsewhere = await location(one, 'DE');
      await worker.drain();
      const before = receiver.received.length;
      const imported = await h.inject({
        method: 'POST',
        url: `/admin/market-prices/import?source_id=${GB}&format=octopus`,
        payload: readRecordedFeed('octopus-agile/large_response_46_results.json'),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.adminToken}` },
      });
      assert.equal(imported.status, 201, JSON.stringify(imported.body));
      await worker.drain();
      const got = receiver.received.slice(before).map((r) => JSON.parse(r.body));
      const updates = got.filter((e) => e.type === 'location.update');
      assert.deepEqual(updates.map((e) => e.data.id).sort(), [...gb].sort());
      assert.ok(!updates.some((e) => e.data.id === elsewhere));
      for (const e of updates) assert.equal(e.data.object, 'location');
      const events = await one.request('GET', `/events?event_type=location.update&object_id=${gb[0]}`);
      assert.equal(events.body.data.length, 1);
    });
  });

  describe('upkeep', () => {
    it('sends a test event to one endpoint on demand', async () => {
      const client = await newClient(h);
      const endpoint = await endpointFor(client);
      const other = await endpointFor(client, { url: receiver.url('/not-this-one') });
      const reply = await admin(
        'POST',
        `/admin/accounts/${client.accountId}/webhook-endpoints/${endpoint.id}/test`,
      );
      assert.equal(reply.status, 202);
      await worker.drain();
      const [got] = receiver.of(reply.body.event_id);
      assert.equal(got?.path, `/${client.accountId}`);
      assert.equal(JSON.parse(got.body).type, 'webhook_endpoint.test');
      assert.equal(receiver.of(reply.body.event_id).length, 1, `not sent to ${other.id}`);
    });

    it('disables an endpoint whose deliveries all failed for 5 days, with an event saying so', async () => {
      const client = await newClient(h);
      const failing = await endpointFor(client, {
        url: receiver.url('/failing'),
        event_types: ['customer.create'],
      });
      const healthy = await endpointFor(client, { url: receiver.url('/healthy') });
      receiver.answer = (r) => (r.path === '/failing' ? 500 : 200);
      const start = h.clockOffset;
      try {
        await newCustomerEvent(client);
        await worker.drain();
        h.clockOffset = start + 4 * 24 * HOUR;
        assert.ok(!(await disableFailingEndpoints(h.ctx)).includes(failing.id), 'not after 4 days');
        h.clockOffset = start + 5 * 24 * HOUR + SECOND;
        const disabled = await disableFailingEndpoints(h.ctx);
        assert.ok(disabled.includes(failing.id));
        assert.ok(!disabled.includes(healthy.id));
        const base = `/admin/accounts/${client.accountId}/webhook-endpoints`;
        assert.equal((await admin('GET', `${base}/${failing.id}`)).body.status, 'disabled');
        const relogged = await newClient(h, 'test', client.accountId);
        const events = await relogged.request('GET', '/events?event_type=webhook_endpoint.disabled');
        assert.equal(events.body.data[0]?.data.id, failing.id);
      } finally {
        h.clockOffset = start;
        receiver.answer = () => 200;
      }
    });
  });

  describe('keys at rest and retention', () => {
    it('stores private keys encrypted under OFFPEAK_SECRET_KEY and cannot sign without it', async () => {
      await retrieveJwks(h.ctx, settings);
      const rows = await h.database.db
        .withTables<{ webhook_signing_keys: { private_key: string } }>()
        .selectFrom('webhook_signing_keys')
        .select('private_key')
        .execute();
      assert.ok(rows.length >= 2);
      for (const row of rows) {
        assert.match(row.private_key, /^aes-256-gcm:/);
        assert.ok(!row.private_key.includes('PRIVATE KEY'));
      }
      // a fresh process (no cached signer) with the wrong secret cannot open the keys
      const wrong = { ...settings, secretKey: 'another secret' };
      await h.inject({
        method: 'POST',
        url: '/admin/webhook-signing-keys/rotate',
        body: { mode: 'live' },
        headers: { authorization: `Bearer ${h.adminToken}` },
      });
      await assert.rejects(signerFor(h.ctx, wrong, true), /OFFPEAK_SECRET_KEY/);
    });

    it('removes finished deliveries and their attempts after the retention period', async () => {
      const client = await newClient(h);
      await endpointFor(client);
      const eventId = await newCustomerEvent(client);
      await worker.drain();
      const log = `/admin/accounts/${client.accountId}/webhook-deliveries?event_id=${eventId}`;
      assert.equal((await admin('GET', log)).body.data.length, 1);
      const start = h.clockOffset;
      try {
        h.clockOffset = start + settings.retentionMs - HOUR;
        await sweepWebhookDeliveries(h.ctx, settings);
        assert.equal((await admin('GET', log)).body.data.length, 1, 'kept within the retention period');
        h.clockOffset = start + settings.retentionMs + HOUR;
        await sweepWebhookDeliveries(h.ctx, settings);
        assert.equal((await admin('GET', log)).body.data.length, 0);
      } finally {
        h.clockOffset = start;
      }
    });
  });

  describe('private targets', () => {
    it('knows loopback, link-local, private and unique-local addresses in v4, v6 and v4-mapped v6', () => {
      for (const a of [
        '127.0.0.1',
        '10.1.2.3',
        '172.16.0.1',
        '192.168.1.1',
        '169.254.169.254',
        '0.0.0.0',
        '::1',
        '::',
        'fe80::1',
        'fd00::1',
        '::ffff:127.0.0.1',
        '::ffff:7f00:1',
        '::ffff:10.0.0.1',
      ])
        assert.equal(isPrivateAddress(a), true, a);
      for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])
        assert.equal(isPrivateAddress(a), false, a);
    });

    it('refuses private hosts at creation and at delivery when the server denies them', async () => {
      const client = await newClient(h);
      const base = `/admin/accounts/${client.accountId}/webhook-endpoints`;
      // allowed while the server allows private targets
      const endpoint = await endpointFor(client, { url: receiver.url('/rebind', 'localhost') });
      settings.privateTargets = 'deny';
      try {
        for (const url of [
          receiver.url('/x'),
          receiver.url('/x', 'localhost'),
          'http://[::1]/',
          'http://[::ffff:127.0.0.1]/',
          'http://10.0.0.1/',
        ]) {
          const reply = await admin('POST', base, { url, mode: 'test' });
          assert.equal(reply.status, 400, url);
          assert.equal(reply.body.code, 'url_invalid');
        }
        const patch = await admin('PATCH', `${base}/${endpoint.id}`, { url: receiver.url('/y') });
        assert.equal(patch.status, 400);
        // the endpoint made before (a name that now resolves to 127.0.0.1) is refused at delivery
        const eventId = await newCustomerEvent(client);
        await worker.drain();
        assert.equal(receiver.of(eventId).length, 0);
        const log = await admin(
          'GET',
          `/admin/accounts/${client.accountId}/webhook-deliveries?event_id=${eventId}`,
        );
        assert.match(log.body.data[0].attempts[0].error, /private/);
        assert.equal(log.body.data[0].attempts[0].status_code, null);
      } finally {
        settings.privateTargets = 'allow';
      }
    });

    it('connects to the exact address that passed the check, keeping the name as Host', async () => {
      const signer = { kid: 'wsk_test_000000000000000000000000', sign: () => Buffer.from('x') };
      const before = receiver.received.length;
      const result = await postWebhook(
        new URL(`http://receiver.invalid:${receiver.port}/pinned`),
        signedRequest('{"id":"evt_pinned"}', signer),
        5000,
        { address: '127.0.0.1', family: 4 },
      );
      assert.equal(result.statusCode, 200);
      const got = receiver.received[before];
      assert.equal(got?.headers.host, `receiver.invalid:${receiver.port}`);
      // without the pinned address the name does not resolve at all
      const unpinned = await postWebhook(
        new URL(`http://receiver.invalid:${receiver.port}/pinned`),
        signedRequest('{"id":"evt_pinned"}', signer),
        5000,
      );
      assert.equal(unpinned.statusCode, null);
      assert.match(String(unpinned.error), /ENOTFOUND|EAI_AGAIN/);
    });

    it('reuses a kept-alive connection only for the address it was opened to', async () => {
      const signer = { kid: 'wsk_test_000000000000000000000000', sign: () => Buffer.from('x') };
      // one server on every local address: it sees which address each request came in on
      const { createServer } = await import('node:http');
      const seen: { local: string | undefined; host: string | undefined; connection: unknown }[] = [];
      const server = createServer((req, res) => {
        seen.push({ local: req.socket.localAddress, host: req.headers.host, connection: req.socket });
        res.end('ok');
      });
      await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
      const port = (server.address() as { port: number }).port;
      const url = new URL(`http://pinned.invalid:${port}/`);
      try {
        for (const address of ['127.0.0.1', '127.0.0.1', '127.0.0.2', '127.0.0.1']) {
          const result = await postWebhook(url, signedRequest('{}', signer), 5000, { address, family: 4 });
          assert.equal(result.statusCode, 200, String(result.error));
        }
        assert.deepEqual(
          seen.map((s) => s.local),
          ['127.0.0.1', '127.0.0.1', '127.0.0.2', '127.0.0.1'],
        );
        assert.equal(seen[0]?.host, `pinned.invalid:${port}`);
        // kept alive: the second and fourth requests came on the first one's connection
        assert.equal(seen[1]?.connection, seen[0]?.connection);
        assert.equal(seen[3]?.connection, seen[0]?.connection);
        assert.notEqual(seen[2]?.connection, seen[0]?.connection);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });

  it('treats redirects as failures and a receiver slower than the deadline as a timeout', async () => {
    const signer = { kid: 'wsk_test_000000000000000000000000', sign: () => Buffer.from('x') };
    receiver.answer = () => 302;
    try {
      const redirected = await postWebhook(new URL(receiver.url('/r')), signedRequest('{}', signer), 5000);
      assert.equal(redirected.statusCode, 302);
      assert.equal(redirected.error, 'HTTP 302');
    } finally {
      receiver.answer = () => 200;
    }
    const account = await createAccount(h.ctx);
    assert.ok(account.id);
    const silent = await import('node:net').then(
      ({ createServer }) =>
        new Promise<{ port: number; close: () => void }>((resolve) => {
          const sockets: Socket[] = [];
          const server = createServer((s) => void sockets.push(s)).listen(0, '127.0.0.1', () =>
            resolve({
              port: (server.address() as { port: number }).port,
              close: () => {
                sockets.forEach((s) => s.destroy());
                server.close();
              },
            }),
          );
        }),
    );
    try {
      const timedOut = await postWebhook(
        new URL(`http://127.0.0.1:${silent.port}/`),
        signedRequest('{}', signer),
        300,
      );
      assert.equal(timedOut.statusCode, null);
      assert.match(String(timedOut.error), /timeout/);
    } finally {
      silent.close();
    }
  });
});
