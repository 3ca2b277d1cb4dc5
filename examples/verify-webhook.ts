// Receives a webhook and verifies its signature against the server's /jwks.json.
//
// It listens on localhost, registers that address as a webhook endpoint of the account (an admin
// operation, so it needs the server's admin token), creates a customer, and verifies the
// `customer.create` delivery that follows. Then it removes the endpoint.
//
//   OFFPEAK_URL=… OFFPEAK_ACCOUNT_ID=… OFFPEAK_API_KEY=… OFFPEAK_ADMIN_TOKEN=… \
//     npx tsx examples/verify-webhook.ts
//
// OFFPEAK_WEBHOOK_HOST (default 127.0.0.1) is the address the server delivers to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  OffpeakClient,
  WebhookVerificationError,
  WebhookVerifier,
  type WebhookEvent,
} from '../sdk/src/index.ts';
import { baseUrl, clientFromEnv, required } from './setup.ts';

const client = clientFromEnv();
const admin = new OffpeakClient({ baseUrl, bearerToken: required('OFFPEAK_ADMIN_TOKEN') });
const accountId = required('OFFPEAK_ACCOUNT_ID');
const mode = required('OFFPEAK_API_KEY').startsWith('sk_live_') ? 'live' : 'test';
const verifier = new WebhookVerifier({ baseUrl });

interface Delivery {
  event: WebhookEvent;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}
let delivered: (delivery: Delivery) => void = () => {};

// A receiver: read the raw body, verify it before parsing anything, answer 2xx only when it verifies.
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks);
    verifier.verify(req.headers, rawBody).then(
      (event) => {
        res.writeHead(204).end();
        console.log(`verified ${event.type} ${event.id} (key ${String(req.headers['flatpeak-key-id'])})`);
        delivered({ event, headers: req.headers, rawBody: rawBody.toString('utf8') });
      },
      (error: unknown) => {
        const reason = error instanceof WebhookVerificationError ? error.reason : String(error);
        console.log(`refused a delivery: ${reason}`);
        res.writeHead(400).end();
      },
    );
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const host = process.env.OFFPEAK_WEBHOOK_HOST ?? '127.0.0.1';
const url = `http://${host}:${(receiver.address() as AddressInfo).port}/flatpeak`;

const endpoint = await admin.post('/admin/accounts/{account_id}/webhook-endpoints', {
  params: { path: { account_id: accountId } },
  body: { url, mode, event_types: ['customer.create'], description: 'SDK example' },
});
console.log(`listening at ${url} as endpoint ${endpoint.id}`);

try {
  const next = () => new Promise<Delivery>((resolve) => (delivered = resolve));
  let arrived = next();
  const customer = await client.post('/customers', { body: { reference_id: 'webhook-example' } });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('no delivery within 30 s')), 30_000).unref(),
  );
  let delivery = await Promise.race([arrived, timeout]);
  while ((delivery.event.data as { id?: string }).id !== customer.id) {
    arrived = next();
    delivery = await Promise.race([arrived, timeout]);
  }
  console.log(`customer ${customer.id} arrived as event ${delivery.event.id}`);

  // A forged delivery: the genuine signature headers over a changed body do not verify.
  const signatureHeaders = Object.fromEntries(
    ['flatpeak-signature', 'flatpeak-timestamp', 'flatpeak-key-id'].map((name) => [
      name,
      String(delivery.headers[name]),
    ]),
  );
  const forged = await fetch(url, {
    method: 'POST',
    headers: { ...signatureHeaders, 'content-type': 'application/json' },
    body: delivery.rawBody.replace('"customer.create"', '"customer.delete"'),
  });
  console.log(`a forged copy of it was answered ${forged.status}`);
  if (forged.status !== 400) throw new Error('the forged delivery was accepted');
} finally {
  await admin.delete('/admin/accounts/{account_id}/webhook-endpoints/{id}', {
    params: { path: { account_id: accountId, id: endpoint.id } },
  });
  receiver.close();
}
