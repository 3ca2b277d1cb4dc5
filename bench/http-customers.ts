import type { LoadSpec } from './load.ts';
import { createBenchAccount, inParallel, type BenchAccount } from './lib/api.ts';
import { int, ms, pct } from './lib/format.ts';
import {
  allResponses2xxCheck,
  autocannonVersion,
  BACKEND_NAMES,
  loadTable,
  noteLines,
  runBackends,
  withBackend,
} from './lib/http-common.ts';
import { runLoad, type Measurement } from './lib/load-runner.ts';
import { checkLines } from './lib/report.ts';
import type { Backend, BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/**
 * HTTP benchmark of the customer list: the first page and a deep keyset page, on PGlite and on
 * PostgreSQL, plus `GET /health` as the ceiling of the HTTP stack.
 */

const PAGE = 30;
/** How far apart (in req/s, either way) the deep page and the first page may be and still pass. */
const DEEP_PAGE_TOLERANCE = 0.15;
const PG_TARGET_RPS = 5000;
const PG_TARGET_P99_MS = 20;

interface Row {
  backend: string;
  scenario: string;
  result: Measurement;
}

async function seed(ctx: BenchContext, account: BenchAccount): Promise<{ seconds: number }> {
  const started = performance.now();
  await inParallel(ctx.options.customers, 16, async (i) => {
    await account.api.request('POST', '/customers', { reference_id: `bench-${i}` }, [201]);
  });
  return { seconds: (performance.now() - started) / 1000 };
}

/** Pages through the list (100 a page) to the ID of the customer at `index` (0 = newest). */
async function customerAt(account: BenchAccount, index: number): Promise<string> {
  let seen = 0;
  let after: string | undefined;
  for (;;) {
    const query = `limit=100${after ? `&starting_after=${after}` : ''}`;
    const page = await account.api.request<{ data: { id: string }[]; has_more: boolean }>(
      'GET',
      `/customers?${query}`,
    );
    if (index < seen + page.data.length) return page.data[index - seen]!.id;
    seen += page.data.length;
    const last = page.data.at(-1);
    if (!page.has_more || !last) throw new Error(`only ${seen} customers listed, wanted index ${index}`);
    after = last.id;
  }
}

async function expectFullPage(account: BenchAccount, path: string): Promise<void> {
  const page = await account.api.request<{ data: unknown[] }>('GET', path);
  if (page.data.length !== PAGE)
    throw new Error(`${path} returned ${page.data.length} customers, not ${PAGE}`);
}

async function benchBackend(
  ctx: BenchContext,
  backend: Backend,
  withHealth: boolean,
): Promise<{ rows: Row[]; notes: string[] }> {
  const name = BACKEND_NAMES[backend];
  return withBackend(ctx, backend, async (server, note, scratch) => {
    const { options } = ctx;
    ctx.log(`${name}: server pid ${server.pid} at ${server.baseUrl}`);
    const account = await createBenchAccount(server.baseUrl, server.adminToken);
    const seeded = await seed(ctx, account);
    ctx.log(`${name}: seeded ${int(options.customers)} customers in ${seeded.seconds.toFixed(1)} s`);
    // PostgreSQL: measure the steady state, with planner statistics, rather than race autovacuum
    // (or miss it: it is off on some servers). PGlite has no autovacuum, so it gets nothing.
    if (scratch && options.analyze) await scratch.analyze();

    const deepIndex = Math.max(0, Math.round(options.customers * 0.9) - 1);
    const cursor = await customerAt(account, deepIndex);
    const first = `/customers?limit=${PAGE}`;
    const deep = `/customers?limit=${PAGE}&starting_after=${cursor}`;
    await expectFullPage(account, first);
    await expectFullPage(account, deep);

    const scenarios: { scenario: string; path: string; headers: Record<string, string> }[] = [
      { scenario: 'first page', path: first, headers: { authorization: account.authorization } },
      {
        scenario: `deep page (after #${int(deepIndex + 1)})`,
        path: deep,
        headers: { authorization: account.authorization },
      },
    ];
    if (withHealth) scenarios.push({ scenario: 'GET /health (ceiling)', path: '/health', headers: {} });

    const rows: Row[] = [];
    for (const { scenario, path, headers } of scenarios) {
      const spec: LoadSpec = {
        url: `${server.baseUrl}${path}`,
        headers,
        connections: options.connections,
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
      };
      const result = await runLoad(ctx.root, spec, {
        serverPid: server.pid,
        postgresDatabase: scratch?.name,
      });
      ctx.log(
        `${name}: ${scenario}: ${int(result.requestsPerSecond)} req/s, p50 ${ms(result.latency.p50)} ms, ` +
          `p99 ${ms(result.latency.p99)} ms${result.non2xx || result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
      );
      rows.push({ backend: name, scenario, result });
    }
    const analyzed = scratch
      ? options.analyze
        ? '; `ANALYZE` run after seeding'
        : '; no `ANALYZE` (--no-analyze)'
      : '';
    const notes = [
      `${name}: ${note}; ${int(options.customers)} customers seeded over HTTP (16 at a time) in ` +
        `${seeded.seconds.toFixed(1)} s (${int(options.customers / seeded.seconds)} creates/s)${analyzed}.`,
    ];
    return { rows, notes };
  });
}

function resultsTable(rows: Row[]): string {
  return loadTable(
    rows.map(({ backend, scenario, result }) => ({ backend, request: scenario, result })),
    { request: true },
  );
}

function checksFor(rows: Row[]): Check[] {
  const checks: Check[] = [];
  for (const backend of new Set(rows.map((r) => r.backend))) {
    const mine = rows.filter((r) => r.backend === backend);
    const first = mine.find((r) => r.scenario === 'first page')?.result;
    const deep = mine.find((r) => r.scenario.startsWith('deep page'))?.result;
    if (!first || !deep) continue;
    // Both ways: a first page much slower than a deep one is as much a sign that page cost
    // depends on position (e.g. a sort of the whole account) as the reverse.
    const ratio = deep.requestsPerSecond / first.requestsPerSecond;
    checks.push({
      name: `${backend}: deep page and first page within ${pct(DEEP_PAGE_TOLERANCE)} of each other (req/s)`,
      actual:
        `deep ${int(deep.requestsPerSecond)} vs first ${int(first.requestsPerSecond)} req/s (${pct(ratio)}); ` +
        `p50 ${ms(deep.latency.p50)} vs ${ms(first.latency.p50)} ms`,
      pass: Math.abs(ratio - 1) <= DEEP_PAGE_TOLERANCE,
    });
    if (backend === BACKEND_NAMES.postgres) {
      for (const [label, r] of [
        ['first page', first],
        ['deep page', deep],
      ] as const) {
        checks.push({
          name: `${backend}: ${label} ≥ ${int(PG_TARGET_RPS)} req/s with p99 < ${PG_TARGET_P99_MS} ms`,
          actual: `${int(r.requestsPerSecond)} req/s, p99 ${ms(r.latency.p99)} ms`,
          pass: r.requestsPerSecond >= PG_TARGET_RPS && r.latency.p99 < PG_TARGET_P99_MS,
        });
      }
    }
  }
  checks.push(allResponses2xxCheck(undefined, rows, (r) => `${r.backend} ${r.scenario}`));
  return checks;
}

export const httpCustomers: BenchModule = {
  name: 'http',
  summary: 'GET /customers (first and deep page) on PGlite and PostgreSQL, and GET /health',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const rows: Row[] = [];
    const notes: string[] = [];
    // A missing PostgreSQL server skips that store; anything else is a broken bench.
    const { skipped, checks: skipChecks } = await runBackends(
      ctx,
      ctx.options.backends,
      async (backend, i) => {
        const result = await benchBackend(ctx, backend, i === 0);
        rows.push(...result.rows);
        notes.push(...result.notes);
      },
    );
    const { options } = ctx;
    const checks = [...checksFor(rows), ...skipChecks];
    const markdown = [
      `### HTTP: customer list and health`,
      '',
      `${options.connections} connections, ${options.durationSeconds} s measured after ${options.warmupSeconds} s warm-up, ` +
        `load generator autocannon ${autocannonVersion(ctx.root)} in its own process on the same machine. ` +
        'CPU columns are in cores (1.00 = one core busy) during the measured seconds; ' +
        '"other" is everything else on the machine, and a high value there means the run was disturbed; ' +
        'µs/req (CPU time per request) is the steadier figure then.',
      '',
      resultsTable(rows),
      '',
      ...noteLines([...notes, ...skipped], rows),
      '',
      ...checkLines(checks),
    ].join('\n');
    return { markdown, checks };
  },
};
