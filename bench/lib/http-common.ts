import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Backend, BenchContext, Check } from '../types.ts';
import { int, ms, table } from './format.ts';
import type { Measurement } from './load-runner.ts';
import { createScratchDatabase, type ScratchDatabase } from './postgres.ts';
import { startServer, type ServerHandle } from './server.ts';

/** What the HTTP modules share: a server on a fresh store, and how CPU use is reported. */

export const BACKEND_NAMES: Record<Backend, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/**
 * Starts a server on a fresh store (a PGlite data directory, or a scratch PostgreSQL database),
 * runs `run` against it, and removes the server and the store afterwards. `note` describes the store;
 * `env` adds to (or overrides) the server's environment, e.g. `LOG_LEVEL`.
 */
export async function withBackend<T>(
  ctx: BenchContext,
  backend: Backend,
  run: (server: ServerHandle, note: string, scratch: ScratchDatabase | undefined) => Promise<T>,
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<T> {
  let scratch: ScratchDatabase | undefined;
  let note: string;
  if (backend === 'postgres') {
    scratch = await createScratchDatabase(ctx.options.postgresUrl);
    const workers = ctx.options.workers;
    note =
      `PostgreSQL ${scratch.serverVersion} at ${new URL(ctx.options.postgresUrl).host} ` +
      `(the server's own settings, autovacuum ${scratch.autovacuum}; Offpeak's pool of 10 connections` +
      `${workers > 1 ? ` per server process; ${workers} server processes (OFFPEAK_WORKERS), server CPU summed over them` : ''})`;
  } else {
    note = `PGlite ${packageVersion(ctx.root, '@electric-sql/pglite')}, fresh data directory on disk (in the server process)`;
  }
  try {
    const workers = backend === 'postgres' && ctx.options.workers > 1 ? ctx.options.workers : 1;
    const server = await startServer({
      root: ctx.root,
      databaseUrl: scratch?.url,
      nodeArgs,
      env: { OFFPEAK_WORKERS: String(workers), ...env },
    });
    try {
      return await run(server, note, scratch);
    } finally {
      await server.stop();
    }
  } finally {
    await scratch?.drop();
  }
}

export function packageVersion(root: string, name: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
}

export const autocannonVersion = (root: string): string => packageVersion(root, 'autocannon');

/** A PostgreSQL server that is not there (or refuses us): that store is skipped, not failed. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', '28P01', '28000'].includes(code)
  );
}

/**
 * Runs `run` for each of `backends` in turn. A PostgreSQL server that is not there
 * (isConnectionError) skips that store: the reason is logged and returned in `skipped` (a note
 * for the section), and `checks` holds one failed "PostgreSQL targets" check. Anything else is a
 * broken bench and is thrown.
 */
export async function runBackends(
  ctx: BenchContext,
  backends: readonly Backend[],
  run: (backend: Backend, index: number) => Promise<void>,
): Promise<{ skipped: string[]; checks: Check[] }> {
  const skipped: string[] = [];
  for (const [index, backend] of backends.entries()) {
    try {
      await run(backend, index);
    } catch (error) {
      if (backend !== 'postgres' || !isConnectionError(error)) throw error;
      const reason = `PostgreSQL skipped, no server at ${new URL(ctx.options.postgresUrl).host}: ${(error as Error).message}`;
      ctx.log(reason);
      skipped.push(reason);
    }
  }
  const checks: Check[] = skipped.length
    ? [{ name: 'PostgreSQL targets', actual: 'not run (no PostgreSQL server)', pass: false }]
    : [];
  return { skipped, checks };
}

/**
 * The check that no load run saw a non-2xx answer or a connection error. `subject` prefixes the
 * name ("POST /prices: every response 2xx, …"); `label` names a failed row in the result.
 */
export function allResponses2xxCheck<R extends { result: Measurement }>(
  subject: string | undefined,
  rows: readonly R[],
  label: (row: R) => string,
): Check {
  const failed = rows.filter((r) => r.result.non2xx > 0 || r.result.errors > 0);
  return {
    name: `${subject ? `${subject}: ` : ''}every response 2xx, no connection errors`,
    actual: failed.length === 0 ? 'yes' : failed.map(label).join(', '),
    pass: failed.length === 0,
  };
}

export const cores = (value: number | undefined): string =>
  value === undefined ? 'n/a' : Math.max(0, value).toFixed(2);

/** CPU the machine spent on anything but the server, PostgreSQL and the load generator. */
export function otherCores(r: Measurement): number | undefined {
  if (r.cpu.machineBusy === undefined || r.cpu.serverCores === undefined) return undefined;
  return (
    r.cpu.machineBusy * availableParallelism() - r.cpu.serverCores - (r.cpu.postgresCores ?? 0) - r.loadCores
  );
}

/** Other work used more than a quarter of a core while this scenario was measured. */
export const disturbed = (r: Measurement): boolean => (otherCores(r) ?? 0) > 0.25;

/** CPU time per request in microseconds: less sensitive to a busy machine than req/s. */
export function perRequest(used: number | undefined, r: Measurement): string {
  return used === undefined || r.requestsPerSecond <= 0
    ? 'n/a'
    : int((Math.max(0, used) * 1e6) / r.requestsPerSecond);
}

export const DISTURBED_NOTE =
  '- \\* other work on the machine used more than 0.25 cores during this measurement: its req/s and latencies are pessimistic.';

/** One row of a load-results table: the store, what was requested (if the table names it) and
 * the measurement. */
export interface LoadRow {
  backend: string;
  request?: string;
  result: Measurement;
}

/**
 * The table every HTTP module writes: throughput, latency, errors and where the CPU went (server,
 * PostgreSQL, load generator, other work), per core and per request. A row disturbed by other
 * work is marked `*` (see DISTURBED_NOTE). `bytes` adds MB/s; `loadPerRequest` the load
 * generator's µs per request.
 */
export function loadTable(
  rows: readonly LoadRow[],
  columns: { request?: boolean; bytes?: boolean; loadPerRequest?: boolean } = {},
): string {
  const pg = (backend: string) => backend === BACKEND_NAMES.postgres;
  const spec: [string, 'l' | 'r', (row: LoadRow) => string, boolean][] = [
    ['Store', 'l', (x) => (!columns.request && disturbed(x.result) ? `${x.backend} *` : x.backend), true],
    [
      'Request',
      'l',
      (x) => (disturbed(x.result) ? `${x.request ?? ''} *` : (x.request ?? '')),
      columns.request === true,
    ],
    ['req/s', 'r', (x) => int(x.result.requestsPerSecond), true],
    ['p50 ms', 'r', (x) => ms(x.result.latency.p50), true],
    ['p97.5 ms', 'r', (x) => ms(x.result.latency.p97_5), true],
    ['p99 ms', 'r', (x) => ms(x.result.latency.p99), true],
    ['max ms', 'r', (x) => ms(x.result.latency.max), true],
    ['errors', 'r', (x) => int(x.result.non2xx + x.result.errors), true],
    ['MB/s', 'r', (x) => (x.result.bytesPerSecond / 1e6).toFixed(1), columns.bytes === true],
    ['server CPU', 'r', (x) => cores(x.result.cpu.serverCores), true],
    ['server µs/req', 'r', (x) => perRequest(x.result.cpu.serverCores, x.result), true],
    ['PG CPU', 'r', (x) => (pg(x.backend) ? cores(x.result.cpu.postgresCores) : '–'), true],
    ['PG µs/req', 'r', (x) => (pg(x.backend) ? perRequest(x.result.cpu.postgresCores, x.result) : '–'), true],
    ['load gen CPU', 'r', (x) => cores(x.result.loadCores), true],
    [
      'load gen µs/req',
      'r',
      (x) => perRequest(x.result.loadCores, x.result),
      columns.loadPerRequest === true,
    ],
    ['other CPU', 'r', (x) => cores(otherCores(x.result)), true],
  ];
  const shown = spec.filter(([, , , on]) => on);
  return table(
    shown.map(([name]) => name),
    rows.map((row) => shown.map(([, , cell]) => cell(row))),
    shown.map(([, align]) => align),
  );
}

/** A module's notes as markdown list lines, and the disturbed-run note when a row was disturbed. */
export function noteLines(notes: readonly string[], rows: readonly { result: Measurement }[]): string[] {
  return [...notes.map((n) => `- ${n}`), ...(rows.some((r) => disturbed(r.result)) ? [DISTURBED_NOTE] : [])];
}
