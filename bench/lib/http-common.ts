import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Backend, BenchContext } from '../types.ts';
import { int } from './format.ts';
import type { Measurement } from './load-runner.ts';
import { createScratchDatabase, type ScratchDatabase } from './postgres.ts';
import { startServer, type ServerHandle } from './server.ts';

/** What the HTTP modules share: a server on a fresh store, and how CPU use is reported. */

export const BACKEND_NAMES: Record<Backend, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/**
 * Starts a server on a fresh store (a PGlite data directory, or a scratch PostgreSQL database),
 * runs `run` against it, and removes the server and the store afterwards. `note` describes the store.
 */
export async function withBackend<T>(
  ctx: BenchContext,
  backend: Backend,
  run: (server: ServerHandle, note: string, scratch: ScratchDatabase | undefined) => Promise<T>,
  nodeArgs: string[] = [],
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
      env: { OFFPEAK_WORKERS: String(workers) },
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
