import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createBenchAccount, inParallel } from './lib/api.ts';
import { cpuBetween, snapshot } from './lib/cpu.ts';
import { int, ms, pct, table } from './lib/format.ts';
import { createScratchDatabase } from './lib/postgres.ts';
import { checkLines } from './lib/report.ts';
import { startServer } from './lib/server.ts';
import type { BenchContext, BenchModule, BenchReport, Check } from './types.ts';
import { WebhookReceiver } from '../src/testing/webhook-receiver.ts';

/**
 * Webhook delivery on PostgreSQL, one server process, a receiver on localhost in the bench
 * process:
 * - throughput: N due deliveries released at once, after an unmeasured warm-up burst; signed
 *   deliveries per second and per server core (the server process's CPU only: the receiver and
 *   this driver run in the bench process), against `openssl speed -seconds 3 rsa2048` sign/s
 *   (one core, user CPU time) on the same machine;
 * - latency: customers created at 200/s, each `customer.create` timed from the request that
 *   committed it to its arrival at the receiver.
 */

const THROUGHPUT_DELIVERIES = 6000;
/** Delivered first, unmeasured. */
const WARMUP_DELIVERIES = 2000;
const LATENCY_RATE = 200;
const SHARE_TARGET = 0.6;
const P50_TARGET_MS = 50;
const P99_TARGET_MS = 250;

/** `openssl speed -seconds 3 rsa2048`: RSA-2048 signatures per second on one core. */
function opensslSignsPerSecond(): number {
  const out = execFileSync('openssl', ['speed', '-seconds', '3', 'rsa2048'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = out.split('\n').find((l) => /^rsa\s+2048 bits/.test(l));
  const numbers =
    line
      ?.trim()
      .split(/\s+/)
      .filter((f) => /^[\d.]+$/.test(f)) ?? [];
  const signs = Number(numbers.at(-2));
  if (!Number.isFinite(signs)) throw new Error(`cannot read openssl speed output:\n${out}`);
  return signs;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  ctx.log('webhooks: openssl speed -seconds 3 rsa2048');
  const opensslSigns = opensslSignsPerSecond();
  ctx.log(`webhooks: openssl signs ${int(opensslSigns)}/s on one core`);

  const database = await createScratchDatabase(ctx.options.postgresUrl);
  const receiver = await WebhookReceiver.start();
  const server = await startServer({
    root: ctx.root,
    databaseUrl: database.url,
    env: { OFFPEAK_WEBHOOK_CONCURRENCY: '128', OFFPEAK_WEBHOOK_CONCURRENCY_PER_ENDPOINT: '64' },
  });
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const account = await createBenchAccount(server.baseUrl, server.adminToken);
    const admin = { authorization: `Bearer ${server.adminToken}` };
    const endpointReply = await fetch(
      `${server.baseUrl}/admin/accounts/${account.accountId}/webhook-endpoints`,
      {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url('/bench'), mode: 'test' }),
      },
    );
    const endpoint = (await endpointReply.json()) as { id: string };

    // ---- throughput: deliveries written due later, then released at once ----
    await account.api.request('POST', '/customers', { reference_id: 'template' }, [201]);
    await waitUntil(() => receiver.received.length >= 1, 10_000);
    const template = (
      await db.query<{ data: unknown; object_id: string }>(
        `select data, object_id from events where account_id = $1 and type = 'customer.create' limit 1`,
        [account.accountId],
      )
    ).rows[0];
    if (!template) throw new Error('no template event');
    /** Writes `n` events with a delivery each, due only tomorrow; returns their IDs. */
    const seed = async (n: number): Promise<string[]> => {
      const prefix = randomBytes(5).toString('hex');
      const seconds = Math.floor(Date.now() / 1000)
        .toString(16)
        .padStart(8, '0');
      const ids = Array.from(
        { length: n },
        (_, i) => `evt_${seconds}${prefix}${i.toString(16).padStart(6, '0')}`,
      );
      await db.query(
        `insert into events (account_id, live_mode, id, type, object_id, data, created_at)
         select $1, false, id, 'customer.create', $2, $3::jsonb, now() from unnest($4::text[]) as id`,
        [account.accountId, template.object_id, JSON.stringify(template.data), ids],
      );
      await db.query(
        `insert into webhook_deliveries (account_id, event_id, endpoint_id, live_mode, status, attempts,
           max_attempts, next_attempt_at, created_at)
         select $1, id, $2, false, 'pending', 0, 6, now() + interval '1 day', now() from unnest($3::text[]) as id`,
        [account.accountId, endpoint.id, ids],
      );
      return ids;
    };
    const release = () =>
      db.query(
        `update webhook_deliveries set next_attempt_at = now() where account_id = $1 and status = 'pending'`,
        [account.accountId],
      );
    const allDelivered = (n: number) =>
      waitUntil(async () => {
        const { rows } = await db.query<{ n: number }>(
          `select count(*)::int as n from webhook_deliveries where account_id = $1 and status = 'delivered'`,
          [account.accountId],
        );
        return (rows[0]?.n ?? 0) >= n;
      }, 60_000);

    // warm-up: a first burst, unmeasured, so that the measured one runs on compiled code as a
    // long-running server does (the first burst after start-up also pays for the JIT)
    const warmStart = receiver.received.length;
    ctx.log(`webhooks: warm-up, ${int(WARMUP_DELIVERIES)} deliveries`);
    await seed(WARMUP_DELIVERIES);
    const warmCpu = snapshot(server.pid);
    const warmStarted = performance.now();
    await release();
    await waitUntil(() => receiver.received.length - warmStart >= WARMUP_DELIVERIES, 300_000);
    const warmElapsed = (performance.now() - warmStarted) / 1000;
    const warmCores = cpuBetween(warmCpu, snapshot(server.pid)).serverCores ?? NaN;
    const warmPerCore = WARMUP_DELIVERIES / warmElapsed / warmCores;
    ctx.log(
      `webhooks: warm-up ${int(WARMUP_DELIVERIES / warmElapsed)}/s on ${warmCores.toFixed(2)} server cores = ${int(warmPerCore)}/core-s (${pct(warmPerCore / opensslSigns)} of openssl; not the measure)`,
    );
    await allDelivered(WARMUP_DELIVERIES + 1);

    await seed(THROUGHPUT_DELIVERIES);
    await db.query('analyze');
    const before = receiver.received.length;
    ctx.log(`webhooks: releasing ${int(THROUGHPUT_DELIVERIES)} deliveries`);
    const cpuStart = snapshot(server.pid, database.name);
    const started = performance.now();
    await release();
    await waitUntil(() => receiver.received.length - before >= THROUGHPUT_DELIVERIES, 300_000);
    const elapsed = (performance.now() - started) / 1000;
    const cpu = cpuBetween(cpuStart, snapshot(server.pid, database.name));
    const perSecond = THROUGHPUT_DELIVERIES / elapsed;
    const serverCores = cpu.serverCores ?? NaN;
    const perCore = perSecond / serverCores;
    const share = perCore / opensslSigns;
    ctx.log(
      `webhooks: ${int(perSecond)} deliveries/s on ${serverCores.toFixed(2)} server cores = ${int(perCore)}/core-s (${pct(share)} of openssl)`,
    );
    // every one of them recorded as delivered
    await allDelivered(WARMUP_DELIVERIES + 1 + THROUGHPUT_DELIVERIES);

    // ---- latency at 200 events/s ----
    const seconds2 = Math.max(5, ctx.options.durationSeconds);
    const count = LATENCY_RATE * seconds2;
    const sent = new Map<string, number>();
    const latencies: number[] = [];
    receiver.onReceive = (r) => {
      const ref = (JSON.parse(r.body) as { data: { reference_id?: string } }).data.reference_id;
      const at = ref === undefined ? undefined : sent.get(ref);
      if (at !== undefined) latencies.push(r.at - at);
    };
    ctx.log(`webhooks: ${int(count)} customers at ${LATENCY_RATE}/s`);
    const t0 = performance.now();
    const wallOffset = Date.now() - performance.now();
    await inParallel(count, 64, async (i) => {
      const due = t0 + (i * 1000) / LATENCY_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sent.set(`lat-${i}`, performance.now() + wallOffset);
      await account.api.request('POST', '/customers', { reference_id: `lat-${i}` }, [201]);
    });
    await waitUntil(() => latencies.length >= count, 60_000);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 0.5);
    const p99 = percentile(sorted, 0.99);
    ctx.log(
      `webhooks: commit→receipt p50 ${ms(p50)} ms, p99 ${ms(p99)} ms (${latencies.length} of ${count})`,
    );

    const checks: Check[] = [
      {
        name: `deliveries/s per server core ≥ ${pct(SHARE_TARGET)} of openssl rsa2048 sign/s`,
        actual: `${int(perCore)}/core-s vs ${int(opensslSigns)} sign/s = ${pct(share)}`,
        pass: share >= SHARE_TARGET,
      },
      {
        name: `commit→receipt at ${LATENCY_RATE} events/s: p50 ≤ ${P50_TARGET_MS} ms, p99 ≤ ${P99_TARGET_MS} ms`,
        actual: `p50 ${ms(p50)} ms, p99 ${ms(p99)} ms`,
        pass: p50 <= P50_TARGET_MS && p99 <= P99_TARGET_MS && latencies.length >= count,
      },
    ];
    const markdown = [
      '### webhooks: signed deliveries on PostgreSQL (one server process)',
      '',
      `PostgreSQL ${database.serverVersion}; receiver on localhost in the bench process (its CPU is not ` +
        `counted as the server's); ` +
        `OFFPEAK_WEBHOOK_CONCURRENCY=128, per endpoint 64.`,
      '',
      table(
        ['measure', 'value'],
        [
          ['openssl rsa2048 sign/s (one core)', int(opensslSigns)],
          [`warm-up deliveries first (unmeasured)`, int(WARMUP_DELIVERIES)],
          [
            `… their deliveries per server core-second`,
            `${int(warmPerCore)} (${pct(warmPerCore / opensslSigns)})`,
          ],
          [`deliveries released at once`, int(THROUGHPUT_DELIVERIES)],
          ['deliveries/s', int(perSecond)],
          ['server CPU (cores)', serverCores.toFixed(2)],
          ['PostgreSQL CPU (cores)', cpu.postgresCores === undefined ? 'n/a' : cpu.postgresCores.toFixed(2)],
          ['deliveries per server core-second', int(perCore)],
          ['… as a share of openssl sign/s', pct(share)],
          [`commit→receipt p50 at ${LATENCY_RATE}/s (ms)`, ms(p50)],
          [`commit→receipt p99 at ${LATENCY_RATE}/s (ms)`, ms(p99)],
        ],
        ['l', 'r'],
      ),
      '',
      'Commit→receipt is timed from the moment the bench sent the request that commits the event ' +
        '(an upper bound: it includes the request itself) to its arrival at the receiver.',
      '',
      ...checkLines(checks),
    ].join('\n');
    return { markdown, checks };
  } finally {
    await db.end();
    await server.stop();
    await receiver.close();
    await database.drop();
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('webhooks bench: timed out waiting for deliveries');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const webhooks: BenchModule = {
  name: 'webhooks',
  summary:
    'signed webhook deliveries/s per core vs openssl rsa2048 sign/s; commit→receipt latency at 200 events/s',
  run,
};
