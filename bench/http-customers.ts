import type { LoadSpec } from './load.ts';
import { createBenchAccount, inParallel, type BenchAccount } from './lib/api.ts';
import { int, ms, pct, table } from './lib/format.ts';
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
import { PRISM_VERSION, startPrism, type PrismHandle } from './lib/prism.ts';
import { checkLines } from './lib/report.ts';
import type { Backend, BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/**
 * HTTP benchmark of the customer list: the first page and a deep keyset page, on PGlite and on
 * PostgreSQL, each measured in alternating rounds beside Stoplight Prism mocking the seed's own
 * document of the same operation (issue 16), plus `GET /health` as the ceiling of the HTTP stack.
 * Offpeak runs in its default production configuration: authentication, rate limiting and
 * request logging (`LOG_LEVEL=info`) on, no response cache.
 */

const PAGE = 30;
/** How far apart (in req/s, either way) the deep page and the first page may be and still pass. */
const DEEP_PAGE_TOLERANCE = 0.15;
const PG_TARGET_RPS = 5000;
const PG_TARGET_P99_MS = 20;
/** Issue 16: Offpeak's req/s as a multiple of Prism's, per store, and its p99 as a fraction. */
const PRISM_TARGETS: Record<Backend, { rps: number; p99: number | undefined }> = {
  postgres: { rps: 3, p99: 1 / 3 },
  pglite: { rps: 1.5, p99: undefined },
};
/** Issue 16: CPU per list request, server and database together. */
const CPU_TARGET_US = 300;
const PRISM = `Prism ${PRISM_VERSION}`;

interface Row {
  /** BACKEND_NAMES[backend] for Offpeak, PRISM for the peer. */
  backend: string;
  /** The store Offpeak ran on in this round (also on Prism's rows, which it is compared with). */
  store: string;
  scenario: string;
  round: number | undefined;
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

function measure(
  ctx: BenchContext,
  url: string,
  headers: Record<string, string>,
  watch: { serverPid: number; postgresDatabase?: string | undefined },
): Promise<Measurement> {
  const { options } = ctx;
  const spec: LoadSpec = {
    url,
    headers,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
  };
  return runLoad(ctx.root, spec, watch);
}

function logRow(ctx: BenchContext, row: Row): void {
  const { result } = row;
  ctx.log(
    `${row.backend}${row.backend === PRISM ? ` (beside ${row.store})` : ''}: ${row.scenario}` +
      `${row.round ? `, round ${row.round}` : ''}: ${int(result.requestsPerSecond)} req/s, ` +
      `p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms` +
      `${result.non2xx || result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
  );
}

async function benchBackend(
  ctx: BenchContext,
  backend: Backend,
  prism: PrismHandle,
  withHealth: boolean,
): Promise<{ rows: Row[]; notes: string[] }> {
  const name = BACKEND_NAMES[backend];
  // Default production logging: one line per request received and one per response (pino).
  const env = { LOG_LEVEL: 'info' };
  return withBackend(
    ctx,
    backend,
    async (server, note, scratch) => {
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

      const offpeak = { serverPid: server.pid, postgresDatabase: scratch?.name };
      const offpeakHeaders = { authorization: account.authorization };
      // Prism checks for a bearer token and answers the document's example: the same request.
      const prismHeaders = { authorization: 'Bearer bench' };
      const scenarios = [
        { scenario: 'first page', path: first },
        { scenario: `deep page (after #${int(deepIndex + 1)})`, path: deep },
      ];
      const rows: Row[] = [];
      // Alternating rounds: Offpeak first in odd rounds, Prism first in even ones, so that a
      // drift in the machine's other load weighs on both alike.
      for (let round = 1; round <= options.rounds; round++) {
        for (const { scenario, path } of scenarios) {
          const order = round % 2 === 1 ? (['offpeak', 'prism'] as const) : (['prism', 'offpeak'] as const);
          for (const who of order) {
            const row: Row =
              who === 'offpeak'
                ? {
                    backend: name,
                    store: name,
                    scenario,
                    round,
                    result: await measure(ctx, `${server.baseUrl}${path}`, offpeakHeaders, offpeak),
                  }
                : {
                    backend: PRISM,
                    store: name,
                    scenario,
                    round,
                    result: await measure(ctx, `${prism.baseUrl}${path}`, prismHeaders, {
                      serverPid: prism.pid,
                    }),
                  };
            logRow(ctx, row);
            rows.push(row);
          }
        }
      }
      if (withHealth) {
        const row: Row = {
          backend: name,
          store: name,
          scenario: 'GET /health (ceiling)',
          round: undefined,
          result: await measure(ctx, `${server.baseUrl}/health`, {}, offpeak),
        };
        logRow(ctx, row);
        rows.push(row);
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
    },
    [],
    env,
  );
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** CPU microseconds per request of a measurement: the server, and PostgreSQL's backends. */
function cpuPerRequest(r: Measurement): { server: number | undefined; postgres: number | undefined } {
  const per = (cores: number | undefined) =>
    cores === undefined || r.requestsPerSecond <= 0
      ? undefined
      : (Math.max(0, cores) * 1e6) / r.requestsPerSecond;
  return { server: per(r.cpu.serverCores), postgres: per(r.cpu.postgresCores) };
}

/** One store and page: Offpeak and Prism round by round, as medians and ratios. */
interface Comparison {
  store: string;
  backend: Backend;
  scenario: string;
  rounds: { offpeak: Measurement; prism: Measurement }[];
  /** Median over rounds of Offpeak's req/s over Prism's in the same round. */
  rpsRatio: number;
  /** Median over rounds of Offpeak's p99 over Prism's in the same round. */
  p99Ratio: number;
  offpeakRps: number;
  prismRps: number;
  offpeakP99: number;
  prismP99: number;
  serverUs: number | undefined;
  postgresUs: number | undefined;
  prismUs: number | undefined;
}

function comparisons(rows: readonly Row[]): Comparison[] {
  const out: Comparison[] = [];
  for (const backend of ['pglite', 'postgres'] as const) {
    const store = BACKEND_NAMES[backend];
    const scenarios = [...new Set(rows.filter((r) => r.store === store && r.round).map((r) => r.scenario))];
    for (const scenario of scenarios) {
      const mine = rows.filter((r) => r.store === store && r.scenario === scenario && r.round);
      const rounds = [...new Set(mine.map((r) => r.round))].flatMap((round) => {
        const offpeak = mine.find((r) => r.round === round && r.backend === store)?.result;
        const prism = mine.find((r) => r.round === round && r.backend === PRISM)?.result;
        return offpeak && prism ? [{ offpeak, prism }] : [];
      });
      if (rounds.length === 0) continue;
      const med = (f: (x: { offpeak: Measurement; prism: Measurement }) => number | undefined) => {
        const values = rounds.map(f).filter((v): v is number => v !== undefined);
        return values.length ? median(values) : undefined;
      };
      out.push({
        store,
        backend,
        scenario,
        rounds,
        rpsRatio: med((x) => x.offpeak.requestsPerSecond / x.prism.requestsPerSecond)!,
        p99Ratio: med((x) => x.offpeak.latency.p99 / Math.max(1, x.prism.latency.p99))!,
        offpeakRps: med((x) => x.offpeak.requestsPerSecond)!,
        prismRps: med((x) => x.prism.requestsPerSecond)!,
        offpeakP99: med((x) => x.offpeak.latency.p99)!,
        prismP99: med((x) => x.prism.latency.p99)!,
        serverUs: med((x) => cpuPerRequest(x.offpeak).server),
        postgresUs: backend === 'postgres' ? med((x) => cpuPerRequest(x.offpeak).postgres) : 0,
        prismUs: med((x) => cpuPerRequest(x.prism).server),
      });
    }
  }
  return out;
}

const us = (value: number | undefined): string => (value === undefined ? 'n/a' : int(value));
const times = (value: number): string => `${value.toFixed(2)}×`;

function comparisonTable(list: readonly Comparison[]): string {
  return table(
    [
      'Store',
      'Request',
      'rounds',
      'Offpeak req/s',
      `${PRISM} req/s`,
      'ratio',
      'Offpeak p99 ms',
      'Prism p99 ms',
      'p99 ratio',
      'server µs/req',
      'PG µs/req',
      'total µs/req',
      'Prism µs/req',
    ],
    list.map((c) => [
      c.store,
      c.scenario,
      String(c.rounds.length),
      int(c.offpeakRps),
      int(c.prismRps),
      times(c.rpsRatio),
      ms(c.offpeakP99),
      ms(c.prismP99),
      times(c.p99Ratio),
      us(c.serverUs),
      c.backend === 'postgres' ? us(c.postgresUs) : '–',
      c.serverUs === undefined ? 'n/a' : us(c.serverUs + (c.postgresUs ?? 0)),
      us(c.prismUs),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

function resultsTable(rows: Row[]): string {
  return loadTable(
    rows.map(({ backend, store, scenario, round, result }) => ({
      backend,
      request: `${scenario}${round ? `, round ${round}` : ''}${backend === PRISM ? ` (beside ${store})` : ''}`,
      result,
    })),
    { request: true },
  );
}

function prismChecks(list: readonly Comparison[]): Check[] {
  const checks: Check[] = [];
  for (const c of list) {
    const target = PRISM_TARGETS[c.backend];
    const page = c.scenario.startsWith('deep') ? 'deep page' : 'first page';
    const rpsPass = c.rpsRatio >= target.rps;
    const p99Pass = target.p99 === undefined || c.p99Ratio <= target.p99;
    checks.push({
      name:
        `${c.store}: ${page} ≥ ${target.rps}× ${PRISM}'s req/s` +
        `${target.p99 === undefined ? '' : ` and p99 ≤ Prism's p99 / ${Math.round(1 / target.p99)}`} (median of ${c.rounds.length} alternating rounds)`,
      actual:
        `${times(c.rpsRatio)} (${int(c.offpeakRps)} vs ${int(c.prismRps)} req/s); ` +
        `p99 ${ms(c.offpeakP99)} vs ${ms(c.prismP99)} ms (${times(c.p99Ratio)})`,
      pass: rpsPass && p99Pass,
    });
  }
  for (const c of list) {
    const page = c.scenario.startsWith('deep') ? 'deep page' : 'first page';
    const total = c.serverUs === undefined ? undefined : c.serverUs + (c.postgresUs ?? 0);
    checks.push({
      name: `${c.store}: ${page} CPU per request (server + database) ≤ ${CPU_TARGET_US} µs (median round)`,
      actual:
        total === undefined
          ? 'n/a'
          : `${int(total)} µs (server ${us(c.serverUs)}${c.backend === 'postgres' ? `, PostgreSQL ${us(c.postgresUs)}` : ', PGlite in the server'}; ` +
            `${times(total / CPU_TARGET_US)} the target; Prism ${us(c.prismUs)} µs)`,
      pass: total !== undefined && total <= CPU_TARGET_US,
    });
  }
  return checks;
}

function checksFor(rows: Row[]): Check[] {
  const checks: Check[] = [];
  for (const backend of Object.values(BACKEND_NAMES)) {
    const mine = rows.filter((r) => r.backend === backend && r.round);
    const median1 = (f: (r: Row) => number, scenario: (s: string) => boolean) => {
      const values = mine.filter((r) => scenario(r.scenario)).map(f);
      return values.length ? median(values) : undefined;
    };
    const isFirst = (s: string) => s === 'first page';
    const isDeep = (s: string) => s.startsWith('deep page');
    const first = {
      rps: median1((r) => r.result.requestsPerSecond, isFirst),
      p99: median1((r) => r.result.latency.p99, isFirst),
      p50: median1((r) => r.result.latency.p50, isFirst),
    };
    const deep = {
      rps: median1((r) => r.result.requestsPerSecond, isDeep),
      p99: median1((r) => r.result.latency.p99, isDeep),
      p50: median1((r) => r.result.latency.p50, isDeep),
    };
    if (first.rps === undefined || deep.rps === undefined) continue;
    // Both ways: a first page much slower than a deep one is as much a sign that page cost
    // depends on position (e.g. a sort of the whole account) as the reverse.
    const ratio = deep.rps / first.rps;
    checks.push({
      name: `${backend}: deep page and first page within ${pct(DEEP_PAGE_TOLERANCE)} of each other (req/s, median rounds)`,
      actual:
        `deep ${int(deep.rps)} vs first ${int(first.rps)} req/s (${pct(ratio)}); ` +
        `p50 ${ms(deep.p50!)} vs ${ms(first.p50!)} ms`,
      pass: Math.abs(ratio - 1) <= DEEP_PAGE_TOLERANCE,
    });
    if (backend === BACKEND_NAMES.postgres) {
      for (const [label, r] of [
        ['first page', first],
        ['deep page', deep],
      ] as const) {
        checks.push({
          name: `${backend}: ${label} ≥ ${int(PG_TARGET_RPS)} req/s with p99 < ${PG_TARGET_P99_MS} ms (median rounds)`,
          actual: `${int(r.rps!)} req/s, p99 ${ms(r.p99!)} ms`,
          pass: r.rps! >= PG_TARGET_RPS && r.p99! < PG_TARGET_P99_MS,
        });
      }
    }
  }
  checks.push(
    allResponses2xxCheck(
      undefined,
      rows,
      (r) => `${r.backend} ${r.scenario}${r.round ? ` round ${r.round}` : ''}`,
    ),
  );
  return checks;
}

export const httpCustomers: BenchModule = {
  name: 'http',
  summary:
    'GET /customers (first and deep page) on PGlite and PostgreSQL beside Prism in alternating rounds, and GET /health',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const prism = await startPrism(ctx.root, ctx.log);
    ctx.log(`${PRISM}: pid ${prism.pid} at ${prism.baseUrl}, first 200 after ${int(prism.startMs)} ms`);
    try {
      // Prism is warmed once (its JIT) before any round; every measurement has its own warm-up too.
      await measure(
        ctx,
        `${prism.baseUrl}/customers?limit=${PAGE}`,
        { authorization: 'Bearer bench' },
        { serverPid: prism.pid },
      );
      // A missing PostgreSQL server skips that store; anything else is a broken bench.
      const { skipped, checks: skipChecks } = await runBackends(
        ctx,
        ctx.options.backends,
        async (backend, i) => {
          const result = await benchBackend(ctx, backend, prism, i === 0);
          rows.push(...result.rows);
          notes.push(...result.notes);
        },
      );
      const { options } = ctx;
      const list = comparisons(rows);
      const checks = [...prismChecks(list), ...checksFor(rows), ...skipChecks];
      const markdown = [
        `### HTTP: customer list beside ${PRISM}, and health`,
        '',
        `${options.connections} connections, ${options.durationSeconds} s measured after ${options.warmupSeconds} s warm-up, ` +
          `${options.rounds} alternating rounds per store and page (Offpeak first in odd rounds, Prism in even ones), ` +
          `load generator autocannon ${autocannonVersion(ctx.root)} in its own process on the same machine. ` +
          'Offpeak in its default production configuration: bearer authentication, rate limiting and ' +
          'request logging (`LOG_LEVEL=info`) on, no response cache. ' +
          `${PRISM} mocks the seed's \`GET /customers\` document (bench/prism), one process, its default logging. ` +
          'Ratios are medians of the per-round ratios; CPU per request is the median round.',
        '',
        comparisonTable(list),
        '',
        'Every measurement:',
        '',
        resultsTable(rows),
        '',
        ...noteLines([...notes, ...skipped], rows),
        '',
        ...checkLines(checks),
      ].join('\n');
      return { markdown, checks };
    } finally {
      await prism.stop();
    }
  },
};
