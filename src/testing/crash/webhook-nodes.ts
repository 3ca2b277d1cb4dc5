// Two server processes on one PostgreSQL database and one receiver: every event is delivered, no
// attempt is made twice while both live, and `kill -9` of a node in the middle of deliveries loses
// no event (at least once: the receiver dedupes by event id). Part of `npm run test:crash`.
// PostgreSQL: a fresh database on 127.0.0.1:5432 (user postgres), or TEST_DATABASE_URL when set.
import { ServerProcess } from './server-process.ts';
import { openCrashStore } from './stores.ts';
import { WebhookReceiver } from '../webhook-receiver.ts';

const ADMIN_TOKEN = 'webhook-nodes-admin-token';
const EVENTS_PER_PHASE = 200;
const WRITERS = 8;
/** The lease (10 s deadline + 20 s) and a poll, with room to spare. */
const DELIVERY_DEADLINE_MS = 90_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function call(base: string, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: token, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** Creates `count` customers spread over `nodes`; returns the IDs acknowledged with 201. */
async function writeCustomers(
  nodes: () => string[],
  token: string,
  count: number,
  tag: string,
): Promise<string[]> {
  const acknowledged: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < count) {
        const i = next++;
        const live = nodes();
        const base = live[i % live.length] as string;
        try {
          const reply = await call(base, 'POST', '/customers', `Bearer ${token}`, {
            reference_id: `${tag}-${i}`,
          });
          if (reply.status === 201) acknowledged.push(reply.body.id as string);
        } catch {
          // the node died under the request: not acknowledged, so not owed
        }
      }
    }),
  );
  return acknowledged;
}

async function main(): Promise<number> {
  const store = await openCrashStore('postgres');
  log(`webhook nodes: ${store.description}`);
  const receiver = await WebhookReceiver.start();
  const env = { ...store.env, OFFPEAK_WEBHOOK_POLL_MS: '200' };
  const servers: ServerProcess[] = [];
  let failed = false;
  try {
    servers.push(await ServerProcess.start(env, ADMIN_TOKEN));
    servers.push(await ServerProcess.start(env, ADMIN_TOKEN));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const admin = `Bearer ${ADMIN_TOKEN}`;
    const account = await call(a.baseUrl, 'POST', '/admin/accounts', admin, {});
    const key = await call(a.baseUrl, 'POST', `/admin/accounts/${account.body.id}/keys`, admin, {
      mode: 'test',
    });
    const basic = `Basic ${Buffer.from(`${account.body.id}:${key.body.key}`).toString('base64')}`;
    const token = (await call(b.baseUrl, 'GET', '/login', basic)).body.bearer_token as string;
    const endpoint = await call(
      b.baseUrl,
      'POST',
      `/admin/accounts/${account.body.id}/webhook-endpoints`,
      admin,
      {
        url: receiver.url('/nodes'),
        mode: 'test',
        event_types: ['customer.create'],
      },
    );
    if (endpoint.status !== 201) throw new Error(`endpoint: ${JSON.stringify(endpoint.body)}`);

    const receivedCustomers = () => {
      const counts = new Map<string, number>();
      for (const r of receiver.received) {
        const event = JSON.parse(r.body) as { data: { id: string } };
        counts.set(event.data.id, (counts.get(event.data.id) ?? 0) + 1);
      }
      return counts;
    };
    const waitFor = async (ids: string[]) => {
      const deadline = Date.now() + DELIVERY_DEADLINE_MS;
      while (Date.now() < deadline) {
        const counts = receivedCustomers();
        if (ids.every((id) => counts.has(id))) return;
        await sleep(200);
      }
    };

    // 1. both nodes alive: everything delivered, each exactly once
    const phase1 = await writeCustomers(() => [a.baseUrl, b.baseUrl], token, EVENTS_PER_PHASE, 'one');
    await waitFor(phase1);
    let counts = receivedCustomers();
    const missing1 = phase1.filter((id) => !counts.has(id));
    const twice1 = phase1.filter((id) => (counts.get(id) ?? 0) > 1);
    log(`both nodes: ${phase1.length} events, ${missing1.length} missing, ${twice1.length} delivered twice`);
    if (missing1.length > 0 || twice1.length > 0) failed = true;
    const log1 = await call(
      a.baseUrl,
      'GET',
      `/admin/accounts/${account.body.id}/webhook-deliveries?endpoint_id=${endpoint.body.id}&limit=100`,
      admin,
    );
    const retried = (log1.body.data as { attempts: unknown[] }[]).filter(
      (d) => d.attempts.length !== 1,
    ).length;
    log(`both nodes: ${retried} of the last 100 deliveries logged other than one attempt`);
    if (retried > 0) failed = true;

    // 2. a slow receiver, and node A killed with SIGKILL while its deliveries are in flight
    receiver.delayMs = 400;
    const writes = writeCustomers(
      () => (servers.includes(a) ? [a.baseUrl, b.baseUrl] : [b.baseUrl]),
      token,
      EVENTS_PER_PHASE,
      'two',
    );
    await sleep(1500);
    await a.kill();
    servers.splice(servers.indexOf(a), 1);
    log('node A killed with SIGKILL in the middle of deliveries');
    const phase2 = await writes;
    await waitFor(phase2);
    counts = receivedCustomers();
    const missing2 = phase2.filter((id) => !counts.has(id));
    const twice2 = phase2.filter((id) => (counts.get(id) ?? 0) > 1);
    log(
      `after the kill: ${phase2.length} acknowledged events, ${missing2.length} missing, ${twice2.length} delivered again (at least once)`,
    );
    if (missing2.length > 0) failed = true;
  } catch (error) {
    failed = true;
    log(`FAILED to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    for (const s of servers) log(s.log);
  } finally {
    for (const s of servers) await s.stop();
    await receiver.close();
    await store.dispose(failed);
  }
  log(failed ? 'webhook nodes: FAILED' : 'webhook nodes: passed');
  return failed ? 1 : 0;
}

process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
