import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { createAccount, createApiKey, retrieveFirstAccount } from './core/accounts/accounts.ts';
import { Authenticator } from './core/auth/authenticator.ts';
import type { CoreContext } from './core/context.ts';
import { runMarketFetchTick } from './core/market-data/fetchers/fetch-jobs.ts';
import { runTariffNoticeRound } from './core/tariffs/notices.ts';
import { startTicker } from './core/ticker.ts';
import { buildApp } from './http/app.ts';
import type { App } from './http/types.ts';
import { openDatabase, type Database } from './store/database.ts';
import { refreshPlannerStatistics } from './store/maintenance.ts';
import { migrateToLatest } from './store/migrate.ts';

export { DataDirLockedError } from './store/data-dir-lock.ts';

/**
 * The composition root: the only place that wires the store, core and HTTP together.
 */
export interface Runtime {
  database: Database;
  ctx: CoreContext;
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'offpeak' } });
}

/** How often an embedded database refreshes its planner statistics (it has no autovacuum). */
const PGLITE_ANALYZE_INTERVAL_MS = 60_000;

export async function openRuntime(
  config: Config,
  options: { migrate?: boolean; maintain?: boolean } = {},
): Promise<Runtime> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate ?? true) await migrateToLatest(database.db);
  const ctx: CoreContext = { db: database.db, now: Date.now };
  let timer: NodeJS.Timeout | undefined;
  if (options.maintain && database.kind === 'pglite') {
    await refreshPlannerStatistics(database.db);
    timer = setInterval(
      () => void refreshPlannerStatistics(database.db).catch(() => {}),
      PGLITE_ANALYZE_INTERVAL_MS,
    );
    timer.unref();
  }
  return {
    database,
    ctx,
    close: async () => {
      if (timer) clearInterval(timer);
      await database.close();
    },
  };
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
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : undefined;
  const app = await buildApp({
    ctx: runtime.ctx,
    authenticator: new Authenticator(runtime.ctx, config.authCacheMs),
    logger,
    adminToken: config.adminToken,
    corsOrigins: config.corsOrigins,
    rateLimitPerMinute: config.rateLimitPerMinute,
    anonymousRateLimitPerMinute: config.anonymousRateLimitPerMinute,
    redis,
  });
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  return app;
}

/** How often each node sweeps for due tariff notices (`tariff.expiring`, `tariff.expired`). */
const TARIFF_NOTICE_INTERVAL_MS = 60_000;

/**
 * Starts what a serving node does besides answering requests: the tariff notice sweep, and the
 * market fetcher when OFFPEAK_MARKET_FETCH is on and sources are configured. Every node may run
 * both (they claim their work in the database). Returns the function that stops them.
 */
export function startBackgroundWork(config: Config, runtime: Runtime, logger: Logger): () => Promise<void> {
  const notices = logger.child({ job: 'tariff-notices' });
  const stops = [
    startTicker(
      () => runTariffNoticeRound(runtime.ctx),
      TARIFF_NOTICE_INTERVAL_MS,
      (sent) => sent.forEach((notice) => notices.info(notice, notice.type)),
      (error) => notices.warn({ error }, 'tariff notice round failed'),
    ),
  ];
  if (config.marketFetch && config.marketFetchSources.length === 0)
    logger.warn('OFFPEAK_MARKET_FETCH is on but OFFPEAK_MARKET_FETCH_SOURCES is empty');
  if (config.marketFetch && config.marketFetchSources.length > 0) {
    const log = logger.child({ job: 'market-fetch' });
    log.info({ sources: config.marketFetchSources.length }, 'market fetcher started');
    stops.push(
      startTicker(
        () => runMarketFetchTick(runtime.ctx, config, config.marketFetchSources),
        config.marketFetchEverySeconds * 1000,
        ({ outcomes }) => {
          for (const outcome of outcomes) {
            if (outcome.result === 'stored') log.info(outcome, 'market prices stored');
            else if (outcome.result === 'not_published') log.info(outcome, 'market prices not published yet');
            else log.warn(outcome, 'market fetch failed');
          }
        },
        (error) => log.warn({ error }, 'market fetch round failed'),
      ),
    );
  }
  return async () => void (await Promise.all(stops.map((stop) => stop())));
}

/** Applies pending migrations without starting anything else (`offpeak migrate`). */
export async function migrate(config: Config): Promise<string[]> {
  const runtime = await openRuntime(config, { migrate: false });
  try {
    return await migrateToLatest(runtime.database.db);
  } finally {
    await runtime.close();
  }
}
