import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
import { complexTouSchedule } from './lib/tariff-wire.ts';
import type { Backend, BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/**
 * HTTP benchmark of the prices API: `POST /prices/{location_id}` for a 7-day window, on PGlite
 * and on PostgreSQL. The location and its tariff are created through the public API. With the
 * market-data code present, the tariff is a test-mode market tariff in the Netherlands, whose
 * simulated EPEX market is quarter-hourly: 672 intervals per response. Otherwise (or with
 * `--prices-tariff tou`) it is the engine's complex time-of-use tariff, sent as a wire body.
 */

const PG_TARGET_RPS = 2000;
const QUARTER_HOUR_MS = 900_000;
const WINDOW_MS = 7 * 86_400_000;

export type PricesTariff = 'auto' | 'market' | 'tou';

interface PriceReply {
  data: { valid_from: string; valid_to: string; price: { value: number; confidence: number } }[];
  next_update: string;
  location_timezone: string;
  currency_code: string;
}

interface Scenario {
  label: string;
  /** What was set up and why, for the notes. */
  note: string;
  locationId: string;
  body: string;
  intervals: number;
  responseBytes: number;
}

interface Row {
  backend: string;
  scenario: Scenario;
  result: Measurement;
  /** The case the target is about (the other row is a comparison). */
  main: boolean;
}

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** The last whole quarter-hour and 7 days before it: a window of published test-mode prices. */
function lastSevenDays(): { start: number; end: number } {
  const end = Math.floor(Date.now() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  return { start: end - WINDOW_MS, end };
}

async function probe(
  account: BenchAccount,
  locationId: string,
  body: object,
): Promise<{ status: number; reply: PriceReply | undefined; bytes: number; text: string }> {
  const response = await fetch(`${account.api.baseUrl}/prices/${locationId}`, {
    method: 'POST',
    headers: { authorization: account.authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    reply: response.ok ? (JSON.parse(text) as PriceReply) : undefined,
    bytes: Buffer.byteLength(text),
    text,
  };
}

const confidences = (reply: PriceReply) =>
  [...new Set(reply.data.map((d) => d.price.confidence))].sort().join(', ');

/** A test-mode market tariff in Amsterdam; undefined (with the reason) when /prices cannot price it. */
async function marketScenario(
  ctx: BenchContext,
  account: BenchAccount,
): Promise<Scenario | { failed: string }> {
  if (!existsSync(join(ctx.root, 'src/core/market-data/market-prices.ts')))
    return { failed: 'src/core/market-data/market-prices.ts does not exist' };
  const location = await account.api.request<{ id: string }>('POST', '/locations', {
    postal_address: { city: 'Amsterdam', country_code: 'NL' },
  });
  const tariff = await account.api.request<{ market_rate_source_id?: string }>('POST', '/tariffs', {
    location_id: location.id,
    direction: 'IMPORT',
    type: 'COMMODITY',
    market_rates: true,
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
    schedule: [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [
              {
                valid_from: '00:00:00',
                valid_to: '00:00:00',
                rate: [{ surcharge_fixed: 0.02123, surcharge_percentage: 0.05 }],
              },
            ],
          },
        ],
      },
    ],
  });
  const window = lastSevenDays();
  const body = { start_time: iso(window.start), end_time: iso(window.end), tariff_direction: 'IMPORT' };
  const answer = await probe(account, location.id, body);
  if (answer.status !== 200 || !answer.reply)
    return { failed: `POST /prices answered ${answer.status}: ${answer.text.slice(0, 300)}` };
  const { reply } = answer;
  if (reply.data.length < 600)
    return { failed: `only ${reply.data.length} intervals for 7 days: the market is not quarter-hourly` };
  return {
    label: `market, 7 d × 15 min`,
    note:
      `test-mode market tariff (\`market_rates: true\`, surcharge 0.02123/kWh then +5 %) at a location in ` +
      `Amsterdam (NL, ${reply.location_timezone}, ${reply.currency_code}; market source ` +
      `${tariff.market_rate_source_id ?? '?'}, simulated quarter-hourly EPEX prices); window ` +
      `[${body.start_time}, ${body.end_time}) = the last 7 days before setup; ${int(reply.data.length)} intervals ` +
      `per response (confidence ${confidences(reply)}; next_update ${reply.next_update}), ${int(answer.bytes)} bytes of JSON`,
    locationId: location.id,
    body: JSON.stringify(body),
    intervals: reply.data.length,
    responseBytes: answer.bytes,
  };
}

/** The complex ToU tariff at a location in London. */
async function touScenario(account: BenchAccount, why: string): Promise<Scenario> {
  const location = await account.api.request<{ id: string }>('POST', '/locations', {
    postal_address: { city: 'London', country_code: 'GB' },
  });
  await account.api.request('POST', '/tariffs', {
    location_id: location.id,
    direction: 'IMPORT',
    type: 'COMMODITY',
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
    schedule: complexTouSchedule(),
  });
  const window = lastSevenDays();
  const body = { start_time: iso(window.start), end_time: iso(window.end), tariff_direction: 'IMPORT' };
  const answer = await probe(account, location.id, body);
  if (answer.status !== 200 || !answer.reply)
    throw new Error(`POST /prices (ToU) answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return {
    label: 'complex ToU, 7 d',
    note:
      `the engine's complex ToU tariff (example-tariffs.ts) as a wire body at a location in London ` +
      `(${answer.reply.location_timezone}); ${why}; window [${body.start_time}, ${body.end_time}); ` +
      `/prices merges equal neighbours ([interval-merging](decisions.md#interval-merging)), so ${int(answer.reply.data.length)} intervals per response, ` +
      `not 672; ${int(answer.bytes)} bytes of JSON`,
    locationId: location.id,
    body: JSON.stringify(body),
    intervals: answer.reply.data.length,
    responseBytes: answer.bytes,
  };
}

async function benchBackend(
  ctx: BenchContext,
  backend: Backend,
): Promise<{ rows: Row[]; notes: string[]; fellBack: string | undefined }> {
  const name = BACKEND_NAMES[backend];
  return withBackend(ctx, backend, async (server, note, scratch) => {
    const { options } = ctx;
    ctx.log(`${name}: server pid ${server.pid} at ${server.baseUrl}`);
    const account = await createBenchAccount(server.baseUrl, server.adminToken);
    const wanted = options.pricesTariff;
    let scenario: Scenario;
    let fellBack: string | undefined;
    if (wanted === 'tou') {
      scenario = await touScenario(account, 'chosen with --prices-tariff tou');
    } else {
      const market = await marketScenario(ctx, account);
      if ('failed' in market) {
        if (wanted === 'market') throw new Error(`the market tariff cannot be priced: ${market.failed}`);
        fellBack = market.failed;
        ctx.log(`${name}: market tariff unusable (${market.failed}); using the complex ToU tariff`);
        scenario = await touScenario(account, `used because the market tariff failed: ${market.failed}`);
      } else scenario = market;
    }
    const scenarios: { scenario: Scenario; main: boolean }[] = [{ scenario, main: true }];
    // With the market tariff as the case, the same request priced from a schedule alone shows
    // what the market prices and the 672-interval answer cost.
    if (wanted === 'auto' && !fellBack) {
      const tou = await touScenario(account, 'for comparison: the same request priced from a schedule alone');
      scenarios.push({ scenario: tou, main: false });
    }
    if (scratch && options.analyze) await scratch.analyze();

    const rows: Row[] = [];
    for (const { scenario: s, main } of scenarios) {
      ctx.log(`${name}: ${s.label}: ${s.intervals} intervals, ${int(s.responseBytes)} bytes per response`);
      const spec: LoadSpec = {
        url: `${server.baseUrl}/prices/${s.locationId}`,
        method: 'POST',
        body: s.body,
        headers: { authorization: account.authorization, 'content-type': 'application/json' },
        connections: options.connections,
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
      };
      const result = await runLoad(ctx.root, spec, {
        serverPid: server.pid,
        postgresDatabase: scratch?.name,
      });
      ctx.log(
        `${name}: ${s.label}: ${int(result.requestsPerSecond)} req/s, p50 ${ms(result.latency.p50)} ms, ` +
          `p99 ${ms(result.latency.p99)} ms${result.non2xx || result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
      );
      rows.push({ backend: name, scenario: s, result, main });
    }
    const analyzed = scratch ? (options.analyze ? '; `ANALYZE` run after setup' : '; no `ANALYZE`') : '';
    return {
      rows,
      notes: [
        `${name}: ${note}${analyzed}.`,
        ...scenarios.map(
          ({ scenario: s, main }) => `${name}, ${main ? 'tariff' : 'comparison row'}: ${s.note}.`,
        ),
      ],
      fellBack,
    };
  });
}

function resultsTable(rows: Row[]): string {
  return loadTable(
    rows.map(({ backend, scenario, result }) => ({ backend, request: scenario.label, result })),
    { request: true, bytes: true, loadPerRequest: true },
  );
}

function checksFor(rows: Row[], connections: number): Check[] {
  const checks: Check[] = [];
  const pg = rows.find((r) => r.backend === BACKEND_NAMES.postgres && r.main);
  if (pg) {
    checks.push({
      name: `PostgreSQL: POST /prices (${pg.scenario.label}) ≥ ${int(PG_TARGET_RPS)} req/s at ${connections} connections`,
      actual: `${int(pg.result.requestsPerSecond)} req/s, p50 ${ms(pg.result.latency.p50)} ms, p99 ${ms(pg.result.latency.p99)} ms`,
      pass: pg.result.requestsPerSecond >= PG_TARGET_RPS,
    });
  }
  checks.push(allResponses2xxCheck('POST /prices', rows, (r) => `${r.backend} ${r.scenario.label}`));
  return checks;
}

export const httpPrices: BenchModule = {
  name: 'http-prices',
  summary: 'POST /prices/{id}, 7 days at 15 min (test-mode market tariff) on PGlite and PostgreSQL',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const fallbacks: string[] = [];
    const { skipped, checks: skipChecks } = await runBackends(ctx, ctx.options.backends, async (backend) => {
      const result = await benchBackend(ctx, backend);
      rows.push(...result.rows);
      notes.push(...result.notes);
      if (result.fellBack) fallbacks.push(`${BACKEND_NAMES[backend]}: ${result.fellBack}`);
    });
    const { options } = ctx;
    const checks = [...checksFor(rows, options.connections), ...skipChecks];
    const markdown = [
      '### HTTP: POST /prices, 7 days',
      '',
      `\`POST /prices/{location_id}\` with \`{start_time, end_time, tariff_direction: "IMPORT"}\` and a bearer token ` +
        `(test key), ${options.connections} connections, ${options.durationSeconds} s measured after ` +
        `${options.warmupSeconds} s warm-up, load generator autocannon ${autocannonVersion(ctx.root)} in its own ` +
        'process on the same machine; server as in the `http` module. The location and tariff were created ' +
        'through the API on a fresh store. CPU columns are in cores during the measured seconds; µs/req is CPU ' +
        'time per request; MB/s is response bytes.',
      '',
      resultsTable(rows),
      '',
      ...noteLines(
        [
          ...notes,
          ...skipped,
          ...(fallbacks.length
            ? [
                `**The market tariff could not be used**, so the complex ToU tariff was: ${fallbacks.join('; ')}.`,
              ]
            : []),
        ],
        rows,
      ),
      '',
      ...checkLines(checks),
    ].join('\n');
    return { markdown, checks };
  },
};
