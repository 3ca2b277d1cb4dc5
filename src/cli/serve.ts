// `offpeak serve`. One process by default. With OFFPEAK_WORKERS > 1 (PostgreSQL only) a primary
// process migrates the database and creates the first account, then forks that many workers
// that share the listening port (node:cluster). Each worker is a whole Offpeak node, as if on a
// machine of its own: nodes share only the database (and Redis for rate limits, when given), so
// every rule that lets several machines share one database lets workers do so too.
import cluster from 'node:cluster';
import type { Config } from '../config.ts';
import { ensureSigningKeys } from '../core/webhooks/signing-keys.ts';
import { startBackgroundWork } from '../jobs/background.ts';
import { bootstrapFirstAccount, createLogger, createServer, openRuntime, type FirstStart } from '../main.ts';

/** How long after listening a first start makes its webhook signing keys. */
const SIGNING_KEYS_DELAY_MS = 1000;

/**
 * How long after listening the background jobs start: their first rounds (a query or more each)
 * would otherwise hold the embedded database while the first requests wait [decision:bundle-code-cache].
 */
const BACKGROUND_DELAY_MS = 1000;

/** How long after listening the bundle's code cache is written, when it has none [decision:bundle-code-cache]. */
const CODE_CACHE_DELAY_MS = 3000;

/** bin/offpeak.js's writer of the bundle's code cache; absent when run otherwise (tsx, tests). */
const SAVE_CODE_CACHE = Symbol.for('offpeak.save-code-cache');
/** bin/offpeak.js's answer to whether this start ran from the code cache: used, rejected or none. */
const CODE_CACHE_STATE = Symbol.for('offpeak.code-cache-state');

/** What a worker tells the primary once it listens. */
interface Listening {
  listening: string;
}

function startupLines(config: Config, address: string, first: FirstStart | undefined): string {
  const base = config.publicUrl ?? address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  const store = config.databaseUrl ? 'PostgreSQL' : `PGlite at ${config.dataDir}`;
  const workers = config.workers > 1 ? `, ${config.workers} workers` : '';
  const lines = [
    `Offpeak is listening on ${base} (${store}${workers}); API reference at ${base}/docs, dashboard at ${base}/dashboard`,
  ];
  if (first) {
    lines.push(
      'First start: created a test-mode account and API key (the key is shown only now).',
      `  account: ${first.accountId}`,
      `  key:     ${first.key}`,
      'Log in with:',
      `  curl -u ${first.accountId}:${first.key} ${base}/login`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * OFFPEAK_TRACE_STARTUP=on: the milliseconds since the process started at the end of each start-up
 * step, the CPU time and memory once listening, and whether the bundle ran from its code cache, as
 * one JSON line on stderr (`npm run bench -- --only startup` reads it to say where the time goes).
 */
function startupTrace(on: boolean) {
  const steps: Record<string, number> = {};
  const mark = (step: string) => void (steps[step] = Math.round(performance.now()));
  const done = () => {
    if (!on) return;
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    const memory = {
      rss: mb(rss),
      heapTotal: mb(heapTotal),
      heapUsed: mb(heapUsed),
      external: mb(external),
      arrayBuffers: mb(arrayBuffers),
    };
    const { user, system } = process.cpuUsage();
    const cpuMs = { user: Math.round(user / 1000), system: Math.round(system / 1000) };
    const cacheState = (globalThis as { [CODE_CACHE_STATE]?: () => string })[CODE_CACHE_STATE];
    const codeCache = cacheState ? cacheState() : 'not bundled';
    process.stderr.write(
      `offpeak startup: ${JSON.stringify({ steps, cpuMs, memoryMb: memory, codeCache })}\n`,
    );
  };
  return { mark, done };
}

export async function serve(config: Config): Promise<void> {
  if (config.workers > 1 && cluster.isPrimary) return servePrimary(config);
  const trace = startupTrace(config.traceStartup);
  trace.mark('modules loaded');
  const logger = createLogger(config);
  // a worker's primary has migrated and created the first account already
  const runtime = await openRuntime(config, { maintain: true, migrate: cluster.isPrimary, mark: trace.mark });
  const first = cluster.isPrimary ? await bootstrapFirstAccount(runtime.ctx) : undefined;
  trace.mark('first account');
  const app = await createServer(config, runtime, logger);
  trace.mark('app built');
  const address = await app.listen({ port: config.port, host: config.host });
  trace.mark('listening');
  // A first start's webhook signing keys are made soon after listening, off the way of the first
  // requests; whatever needs one before then (the JWKS, a delivery, the admin API) makes it
  // itself, and the unique active key settles the race [decision:compiled-start].
  const keys = cluster.isPrimary
    ? setTimeout(() => {
        ensureSigningKeys(runtime.ctx, config.webhooks).catch((error: unknown) =>
          logger.error({ err: error }, 'could not create the webhook signing keys'),
        );
      }, SIGNING_KEYS_DELAY_MS)
    : undefined;
  keys?.unref();
  const saveCodeCache = (globalThis as { [SAVE_CODE_CACHE]?: () => void })[SAVE_CODE_CACHE];
  if (saveCodeCache) setTimeout(saveCodeCache, CODE_CACHE_DELAY_MS).unref();
  let stopBackground = async () => {};
  const background = setTimeout(() => {
    stopBackground = startBackgroundWork(config, runtime.ctx, logger);
  }, BACKGROUND_DELAY_MS);
  if (cluster.isWorker) process.send?.({ listening: address } satisfies Listening);
  else process.stdout.write(startupLines(config, address, first));
  trace.done();
  const stop = async () => {
    if (keys) clearTimeout(keys);
    clearTimeout(background);
    await app.close();
    await stopBackground();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function servePrimary(config: Config): Promise<void> {
  const logger = createLogger(config);
  const runtime = await openRuntime(config);
  const first = await bootstrapFirstAccount(runtime.ctx);
  await ensureSigningKeys(runtime.ctx, config.webhooks);
  await runtime.close();
  if (!config.redisUrl) {
    logger.warn(
      { workers: config.workers },
      'without REDIS_URL each worker counts rate limits on its own, so an account may make up to workers × its limit',
    );
  }
  let stopping = false;
  let printed = false;
  const listened = new Set<number>();
  cluster.on('message', (worker, message: Partial<Listening>) => {
    if (typeof message?.listening !== 'string') return;
    listened.add(worker.id);
    if (!printed) {
      printed = true;
      process.stdout.write(startupLines(config, message.listening, first));
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // a worker that never listened would fail again (a taken port, say): stop rather than loop
    if (!listened.has(worker.id)) {
      logger.error({ code, signal }, 'a worker exited before it listened; stopping');
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    logger.error({ code, signal }, 'a worker exited; starting another');
    cluster.fork();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
