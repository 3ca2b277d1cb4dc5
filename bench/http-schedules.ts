import type { LoadSpec } from './load.ts';
import { createBenchAccount, type BenchAccount } from './lib/api.ts';
import { int, ms } from './lib/format.ts';
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
import { complexTouTariffBody } from './lib/tariff-wire.ts';
import type { Backend, BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/**
 * HTTP benchmark of the duration schedule (issue 5): `POST /schedules/duration/{location_id}`
 * with `{start_time, end_time, segment: "LOW", duration: 240}` over a 48-hour window inside the
 * contract of the complex ToU tariff (a London location, the tariff sent as a wire body), under
 * autocannon in its own process (bench/load.ts), on PostgreSQL (the target) and PGlite.
 */

const PG_TARGET_P99_MS = 10;
/** 48 hours inside the tariff's contract (2024-01-01 → 2030-01-01), Tuesday to Thursday. */
const WINDOW = { start_time: '2026-01-13T00:00:00Z', end_time: '2026-01-15T00:00:00Z' };

interface Setup {
  locationId: string;
  body: string;
  bytes: number;
  summary: string;
}

interface Row {
  backend: string;
  setup: Setup;
  result: Measurement;
}

interface DurationReply {
  data?: { start_time: string; end_time: string }[];
  [key: string]: unknown;
}

async function setUp(account: BenchAccount): Promise<Setup> {
  const location = await account.api.request<{ id: string }>('POST', '/locations', {
    postal_address: { city: 'London', country_code: 'GB' },
  });
  await account.api.request('POST', '/tariffs', complexTouTariffBody(location.id));
  const body = JSON.stringify({ ...WINDOW, segment: 'LOW', duration: 240 });
  const response = await fetch(`${account.api.baseUrl}/schedules/duration/${location.id}`, {
    method: 'POST',
    headers: { authorization: account.authorization, 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`POST /schedules/duration answered ${response.status}: ${text.slice(0, 300)}`);
  const reply = JSON.parse(text) as DurationReply;
  const slots = Array.isArray(reply.data)
    ? reply.data.map((s) => `${s.start_time}–${s.end_time}`).join(', ')
    : '?';
  return { locationId: location.id, body, bytes: Buffer.byteLength(text), summary: slots };
}

async function benchBackend(ctx: BenchContext, backend: Backend): Promise<{ row: Row; note: string }> {
  const name = BACKEND_NAMES[backend];
  return withBackend(ctx, backend, async (server, note, scratch) => {
    const { options } = ctx;
    ctx.log(`${name}: server pid ${server.pid} at ${server.baseUrl}`);
    const account = await createBenchAccount(server.baseUrl, server.adminToken);
    const setup = await setUp(account);
    if (scratch && options.analyze) await scratch.analyze();
    ctx.log(`${name}: schedule ${setup.summary} (${int(setup.bytes)} bytes)`);
    const spec: LoadSpec = {
      url: `${server.baseUrl}/schedules/duration/${setup.locationId}`,
      method: 'POST',
      body: setup.body,
      headers: { authorization: account.authorization, 'content-type': 'application/json' },
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
    };
    const result = await runLoad(ctx.root, spec, { serverPid: server.pid, postgresDatabase: scratch?.name });
    ctx.log(
      `${name}: ${int(result.requestsPerSecond)} req/s, p50 ${ms(result.latency.p50)} ms, ` +
        `p99 ${ms(result.latency.p99)} ms${result.non2xx || result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
    );
    const analyzed = scratch ? (options.analyze ? '; `ANALYZE` run after setup' : '; no `ANALYZE`') : '';
    return {
      row: { backend: name, setup, result },
      note: `${name}: ${note}${analyzed}. Answer: slots ${setup.summary}; ${int(setup.bytes)} bytes of JSON per response.`,
    };
  });
}

function resultsTable(rows: Row[]): string {
  return loadTable(rows);
}

function checksFor(rows: Row[], connections: number): Check[] {
  const checks: Check[] = [];
  for (const row of rows) {
    const r = row.result;
    const main = row.backend === BACKEND_NAMES.postgres;
    checks.push({
      name:
        `${row.backend}: POST /schedules/duration (4 h LOW in 48 h, complex ToU) p99 ≤ ${PG_TARGET_P99_MS} ms ` +
        `at ${connections} connections${main ? '' : ' (comparison; the target is PostgreSQL)'}`,
      actual: `p99 ${ms(r.latency.p99)} ms, p50 ${ms(r.latency.p50)} ms, p97.5 ${ms(r.latency.p97_5)} ms, ${int(r.requestsPerSecond)} req/s`,
      pass: r.latency.p99 <= PG_TARGET_P99_MS,
    });
  }
  checks.push(allResponses2xxCheck('POST /schedules/duration', rows, (r) => r.backend));
  return checks;
}

export const httpSchedules: BenchModule = {
  name: 'http-schedules',
  summary: 'POST /schedules/duration/{id}: cheapest 4 h in 48 h (complex ToU) on PostgreSQL and PGlite',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const rows: Row[] = [];
    const notes: string[] = [];
    // PostgreSQL (the target) first, PGlite for comparison.
    const order = [...ctx.options.backends].sort((a, b) =>
      a === 'postgres' ? -1 : b === 'postgres' ? 1 : 0,
    );
    const { skipped, checks: skipChecks } = await runBackends(ctx, order, async (backend) => {
      const { row, note } = await benchBackend(ctx, backend);
      rows.push(row);
      notes.push(note);
    });
    const { options } = ctx;
    const checks = [...checksFor(rows, options.connections), ...skipChecks];
    const markdown = [
      '### HTTP: POST /schedules/duration, 4 h in 48 h',
      '',
      `\`POST /schedules/duration/{location_id}\` with \`${rows[0]?.setup.body ?? JSON.stringify({ ...WINDOW, segment: 'LOW', duration: 240 })}\` ` +
        '(split slots, the default `contiguous: false`) and a bearer token (test key), for a London location with the ' +
        'engine’s complex ToU tariff as a wire body (`bench/lib/tariff-wire.ts`, IMPORT, contract 2024 → 2030), created ' +
        `through the API on a fresh store. ${options.connections} connections, ${options.durationSeconds} s measured after ` +
        `${options.warmupSeconds} s warm-up, autocannon ${autocannonVersion(ctx.root)} in its own process on the same ` +
        'machine (bench/load.ts; each response’s latency to the microsecond). CPU columns are in cores during the measured seconds; µs/req is ' +
        'CPU time per request. The target is PostgreSQL; PGlite is for comparison.',
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
