// Two server processes on one PostgreSQL database answer alternate steps of one Connect session
// (the state lives in the token row, so any node answers any step), two nodes answering the same
// step at once apply it once (compare-and-set on session_version), and the tariff the session
// made prices the same on both. Run: `node --import tsx src/testing/crash/connect-nodes.ts`.
// PostgreSQL: a fresh database on 127.0.0.1:5432 (user postgres), or TEST_DATABASE_URL when set.
import { ServerProcess } from './server-process.ts';
import { openCrashStore } from './stores.ts';

const ADMIN_TOKEN = 'connect-nodes-admin-token';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function call(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const json = (token?: string) => ({
  'content-type': 'application/json',
  ...(token ? { authorization: token } : {}),
});

async function main(): Promise<number> {
  const store = await openCrashStore('postgres');
  log(`connect nodes: ${store.description}`);
  const servers: ServerProcess[] = [];
  let failed = false;
  const check = (ok: boolean, what: string) => {
    log(`${ok ? 'ok' : 'FAILED'}: ${what}`);
    if (!ok) failed = true;
  };
  try {
    servers.push(await ServerProcess.start(store.env, ADMIN_TOKEN));
    servers.push(await ServerProcess.start(store.env, ADMIN_TOKEN));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const admin = json(`Bearer ${ADMIN_TOKEN}`);
    const account = await call(a.baseUrl, 'POST', '/admin/accounts', admin, '{}');
    const key = await call(
      a.baseUrl,
      'POST',
      `/admin/accounts/${account.body.id}/keys`,
      admin,
      '{"mode":"test"}',
    );
    const basic = `Basic ${Buffer.from(`${account.body.id}:${key.body.key}`).toString('base64')}`;
    const bearer = `Bearer ${(await call(b.baseUrl, 'GET', '/login', { authorization: basic })).body.bearer_token}`;
    const created = await call(
      a.baseUrl,
      'POST',
      '/connect/token',
      json(bearer),
      JSON.stringify({
        connect_url: 'https://app.example.com/connect',
        callback_url: 'https://app.example.com/done',
        postal_address: { address_line1: '1-3', city: 'London', post_code: 'WC2N 5EH', country_code: 'GB' },
      }),
    );
    const token = created.body.connect_token as string;
    check(created.status === 200, `token created on node A (${token})`);

    // the reference client's way: text/plain bodies, `type: submit`
    const step = (node: ServerProcess, body: Record<string, unknown>) =>
      call(
        node.baseUrl,
        'POST',
        '/',
        { 'content-type': 'text/plain' },
        JSON.stringify({ connect_token: token, type: 'submit', ...body }),
      );
    const hours = [
      { cost: 0.075, valid_from: '00:30:00', valid_to: '04:30:00' },
      { cost: 0.2962, valid_from: '04:30:00', valid_to: '00:30:00' },
    ];
    const steps: [Record<string, unknown>, string][] = [
      [{ route: 'session_start' }, 'provider_select'],
      [{ route: 'provider_select', action: 'PROVIDER_MISSING' }, 'provider_name_capture'],
      [
        { route: 'provider_name_capture', data: { provider: { name: 'Two Nodes Energy' } } },
        'tariff_structure_select',
      ],
      [{ route: 'tariff_structure_select', data: { options: ['TIME_OF_DAY'] } }, 'rate_tod_capture'],
      [{ route: 'rate_tod_capture', action: 'BACK' }, 'tariff_structure_select'],
      [{ route: 'session_start' }, 'tariff_structure_select'],
      [{ route: 'tariff_structure_select', data: { options: ['TIME_OF_DAY'] } }, 'rate_tod_capture'],
      [{ route: 'rate_tod_capture', data: { hours } }, 'tariff_summary'],
    ];
    for (const [i, [body, expected]] of steps.entries()) {
      const node = i % 2 === 0 ? a : b;
      const reply = await step(node, body);
      check(
        reply.status === 200 && reply.body.route === expected,
        `step ${i + 1} on node ${node === a ? 'A' : 'B'}: ${JSON.stringify(body).slice(0, 60)} → ${reply.body.route ?? reply.body.code}`,
      );
    }

    // the same step on both nodes at once: one applies, the other finds the session moved on
    const [x, y] = await Promise.all([
      step(a, { route: 'tariff_summary', action: 'WRONG_TARIFF' }),
      step(b, { route: 'tariff_summary', action: 'WRONG_TARIFF' }),
    ]);
    const statuses = [x.status, y.status].sort();
    check(
      statuses[0] === 200 && (statuses[1] === 200 || statuses[1] === 409 || statuses[1] === 400),
      `the same step on both nodes at once: ${x.status} and ${y.status}`,
    );

    const done = await step(b, { route: 'tariff_summary', action: 'CLOSE' });
    check(done.status === 200 && done.body.route === 'complete_tariff', 'completed on node B');
    const again = await step(a, { route: 'session_start' });
    check(
      again.status === 400 && again.body.code === 'connect_token_expired',
      'node A refuses the completed token',
    );

    const read = await call(a.baseUrl, 'GET', `/connect/token?connect_token=${token}`, {
      authorization: bearer,
    });
    check(
      read.body.complete_action === 'SAVE' && read.body.is_tariff_processed === true,
      'token read on node A',
    );
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const window = JSON.stringify({
      start_time: `${day}T00:00:00Z`,
      end_time: `${day}T23:00:00Z`,
      tariff_direction: 'IMPORT',
    });
    const pricesA = await call(a.baseUrl, 'POST', `/prices/${read.body.location_id}`, json(bearer), window);
    const pricesB = await call(b.baseUrl, 'POST', `/prices/${read.body.location_id}`, json(bearer), window);
    const values = new Set((pricesA.body.data as { price: { value: number } }[]).map((d) => d.price.value));
    check(
      pricesA.status === 200 && [...values].every((v) => v === 0.075 || v === 0.2962) && values.size === 2,
      `prices on node A are the entered rates: ${[...values].join(', ')}`,
    );
    check(JSON.stringify(pricesA.body.data) === JSON.stringify(pricesB.body.data), 'node B prices the same');
  } catch (error) {
    failed = true;
    log(`FAILED to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    for (const s of servers) log(s.log);
  } finally {
    for (const s of servers) await s.stop();
    await store.dispose(failed);
  }
  log(failed ? 'connect nodes: FAILED' : 'connect nodes: passed');
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
