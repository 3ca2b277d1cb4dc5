import { problemsOf } from './check.ts';
import { generateCases, type FuzzCase } from './generate.ts';
import { readApiDescription, type ApiDescription } from './openapi.ts';
import { KeepAliveClient, type Exchange } from './raw-http.ts';
import { seed } from './seeds.ts';
import { startFuzzServer, type FuzzServer } from './server.ts';

/**
 * A fuzzing run: start the server on a socket, read its /openapi.json, seed, generate, then
 * send every case over a few keep-alive connections and check every answer.
 */
export interface FuzzOptions {
  requests: number;
  seed: number;
  /** Connections sending at once. */
  concurrency?: number;
  /** How long an answer may take before the request counts as hung. */
  timeoutMs?: number;
  /** Called after every answer with the number answered so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface Outcome {
  fuzzCase: FuzzCase;
  exchange: Exchange;
  pastAuthentication: boolean;
  problems: string[];
}

export interface Tally {
  sent: number;
  pastAuthentication: number;
  statuses: Map<string, number>;
}

export interface FuzzReport {
  store: string;
  requests: number;
  seed: number;
  seconds: number;
  byOperation: Map<string, Tally>;
  byClass: Map<string, Tally>;
  failures: Outcome[];
  /** The slowest answers, slowest first: where a request costs the server most. */
  slowest: Outcome[];
}

/** Error codes that mean the request stopped at authentication. */
/** Operations left out of fuzzing: they change what the other requests rely on. */
const WORLD_CHANGING = new Set(['test_clock_advance', 'test_mode_reset']);

const AUTHENTICATION_CODES = new Set(['access_denied', 'account_disabled']);

function statusOf(exchange: Exchange): string {
  return exchange.kind === 'response' ? String(exchange.response.status) : exchange.kind;
}

function passedAuthentication(server: FuzzServer, exchange: Exchange): boolean {
  if (exchange.kind !== 'response') return false;
  const id = exchange.response.headers.get('x-request-id');
  if (id === undefined || !server.pastAuthentication.has(id)) return false;
  try {
    const code = (JSON.parse(exchange.response.body.toString('utf8')) as { code?: unknown }).code;
    return !(typeof code === 'string' && AUTHENTICATION_CODES.has(code));
  } catch {
    return true;
  }
}

function count(tallies: Map<string, Tally>, key: string, outcome: Outcome): void {
  const tally = tallies.get(key) ?? { sent: 0, pastAuthentication: 0, statuses: new Map() };
  tally.sent += 1;
  if (outcome.pastAuthentication) tally.pastAuthentication += 1;
  const status = statusOf(outcome.exchange);
  tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
  tallies.set(key, tally);
}

const CLOSED_WITHOUT_NOTICE =
  'the server closed the connection after this response without Connection: close';

async function sendAll(
  server: FuzzServer,
  api: ApiDescription,
  cases: FuzzCase[],
  options: FuzzOptions,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const timeoutMs = options.timeoutMs ?? 30_000;
  let next = 0;
  async function worker(): Promise<void> {
    const client = new KeepAliveClient(server.port);
    let previous: Outcome | undefined;
    for (let i = next++; i < cases.length; i = next++) {
      const fuzzCase = cases[i] as FuzzCase;
      let exchange = await client.send(fuzzCase.request, timeoutMs);
      if (exchange.kind === 'reset' && exchange.reused) {
        // The previous response left the connection to die silently; a client's next request fails.
        previous?.problems.push(CLOSED_WITHOUT_NOTICE);
        exchange = await client.send(fuzzCase.request, timeoutMs);
      }
      const outcome: Outcome = {
        fuzzCase,
        exchange,
        pastAuthentication: passedAuthentication(server, exchange),
        problems: problemsOf(api, fuzzCase.request, exchange),
      };
      outcomes.push(outcome);
      options.onProgress?.(outcomes.length, cases.length);
      previous = exchange.kind === 'response' ? outcome : undefined;
    }
    // The last response of the connection gets the same check.
    const probe = await client.send({ method: 'GET', target: '/health', headers: [] }, timeoutMs);
    if (probe.kind === 'reset' && probe.reused) previous?.problems.push(CLOSED_WITHOUT_NOTICE);
    client.close();
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return outcomes.sort((a, b) => a.fuzzCase.index - b.fuzzCase.index);
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const server = await startFuzzServer();
  try {
    const started = performance.now();
    const client = new KeepAliveClient(server.port);
    const document = await client.send({ method: 'GET', target: '/openapi.json', headers: [] }, 30_000);
    client.close();
    if (document.kind !== 'response') throw new Error(`GET /openapi.json: ${document.kind}`);
    const described = readApiDescription(
      JSON.parse(document.response.body.toString('utf8')) as Record<string, unknown>,
    );
    // Moving the test clock expires the fuzzer's bearer tokens and the reset deletes its seeded
    // objects: both change the world every other request relies on, so they are not fuzzed
    // (src/http/test-helpers/test-clocks.test.ts sends them bad input).
    const api = { ...described, operations: described.operations.filter((op) => !WORLD_CHANGING.has(op.id)) };
    const seeds = await seed(api, {
      port: server.port,
      adminToken: server.harness.adminToken,
      setClockOffset: (ms) => {
        server.harness.clockOffset = ms;
      },
    });
    const cases = generateCases(api, seeds, options.requests, options.seed);
    const outcomes = await sendAll(server, api, cases, options);

    const byOperation = new Map<string, Tally>();
    const byClass = new Map<string, Tally>();
    for (const op of api.operations)
      byOperation.set(op.id, { sent: 0, pastAuthentication: 0, statuses: new Map() });
    for (const outcome of outcomes) {
      count(byOperation, outcome.fuzzCase.op.id, outcome);
      count(byClass, outcome.fuzzCase.cls, outcome);
    }
    const failures = outcomes.filter((o) => o.problems.length > 0);
    // The server must still be up and answering.
    const after = new KeepAliveClient(server.port);
    const health = await after.send({ method: 'GET', target: '/health', headers: [] }, 30_000);
    after.close();
    if (health.kind !== 'response' || health.response.status !== 200) {
      const last = outcomes.at(-1);
      if (last) last.problems.push(`the server is down after the run: /health ${statusOf(health)}`);
      if (last && !failures.includes(last)) failures.push(last);
    }
    return {
      store: server.harness.database.kind,
      requests: outcomes.length,
      seed: options.seed,
      seconds: (performance.now() - started) / 1000,
      byOperation,
      byClass,
      failures,
      slowest: [...outcomes].sort((a, b) => b.exchange.ms - a.exchange.ms).slice(0, 5),
    };
  } finally {
    await server.close();
  }
}
