import { availableParallelism } from 'node:os';
import {
  aggregateCosts,
  combineSeries,
  compileTariff,
  decimalToNumber,
  expandTariff,
  priceRecords,
  recordEnergyKwh,
  roundRatio,
  type EnergyRecord,
} from '../src/engine/index.ts';
import { complexTariff } from '../src/engine/example-tariffs.ts';
import { createBenchAccount, inParallel, type BenchAccount } from './lib/api.ts';
import { cpuBetween, snapshot, type CpuUse } from './lib/cpu.ts';
import { int, ms, table } from './lib/format.ts';
import { BACKEND_NAMES, runBackends, withBackend } from './lib/http-common.ts';
import { QUARTER_HOUR_MS, RECORDS_2025, YEAR_2025, isoSeconds, whAt } from './lib/meter-load.ts';
import type { ScratchDatabase } from './lib/postgres.ts';
import { checkLines } from './lib/report.ts';
import { npmStartLine, type ServerHandle } from './lib/server.ts';
import { summarize, type Summary } from './lib/stats.ts';
import { complexTouTariffBody } from './lib/tariff-wire.ts';
import type { Backend, BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/**
 * HTTP benchmark of the cost API and of meter ingestion, on PGlite and on PostgreSQL:
 *
 * (a) `POST /costs/interval/{location_id}` over the whole of 2025, per record and with
 *     `aggregation: "MONTH"`, after loading a year of 15-minute records (35,040, in four
 *     `PUT /meters/interval` batches) for a London location with the complex ToU + tier tariff.
 *     Sequential single requests, latency measured by the client (until the last body byte).
 * (b) `PUT /meters/interval` throughput with 10,000-record batches: new intervals at 1, 2 and 4
 *     concurrent connections, and the same stored batch sent again (the overwrite path).
 */

const COST_TARGET_MS = 250;
const PUT_TARGET_RECORDS_PER_S = 50_000;
const BATCH = 10_000;

/** Sequential cost requests per scenario: up to MAX; once MIN are done, none that would end past BUDGET_MS. */
const COST_MAX_REQUESTS = 20;
const COST_MIN_REQUESTS = 2;
const COST_BUDGET_MS = 20_000;
/** Skip a later scenario's warm-up when one request already took this long (the JIT is warm). */
const SLOW_REQUEST_MS = 2_000;
/** A PUT scenario stops sending new batches after this, once each connection has sent two. */
const PUT_BUDGET_MS = 20_000;

interface PutScenario {
  label: string;
  connections: number;
  batches: number;
  overwrite: boolean;
}

const PUT_SCENARIOS: PutScenario[] = [
  { label: 'new records', connections: 1, batches: 10, overwrite: false },
  { label: 'new records', connections: 2, batches: 12, overwrite: false },
  { label: 'new records', connections: 4, batches: 12, overwrite: false },
  { label: 'overwrite: a stored batch again', connections: 1, batches: 8, overwrite: true },
];

interface CostRow {
  backend: string;
  label: string;
  aggregation: 'MONTH' | undefined;
  warmupMs: number | null;
  summary: Summary;
  bytes: number;
  items: number;
  serverMsPerRequest: number | undefined;
  postgresMsPerRequest: number | undefined;
  clientMsPerRequest: number;
  otherCores: number | undefined;
  /** The first answer equals the engine’s, rounded as the API rounds. */
  matches: boolean;
  mismatch: string;
}

interface PutRow {
  backend: string;
  label: string;
  connections: number;
  batches: number;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  batchMs: Summary;
  cpu: CpuUse;
  clientCores: number;
  otherCores: number | undefined;
  failures: string[];
  main: boolean;
}

interface Expected {
  /** Per record in time order: Wh and cost as the API writes them. */
  records: { wh: number; cost: number }[];
  months: { wh: number; cost: number }[];
}

/** The engine's answer for the year, in-process, rounded as src/http/costs/cost-schema.ts rounds. */
function expectedAnswer(): Expected {
  const year = { start: YEAR_2025.start, end: YEAR_2025.end };
  const series = combineSeries(expandTariff(compileTariff(complexTariff), year), []);
  const records: EnergyRecord[] = [];
  for (let i = 0; i < RECORDS_2025; i++) {
    const start = year.start + i * QUARTER_HOUR_MS;
    const end = start + QUARTER_HOUR_MS;
    records.push({
      start,
      end,
      energyKwh: recordEnergyKwh({ value: String(whAt(i)), unit: 'Wh', start, end }),
    });
  }
  const priced = priceRecords(records, series, {
    timeZone: 'Europe/London',
    priorMonthEnergyKwh: { n: 0n, d: 1n },
    window: year,
  });
  const wh = (kwh: { n: bigint; d: bigint }) =>
    decimalToNumber(roundRatio({ n: kwh.n * 1000n, d: kwh.d }, 0));
  const money = (cost: { n: bigint; d: bigint }) => decimalToNumber(roundRatio(cost, 5));
  return {
    records: priced.records.map((r) => ({ wh: wh(r.energyKwh), cost: money(r.cost) })),
    months: aggregateCosts(priced.pieces, {
      aggregation: 'MONTH',
      timeZone: 'Europe/London',
      window: year,
    }).map((b) => ({ wh: wh(b.energyKwh), cost: money(b.cost) })),
  };
}

interface CostReply {
  data: { energy: { value: number }; cost: { value: number; confidence: number } }[];
}

function compare(reply: CostReply, expected: { wh: number; cost: number }[]): string {
  if (reply.data.length !== expected.length) return `${reply.data.length} items, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const got = reply.data[i];
    const want = expected[i];
    if (!got || !want || got.energy.value !== want.wh || got.cost.value !== want.cost)
      return `item ${i}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`;
  }
  return '';
}

/** The records of one PUT body: quarter-hours [first, first + count) from `origin`. */
function batchBody(locationId: string, origin: number, first: number, count: number): string {
  const records = [];
  for (let i = first; i < first + count; i++) {
    const start = origin + i * QUARTER_HOUR_MS;
    records.push({
      location_id: locationId,
      units: 'WH',
      value: whAt(i),
      start_time: isoSeconds(start),
      end_time: isoSeconds(start + QUARTER_HOUR_MS),
    });
  }
  return JSON.stringify(records);
}

/** Sends one PUT body; resolves to an error text or '' when all its records were accepted. */
async function put(account: BenchAccount, body: string, count: number): Promise<string> {
  const reply = await fetch(`${account.api.baseUrl}/meters/interval`, {
    method: 'PUT',
    headers: { authorization: account.authorization, 'content-type': 'application/json' },
    body,
  });
  const text = await reply.text();
  if (reply.status !== 200) return `HTTP ${reply.status}: ${text.slice(0, 200)}`;
  const batch = JSON.parse(text) as { records_accepted: number };
  return batch.records_accepted === count ? '' : `accepted ${batch.records_accepted} of ${count}`;
}

/** Sends `bodies` over `connections` at a time and measures what it cost everyone. */
async function measurePuts(
  ctx: BenchContext,
  server: ServerHandle,
  scratch: ScratchDatabase | undefined,
  account: BenchAccount,
  bodies: { body: string; count: number }[],
  connections: number,
  budgetMs: number,
): Promise<Omit<PutRow, 'backend' | 'label' | 'main'>> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let sent = 0;
  let records = 0;
  const minimum = Math.min(bodies.length, connections * 2);
  const before = snapshot(server.pid, scratch?.name);
  const client = process.cpuUsage();
  const t0 = performance.now();
  await inParallel(bodies.length, connections, async (i) => {
    if (sent >= minimum && performance.now() - t0 > budgetMs) return;
    sent++;
    const { body, count } = bodies[i] as { body: string; count: number };
    const s = performance.now();
    const error = await put(account, body, count);
    latencies.push(performance.now() - s);
    if (error) failures.push(error);
    else records += count;
  });
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(client);
  const cpu = cpuBetween(before, snapshot(server.pid, scratch?.name));
  const clientCores = (used.user + used.system) / 1e6 / seconds;
  ctx.log(
    `  ${sent} batches, ${int(records)} records in ${seconds.toFixed(2)} s: ${int(records / seconds)} records/s` +
      `${failures.length ? `; ${failures.length} failed: ${failures[0]}` : ''}`,
  );
  return {
    connections,
    batches: sent,
    records,
    seconds,
    recordsPerSecond: records / seconds,
    batchMs: summarize(latencies),
    cpu,
    clientCores,
    otherCores:
      cpu.machineBusy === undefined || cpu.serverCores === undefined
        ? undefined
        : cpu.machineBusy * availableParallelism() - cpu.serverCores - (cpu.postgresCores ?? 0) - clientCores,
    failures,
  };
}

async function costScenario(
  ctx: BenchContext,
  server: ServerHandle,
  scratch: ScratchDatabase | undefined,
  account: BenchAccount,
  locationId: string,
  aggregation: 'MONTH' | undefined,
  expected: Expected,
  skipWarmup: boolean,
): Promise<Omit<CostRow, 'backend'>> {
  const label = aggregation ? 'a year, aggregation MONTH' : 'a year, per record';
  const body = JSON.stringify({
    start_time: isoSeconds(YEAR_2025.start),
    end_time: isoSeconds(YEAR_2025.end),
    tariff_direction: 'IMPORT',
    ...(aggregation ? { aggregation } : {}),
  });
  const send = async (): Promise<{ ms: number; status: number; text: string }> => {
    const t0 = performance.now();
    const reply = await fetch(`${account.api.baseUrl}/costs/interval/${locationId}`, {
      method: 'POST',
      headers: { authorization: account.authorization, 'content-type': 'application/json' },
      body,
    });
    const text = await reply.text();
    return { ms: performance.now() - t0, status: reply.status, text };
  };
  // The first answer is checked against the engine's (and is the warm-up unless skipped).
  const first = await send();
  if (first.status !== 200)
    throw new Error(`POST /costs/interval answered ${first.status}: ${first.text.slice(0, 300)}`);
  const reply = JSON.parse(first.text) as CostReply;
  const mismatch = compare(reply, aggregation ? expected.months : expected.records);
  ctx.log(
    `  ${label}: first request ${ms(Math.round(first.ms))} ms, ${int(reply.data.length)} items, ` +
      `${int(Buffer.byteLength(first.text))} bytes${mismatch ? `; MISMATCH ${mismatch}` : ''}`,
  );
  const latencies: number[] = skipWarmup ? [first.ms] : [];
  const before = snapshot(server.pid, scratch?.name);
  const client = process.cpuUsage();
  const t0 = performance.now();
  // Stop at MAX, or once MIN are done and the next request (as long as the last) would end past the budget.
  while (
    latencies.length < COST_MAX_REQUESTS &&
    (latencies.length < COST_MIN_REQUESTS ||
      performance.now() - t0 + (latencies.at(-1) ?? 0) <= COST_BUDGET_MS)
  ) {
    const answer = await send();
    if (answer.status !== 200)
      throw new Error(`POST /costs/interval answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    latencies.push(answer.ms);
  }
  const seconds = (performance.now() - t0) / 1000;
  const measured = latencies.length - (skipWarmup ? 1 : 0);
  const cpu = cpuBetween(before, snapshot(server.pid, scratch?.name));
  const used = process.cpuUsage(client);
  const clientCores = (used.user + used.system) / 1e6 / seconds;
  const perRequest = (cores: number | undefined) =>
    cores === undefined || measured === 0 ? undefined : (cores * seconds * 1000) / measured;
  const summary = summarize(latencies);
  ctx.log(
    `  ${label}: ${summary.runs} requests, median ${ms(Math.round(summary.median))} ms, p95 ${ms(Math.round(summary.p95))} ms`,
  );
  return {
    label,
    aggregation,
    warmupMs: skipWarmup ? null : first.ms,
    summary,
    bytes: Buffer.byteLength(first.text),
    items: reply.data.length,
    serverMsPerRequest: perRequest(cpu.serverCores),
    postgresMsPerRequest: perRequest(cpu.postgresCores),
    clientMsPerRequest: perRequest(clientCores) ?? 0,
    otherCores:
      cpu.machineBusy === undefined || cpu.serverCores === undefined
        ? undefined
        : cpu.machineBusy * availableParallelism() - cpu.serverCores - (cpu.postgresCores ?? 0) - clientCores,
    matches: mismatch === '',
    mismatch,
  };
}

async function benchBackend(
  ctx: BenchContext,
  backend: Backend,
  expected: Expected,
): Promise<{ costs: CostRow[]; puts: PutRow[]; notes: string[] }> {
  const name = BACKEND_NAMES[backend];
  return withBackend(ctx, backend, async (server, note, scratch) => {
    ctx.log(`${name}: server pid ${server.pid} at ${server.baseUrl} (${server.nodeArgs.join(' ')})`);
    const account = await createBenchAccount(server.baseUrl, server.adminToken);
    const newLocation = async () =>
      (
        await account.api.request<{ id: string }>('POST', '/locations', {
          postal_address: { city: 'London', country_code: 'GB' },
        })
      ).id;
    const location = await newLocation();
    await account.api.request('POST', '/tariffs', complexTouTariffBody(location));

    // A year of records for the cost requests: also the first ingest measurement (empty table).
    ctx.log(
      `${name}: loading ${int(RECORDS_2025)} records of 2025 in ${Math.ceil(RECORDS_2025 / BATCH)} batches`,
    );
    const loadBodies: { body: string; count: number }[] = [];
    for (let first = 0; first < RECORDS_2025; first += BATCH) {
      const count = Math.min(BATCH, RECORDS_2025 - first);
      loadBodies.push({ body: batchBody(location, YEAR_2025.start, first, count), count });
    }
    const load = await measurePuts(ctx, server, scratch, account, loadBodies, 1, Infinity);
    const puts: PutRow[] = [
      {
        backend: name,
        label: `load for costs: 2025 (last batch ${int(RECORDS_2025 % BATCH)})`,
        ...load,
        main: false,
      },
    ];
    if (load.failures.length) throw new Error(`loading the year failed: ${load.failures[0]}`);
    if (scratch && ctx.options.analyze) await scratch.analyze();

    const costs: CostRow[] = [];
    let slow = false;
    for (const aggregation of [undefined, 'MONTH'] as const) {
      const row = await costScenario(ctx, server, scratch, account, location, aggregation, expected, slow);
      if ((row.warmupMs ?? 0) > SLOW_REQUEST_MS || row.summary.median > SLOW_REQUEST_MS) slow = true;
      costs.push({ backend: name, ...row });
    }

    // Ingest throughput: every scenario writes to its own locations (one per connection), so
    // new records are new intervals; the overwrite run re-sends the first batch of the first run.
    let firstBody: { body: string; count: number } | undefined;
    for (const s of PUT_SCENARIOS) {
      ctx.log(
        `${name}: PUT /meters/interval, ${s.label}, ${s.connections} connection(s), up to ${s.batches} batches`,
      );
      let bodies: { body: string; count: number }[];
      if (s.overwrite) {
        if (!firstBody) throw new Error('the overwrite run needs a stored batch');
        bodies = Array.from({ length: s.batches }, () => firstBody as { body: string; count: number });
      } else {
        const locations: string[] = [];
        for (let c = 0; c < s.connections; c++) locations.push(await newLocation());
        bodies = Array.from({ length: s.batches }, (_, j) => ({
          body: batchBody(
            locations[j % s.connections] as string,
            YEAR_2025.end,
            Math.floor(j / s.connections) * BATCH,
            BATCH,
          ),
          count: BATCH,
        }));
        firstBody ??= bodies[0];
      }
      const result = await measurePuts(ctx, server, scratch, account, bodies, s.connections, PUT_BUDGET_MS);
      puts.push({ backend: name, label: s.label, ...result, main: true });
    }
    const analyzed = scratch
      ? ctx.options.analyze
        ? '; `ANALYZE` after loading the year'
        : '; no `ANALYZE`'
      : '';
    return { costs, puts, notes: [`${name}: ${note}${analyzed}.`] };
  });
}

const fmtMs = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? 'n/a' : value >= 100 ? int(value) : value.toFixed(1);
const fmtCores = (value: number | undefined): string =>
  value === undefined ? 'n/a' : Math.max(0, value).toFixed(2);
const perRecord = (cores: number | undefined, r: PutRow): string =>
  cores === undefined || r.recordsPerSecond <= 0
    ? 'n/a'
    : ((Math.max(0, cores) * 1e6) / r.recordsPerSecond).toFixed(1);

function costTable(rows: CostRow[]): string {
  return table(
    [
      'Store',
      'Request',
      'requests',
      'median ms',
      'p95 ms',
      'min ms',
      'max ms',
      'warm-up ms',
      'items',
      'response bytes',
      'server CPU ms/req',
      'PG CPU ms/req',
      'other CPU',
    ],
    rows.map((r) => [
      r.backend,
      (r.otherCores ?? 0) > 0.25 ? `${r.label} *` : r.label,
      int(r.summary.runs),
      fmtMs(r.summary.median),
      fmtMs(r.summary.p95),
      fmtMs(r.summary.min),
      fmtMs(r.summary.max),
      r.warmupMs === null ? 'counted' : fmtMs(r.warmupMs),
      int(r.items),
      int(r.bytes),
      fmtMs(r.serverMsPerRequest),
      r.backend === BACKEND_NAMES.postgres ? fmtMs(r.postgresMsPerRequest) : '–',
      fmtCores(r.otherCores),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

function putTable(rows: PutRow[]): string {
  return table(
    [
      'Store',
      'Records',
      'connections',
      'batches',
      'records',
      'seconds',
      'records/s',
      'batch p50 ms',
      'batch p95 ms',
      'server CPU',
      'server µs/record',
      'PG CPU',
      'PG µs/record',
      'client CPU',
      'other CPU',
    ],
    rows.map((r) => [
      r.backend,
      (r.otherCores ?? 0) > 0.25 ? `${r.label} *` : r.label,
      int(r.connections),
      int(r.batches),
      int(r.records),
      r.seconds.toFixed(2),
      int(r.recordsPerSecond),
      fmtMs(r.batchMs.median),
      fmtMs(r.batchMs.p95),
      fmtCores(r.cpu.serverCores),
      perRecord(r.cpu.serverCores, r),
      r.backend === BACKEND_NAMES.postgres ? fmtCores(r.cpu.postgresCores) : '–',
      r.backend === BACKEND_NAMES.postgres ? perRecord(r.cpu.postgresCores, r) : '–',
      fmtCores(r.clientCores),
      fmtCores(r.otherCores),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

function checksFor(costs: CostRow[], puts: PutRow[]): Check[] {
  const checks: Check[] = costs.map((r) => ({
    name: `${r.backend}: POST /costs/interval (${r.label}, ${int(r.items)} items) ≤ ${COST_TARGET_MS} ms per request (median of ${r.summary.runs} sequential)`,
    actual: `median ${fmtMs(r.summary.median)} ms, p95 ${fmtMs(r.summary.p95)} ms; server CPU ${fmtMs(r.serverMsPerRequest)} ms per request`,
    pass: r.summary.median <= COST_TARGET_MS,
  }));
  const wrong = costs.filter((r) => !r.matches);
  checks.push({
    name: 'POST /costs/interval answers equal the engine’s (per record and per month, Wh and cost as the API rounds them)',
    actual:
      wrong.length === 0 ? 'yes' : wrong.map((r) => `${r.backend} ${r.label}: ${r.mismatch}`).join('; '),
    pass: wrong.length === 0,
  });
  const pg = puts.filter((r) => r.backend === BACKEND_NAMES.postgres && r.main);
  const one = pg.find((r) => !r.label.startsWith('overwrite') && r.connections === 1);
  const concurrent = pg
    .filter((r) => !r.label.startsWith('overwrite') && r.connections > 1)
    .sort((a, b) => b.recordsPerSecond - a.recordsPerSecond)[0];
  const overwrite = pg.find((r) => r.label.startsWith('overwrite'));
  const target = int(PUT_TARGET_RECORDS_PER_S);
  const putCheck = (what: string, r: PutRow | undefined) =>
    r && {
      name: `PostgreSQL: PUT /meters/interval, ${what} ≥ ${target} records/s`,
      actual: `${int(r.recordsPerSecond)} records/s (${r.batches} batches of ${int(BATCH)}, batch p50 ${fmtMs(r.batchMs.median)} ms)`,
      pass: r.recordsPerSecond >= PUT_TARGET_RECORDS_PER_S,
    };
  for (const check of [
    putCheck('new records, 1 connection', one),
    putCheck(
      `new records, ${concurrent?.connections ?? '2–4'} connections (best of the concurrent runs)`,
      concurrent,
    ),
    putCheck('overwrite (a stored batch again), 1 connection', overwrite),
  ]) {
    if (check) checks.push(check);
  }
  const failed = puts.filter((r) => r.failures.length > 0);
  checks.push({
    name: 'PUT /meters/interval: every batch answered 200 with all 10,000 records accepted',
    actual:
      failed.length === 0
        ? 'yes'
        : failed.map((r) => `${r.backend} ${r.label} ×${r.connections}: ${r.failures[0] ?? ''}`).join('; '),
    pass: failed.length === 0,
  });
  return checks;
}

export const httpCosts: BenchModule = {
  name: 'http-costs',
  summary: 'POST /costs/interval over a year of 15-minute records, and PUT /meters/interval throughput',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const expected = expectedAnswer();
    const costs: CostRow[] = [];
    const puts: PutRow[] = [];
    const notes: string[] = [];
    const { skipped, checks: skipChecks } = await runBackends(ctx, ctx.options.backends, async (backend) => {
      const result = await benchBackend(ctx, backend, expected);
      costs.push(...result.costs);
      puts.push(...result.puts);
      notes.push(...result.notes);
    });
    const checks = [...checksFor(costs, puts), ...skipChecks];
    const disturbed = [...costs, ...puts].some((r) => (r.otherCores ?? 0) > 0.25);
    const markdown = [
      '### HTTP: POST /costs/interval over a year, and PUT /meters/interval throughput',
      '',
      `Server: \`${npmStartLine()}\` as in the other HTTP modules, on a fresh store. ` +
        'A London location (Europe/London, GBP) with the engine’s complex ToU + tier tariff (example-tariffs.ts as a ' +
        '`POST /tariffs` body, IMPORT commodity, contract 2024-01-01 → 2030-01-01) gets one record per quarter-hour of ' +
        `2025 (${int(RECORDS_2025)}, \`{location_id, units: "WH", value: 50–449, start_time, end_time}\`, ` +
        `${Math.ceil(RECORDS_2025 / BATCH)} \`PUT /meters/interval\` batches). Then \`POST /costs/interval/{location_id}\` with ` +
        '`{start_time: 2025-01-01T00:00:00Z, end_time: 2026-01-01T00:00:00Z, tariff_direction: "IMPORT"}`, without and ' +
        'with `aggregation: "MONTH"`: one warm-up request (skipped when an earlier request took over ' +
        `${SLOW_REQUEST_MS / 1000} s; then the first request is counted), then sequential requests over one keep-alive ` +
        `connection, up to ${COST_MAX_REQUESTS}; once ${COST_MIN_REQUESTS} are done, none that would end (at the last one’s latency) past ${COST_BUDGET_MS / 1000} s. ` +
        'Latency is measured by the bench process from sending to the last byte of the body. The first answer of each ' +
        'is compared item by item with the engine’s answer computed in the bench process. CPU columns: server and ' +
        'PostgreSQL CPU per request over the measured requests; "other" is cores used by everything else on the machine.',
      '',
      costTable(costs),
      '',
      `Ingest: \`PUT /meters/interval\` with ${int(BATCH)}-record bodies (about 1.4 MB of JSON each, serialised before ` +
        'timing), sent by the bench process with `fetch` over 1, 2 or 4 concurrent connections. "New records" runs write ' +
        'intervals from 2026-01-01 on, each run to its own locations (one per connection), so no record overwrites ' +
        'another; the overwrite run sends the first batch of the 1-connection run again and again (every record ' +
        'replaces a stored one). records/s = records accepted ÷ wall time from the first request to the last answer; ' +
        `a run stops sending after ${PUT_BUDGET_MS / 1000} s once each connection has sent two batches. CPU columns are ` +
        'in cores during the run and in CPU µs per record; "client" is the bench process; on PostgreSQL "other" also ' +
        'holds the WAL writer and checkpointer, which are not backends of the scratch database. The first row is the load of ' +
        'the year for the cost requests (into an empty table), for comparison.',
      '',
      putTable(puts),
      '',
      ...[...notes, ...skipped].map((n) => `- ${n}`),
      ...(disturbed
        ? [
            '- \\* other work on the machine used more than 0.25 cores during this measurement: its latencies and rates are pessimistic; the CPU per request or per record is the steadier figure.',
          ]
        : []),
      '',
      ...checkLines(checks),
    ].join('\n');
    return { markdown, checks };
  },
};
