import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root, where `src/cli/main.ts` is. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

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

const STARTUP_TIMEOUT_MS = 90_000;

/** Process groups of servers still running: a test that stops early must not leave them behind. */
const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * One life of the real server: `node --import tsx src/cli/main.ts serve` in a process group of
 * its own, so that a kill reaches everything it started. `store` is the environment that points
 * it at its data (OFFPEAK_DATA_DIR or DATABASE_URL).
 */
export class ServerProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    if (child.pid !== undefined) running.add(child.pid);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        running.delete(child.pid ?? 0);
        resolve();
      }),
    );
  }

  static async start(store: Record<string, string>, adminToken: string): Promise<ServerProcess> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of [
      'DATABASE_URL',
      'OFFPEAK_DATA_DIR',
      'REDIS_URL',
      'OFFPEAK_WORKERS',
      'OFFPEAK_MARKET_FETCH',
    ]) {
      delete env[name];
    }
    Object.assign(env, {
      PORT: String(port),
      HOST: '127.0.0.1',
      OFFPEAK_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
      OFFPEAK_RATE_LIMIT_PER_MINUTE: '100000000',
      OFFPEAK_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '100000000',
      ...store,
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      cwd: REPOSITORY_ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    await server.waitUntilHealthy();
    return server;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  private running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (;;) {
      if (!this.running()) {
        throw new Error(
          `the server exited during start-up (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`,
        );
      }
      try {
        if ((await fetch(`${this.baseUrl}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(
          `the server did not answer /health within ${STARTUP_TIMEOUT_MS / 1000} s:\n${this.output}`,
        );
      }
      await sleep(100);
    }
  }

  /** SIGKILL to the whole process group: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    if (this.running()) process.kill(-this.pid, 'SIGKILL');
    await this.exited;
  }

  /** SIGTERM, the way an operator stops it; SIGKILL if it has not exited within 15 s. */
  async stop(): Promise<void> {
    if (!this.running()) return;
    process.kill(-this.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (this.running()) process.kill(-this.pid, 'SIGKILL');
    }, 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last lines the server wrote, to explain a failure. */
  get log(): string {
    return this.output;
  }
}
