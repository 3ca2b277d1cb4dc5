import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpmStart } from '../../scripts/npm-start.mjs';
import { openChildLog } from './child-log.ts';

/** An Offpeak server started as a child process for one benchmark, on 127.0.0.1 only. */
export interface ServerHandle {
  baseUrl: string;
  adminToken: string;
  pid: number;
  /** The Node flags the server was started with (SERVER_NODE_ARGS plus any extra). */
  nodeArgs: string[];
  stop(): Promise<void>;
}

/**
 * How every benchmarked server is started: exactly as `npm start` starts it, read from package.json
 * (scripts/npm-start.mjs). Today: `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, so that glibc's malloc
 * asks for transparent huge pages [decision:malloc-huge-pages]; a 64 MB young generation per
 * semi-space, so that the short-lived garbage of large requests (a year of meter records, 10,000-record
 * submissions) dies in scavenges instead of being promoted; one V8 worker thread, so that compiling
 * PGlite's WebAssembly does not leave a malloc arena per thread behind [decision:pglite-memory];
 * then `bin/offpeak.js serve`.
 */
const NPM_START = readNpmStart(new URL('../../', import.meta.url));
/** The variables `npm start` sets for the server. */
export const SERVER_ENV: Readonly<Record<string, string>> = NPM_START.env;
/** The Node flags `npm start` gives the server. */
export const SERVER_NODE_ARGS: readonly string[] = NPM_START.nodeArgs;
/** What `npm start` runs after the Node flags: the launcher of the bundled build (bin/offpeak.js serve). */
export const SERVER_COMMAND: readonly string[] = NPM_START.command;

/** `npm start`'s command line as a shell would show it, for the reports. */
export function npmStartLine(extraNodeArgs: readonly string[] = []): string {
  const env = Object.entries(SERVER_ENV).map(([name, value]) => `${name}=${value}`);
  return [...env, 'node', ...SERVER_NODE_ARGS, ...extraNodeArgs, ...SERVER_COMMAND].join(' ');
}

export interface ServerOptions {
  root: string;
  /** PostgreSQL URL; a fresh PGlite data directory in the temp folder when absent. */
  databaseUrl?: string | undefined;
  /** Extra Node flags for the server after SERVER_NODE_ARGS, e.g. `--cpu-prof` to profile it. */
  nodeArgs?: string[];
  /** Extra environment for the server, e.g. OFFPEAK_WORKERS. */
  env?: Record<string, string>;
}

/** Asks the kernel for a free port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the server as `npm start` does (SERVER_ENV, SERVER_NODE_ARGS, SERVER_COMMAND) with its own port, data and admin token,
 * and waits until `GET /health` answers. Its output goes to a file (see child-log.ts), whose end
 * explains a failed start.
 */
export async function startServer(options: ServerOptions): Promise<ServerHandle> {
  const port = await freePort();
  const adminToken = randomBytes(24).toString('hex');
  const dataDir = options.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'offpeak-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...SERVER_ENV,
    PORT: String(port),
    HOST: '127.0.0.1',
    OFFPEAK_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'warn',
    OFFPEAK_RATE_LIMIT_PER_MINUTE: '100000000',
    OFFPEAK_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '100000000',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.OFFPEAK_CORS_ORIGINS;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else env.OFFPEAK_DATA_DIR = dataDir;
  Object.assign(env, options.env);

  // BENCH_SERVER_NODE_ARGS adds flags to every benchmarked server, e.g. to profile one module:
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench -- --only http-prices
  const fromEnv = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const nodeArgs = [...SERVER_NODE_ARGS, ...(options.nodeArgs ?? []), ...fromEnv];
  const log = openChildLog('offpeak-bench-server');
  const child = spawn(process.execPath, [...nodeArgs, ...SERVER_COMMAND], {
    cwd: options.root,
    env,
    stdio: ['ignore', log.fd, log.fd],
  });

  const cleanup = async () => {
    await log.remove();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const output = log.tail();
      await cleanup();
      throw new Error(
        `the server exited during start-up (${child.exitCode ?? child.signalCode}):\n${output}`,
      );
    }
    try {
      const reply = await fetch(`${baseUrl}/health`);
      if (reply.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      const output = log.tail();
      await cleanup();
      throw new Error(`the server did not answer /health within 60 s:\n${output}`);
    }
    await sleep(100);
  }

  return {
    baseUrl,
    adminToken,
    pid: child.pid ?? 0,
    nodeArgs,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited(child);
        clearTimeout(timer);
      }
      await cleanup();
    },
  };
}
