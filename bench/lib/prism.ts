import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openChildLog } from './child-log.ts';
import { freePort } from './server.ts';

/** Stoplight Prism mocking the seed's own document: the peer the benchmarks compare against. */
export interface PrismHandle {
  baseUrl: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 of `GET /customers?limit=30`. */
  startMs: number;
  stop(): Promise<void>;
}

export const PRISM_VERSION = '5.14.2';

/** Where Prism and the document it mocks live (see bench/prism/README.md). */
export function prismDir(root: string): string {
  return join(root, 'bench', 'prism');
}

/** Installs Prism from bench/prism/package-lock.json unless it is already there. */
export function ensurePrism(root: string, log: (message: string) => void = () => {}): string {
  const dir = prismDir(root);
  const bin = join(dir, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
  if (existsSync(bin)) return bin;
  log(`installing Prism ${PRISM_VERSION} into bench/prism (once)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0 || !existsSync(bin))
    throw new Error(`could not install Prism ${PRISM_VERSION}:\n${result.stderr ?? ''}`);
  return bin;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `prism mock` on the seed document on a free loopback port and waits for the first 200 of
 * `GET /customers?limit=30` (polling every 20 ms, as the Offpeak start-up measurement does).
 */
export async function startPrism(root: string, log?: (message: string) => void): Promise<PrismHandle> {
  const bin = ensurePrism(root, log);
  const port = await freePort();
  const output = openChildLog('offpeak-bench-prism');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      bin,
      'mock',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      join(prismDir(root), 'seed-list-customers.openapi.yaml'),
    ],
    // Its output goes to a file, as the benchmarked server's does (child-log.ts).
    { cwd: prismDir(root), stdio: ['ignore', output.fd, output.fd] },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = output.tail(4000);
      await output.remove();
      throw new Error(`Prism exited during start-up:\n${tail}`);
    }
    try {
      const reply = await fetch(`${baseUrl}/customers?limit=30`, {
        headers: { authorization: 'Bearer bench' },
      });
      if (reply.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      const tail = output.tail(4000);
      await output.remove();
      throw new Error(`Prism did not answer within 60 s:\n${tail}`);
    }
    await sleep(20);
  }
  const startMs = performance.now() - started;
  return {
    baseUrl,
    pid: child.pid ?? 0,
    startMs,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited(child);
        clearTimeout(timer);
      }
      await output.remove();
    },
  };
}
