import { sql } from 'kysely';
import { pino, type Logger } from 'pino';
import { SERVER, systemClock } from './core/clock.ts';
import { TestClocks } from './core/test-clocks/clock-cache.ts';
import type { Config } from './config.ts';
import { createAccount, createApiKey, retrieveFirstAccount } from './core/accounts/accounts.ts';
import { Authenticator } from './core/auth/authenticator.ts';
import type { CoreContext } from './core/context.ts';
import { loadStartingCatalogue } from './core/catalogue/starting.ts';
import { PricingCaches } from './core/pricing/pricing-caches.ts';
import { buildApp } from './http/app.ts';
import { registerWeb } from './web/index.ts';
import type { App } from './http/types.ts';
import { openDatabase, type Database } from './store/database.ts';
import { refreshPlannerStatistics } from './store/maintenance.ts';
import { migrateToLatest } from './store/migrate.ts';
import { makeSpare, PGLITE_TEMPLATE_DIR, refreshTemplate } from './store/pglite-template.ts';

import { DataDirLockedError } from './store/data-dir-lock.ts';

/** The store cannot be opened as configured (another process holds the PGlite data directory). */
export class StoreUnavailableError extends Error {}

/**
 * The composition root: the only place that wires the store, core and HTTP together.
 */
export interface Runtime {
  database: Database;
  ctx: CoreContext;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  // Written to stdout without blocking the event loop: lines logged while a write is under way
  // go out together in the next one, and what is left is flushed when the process exits
  // [decision:log-writes-in-batches].
  return pino(
    { level: config.logLevel, base: { service: 'offpeak' } },
    pino.destination({ dest: 1, sync: false }),
  );
}

/** How often an embedded database refreshes its planner statistics (it has no autovacuum). */
const PGLITE_ANALYZE_INTERVAL_MS = 60_000;
/** When the first refresh runs after start [decision:compiled-start]. */
const PGLITE_FIRST_ANALYZE_MS = 5_000;

/** Called with a name as each step of opening the runtime ends (the start-up trace). */
export type StartupMark = (step: string) => void;

export async function openRuntime(
  config: Config,
  options: { migrate?: boolean; maintain?: boolean; mark?: StartupMark } = {},
): Promise<Runtime> {
  const mark = options.mark ?? (() => {});
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  }).catch((error: unknown) => {
    throw error instanceof DataDirLockedError ? new StoreUnavailableError(error.message) : error;
  });
  mark('store opened');
  if (options.migrate ?? true) await migrateToLatest(database.db);
  mark('migrated');
  // each account's test mode reads its test clock, kept per node [decision:test-clocks]
  const clocks = new TestClocks(database.db, () => systemClock.now(SERVER));
  const ctx: CoreContext = {
    db: database.db,
    now: clocks.now,
    clocks,
    caches: new PricingCaches(),
    publicUrl: publicBaseUrl(config),
  };
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  // the starting catalogue comes with the schema: after the migrations, once per install
  if (options.migrate ?? true) await loadStartingCatalogue(ctx);
  mark('catalogue');
  if (options.maintain && database.kind === 'pglite') {
    // Statistics are stored with the data, so a restart has the last run's; the first refresh
    // runs soon after start instead of before it, off the way of the first requests.
    const refresh = () => void refreshPlannerStatistics(database.db).catch(() => {});
    first = setTimeout(refresh, PGLITE_FIRST_ANALYZE_MS);
    first.unref();
    timer = setInterval(refresh, PGLITE_ANALYZE_INTERVAL_MS);
    timer.unref();
  }
  return {
    database,
    ctx,
    close: async () => {
      if (timer) clearInterval(timer);
      if (first) clearTimeout(first);
      await database.close();
    },
  };
}

/**
 * The base of absolute links the server hands out (catalogue logos): OFFPEAK_PUBLIC_URL, else the
 * listener's address, with a wildcard host read as localhost [decision:catalogue-logo-urls].
 */
export function publicBaseUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl !== undefined) return config.publicUrl.replace(/\/+$/, '');
  const wildcard = config.host === '0.0.0.0' || config.host === '::' || config.host === '';
  const host = wildcard ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

export interface FirstStart {
  accountId: string;
  key: string;
}

/** On an empty database, creates the first account with a test key, so that a new server is usable at once. */
export async function bootstrapFirstAccount(ctx: CoreContext): Promise<FirstStart | undefined> {
  if (await retrieveFirstAccount(ctx)) return undefined;
  const account = await createAccount(ctx);
  const key = await createApiKey(ctx, account.id, 'test');
  return { accountId: account.id, key: key.key };
}

export async function createServer(config: Config, runtime: Runtime, logger: Logger): Promise<App> {
  // loaded only when configured: most servers run without Redis, and it is slow to load
  const redis = config.redisUrl
    ? new (await import('ioredis')).Redis(config.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      })
    : undefined;
  const authenticator = new Authenticator(runtime.ctx, config.authCacheMs);
  const app = await buildApp({
    ctx: runtime.ctx,
    authenticator,
    webhooks: config.webhooks,
    logger,
    adminToken: config.adminToken,
    corsOrigins: config.corsOrigins,
    rateLimitPerMinute: config.rateLimitPerMinute,
    anonymousRateLimitPerMinute: config.anonymousRateLimitPerMinute,
    redis,
  });
  await registerWeb(app, {
    ctx: runtime.ctx,
    authenticator,
    webhooks: config.webhooks,
    publicUrl: config.publicUrl,
  });
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  return app;
}

/** Applies pending migrations without starting anything else (`offpeak migrate`). */
export async function migrate(config: Config): Promise<string[]> {
  const runtime = await openRuntime(config, { migrate: false });
  try {
    const applied = await migrateToLatest(runtime.database.db);
    await loadStartingCatalogue(runtime.ctx);
    return applied;
  } finally {
    await runtime.close();
  }
}

/**
 * Makes dist/pglite-template, the migrated PGlite cluster holding the starting catalogue and
 * nothing else that new data directories are copied from, unless the current one matches PGlite,
 * the migrations and the catalogue, and its spare copy unless one is there (`offpeak
 * pglite-template`, run by `npm install` through scripts/build.mjs).
 */
export async function buildPgliteTemplate(): Promise<{ template: string; rebuilt: boolean; spare: boolean }> {
  const rebuilt = await refreshTemplate(async (dir) => {
    const database = await openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(database.db);
      // the same rows for every install: a first start finds them loaded [decision:compiled-start]
      await loadStartingCatalogue({ db: database.db, now: () => systemClock.now(SERVER) });
      // Nothing creates a database in the embedded cluster: without initdb's two template
      // databases the template has half the files to copy at a first start [decision:compiled-start].
      for (const name of ['template0', 'template1']) {
        await sql.raw(`ALTER DATABASE ${name} IS_TEMPLATE false`).execute(database.db);
        await sql.raw(`DROP DATABASE ${name}`).execute(database.db);
      }
    } finally {
      await database.close();
    }
  });
  // the copy the first new data directory after the install takes by renames [decision:pglite-spare]
  const spare = makeSpare();
  return { template: PGLITE_TEMPLATE_DIR, rebuilt, spare };
}
