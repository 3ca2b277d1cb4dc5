import type { WebhookSettings } from './core/webhooks/settings.ts';

/**
 * Configuration comes from the environment, is read once at start-up and is passed down.
 * Nothing below src/main.ts and src/cli reads process.env.
 */
export interface Config {
  port: number;
  host: string;
  /** PGlite data directory, or `memory://` for an in-memory database. Ignored when databaseUrl is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Connections each server process keeps to PostgreSQL (OFFPEAK_DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  redisUrl: string | undefined;
  adminToken: string | undefined;
  logLevel: string;
  /** Comma-separated origins allowed by CORS, `*` for any; unset switches CORS off. */
  corsOrigins: string[] | undefined;
  /** Requests per minute per account and mode, unless the account has its own limit. */
  rateLimitPerMinute: number;
  /** Requests per minute per client address for unauthenticated requests (`/login`). */
  anonymousRateLimitPerMinute: number;
  /** How long a node trusts its cached view of an API key and its account, in milliseconds. */
  authCacheMs: number;
  /** Public base URL: the first-start hint and absolute links such as provider logo URLs. */
  publicUrl: string | undefined;
  /** Whether market prices may be fetched from live sources (ENTSO-E, Nord Pool); off by default. */
  marketFetch: boolean;
  /** OFFPEAK_TRACE_STARTUP: print how long each start-up step took, on stderr. */
  traceStartup: boolean;
  /** ENTSO-E Transparency Platform security token, for the ENTSO-E fetcher. */
  entsoeApiToken: string | undefined;
  /** ENTSO-E API endpoint (tests point it at a local server). */
  entsoeBaseUrl: string;
  /** Nord Pool Data Portal API base (tests point it at a local server). */
  nordPoolBaseUrl: string;
  /** What the market fetcher keeps stored (OFFPEAK_MARKET_FETCH_SOURCES); empty = nothing. */
  marketFetchSources: MarketFetchSourceConfig[];
  /** Seconds between two rounds of the market fetcher on each node. */
  marketFetchEverySeconds: number;
  /** Server processes `serve` runs (node:cluster); more than 1 needs PostgreSQL. */
  workers: number;
  /** Webhook delivery: private targets, key encryption, grace, retention, polling, concurrency. */
  webhooks: WebhookSettings;
}

/** One market source the fetcher keeps stored: `mrs_…=nordpool[:AREA]` or `mrs_…=entsoe:EIC`. */
export interface MarketFetchSourceConfig {
  sourceId: string;
  feed: 'entsoe' | 'nordpool';
  area?: string;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function text(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (['', '0', 'off', 'false', 'no'].includes(raw)) return false;
  if (['1', 'on', 'true', 'yes'].includes(raw)) return true;
  throw new ConfigError(`${name} must be on or off, got "${env[name]}"`);
}

function url(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw;
}

const SOURCE_ENTRY = /^(mrs_[0-9a-f]{24,32})=(nordpool|entsoe)(?::([A-Za-z0-9-]+))?$/;

function marketFetchSources(env: Env): MarketFetchSourceConfig[] {
  const raw = text(env, 'OFFPEAK_MARKET_FETCH_SOURCES');
  if (!raw) return [];
  return raw.split(',').map((entry) => {
    const m = SOURCE_ENTRY.exec(entry.trim());
    if (!m || (m[2] === 'entsoe' && !m[3])) {
      throw new ConfigError(
        `OFFPEAK_MARKET_FETCH_SOURCES: "${entry.trim()}" is not mrs_…=nordpool[:AREA] or mrs_…=entsoe:EIC`,
      );
    }
    return { sourceId: m[1] as string, feed: m[2] as 'entsoe' | 'nordpool', ...(m[3] ? { area: m[3] } : {}) };
  });
}

export function readConfig(env: Env): Config {
  const cors = text(env, 'OFFPEAK_CORS_ORIGINS');
  const sources = marketFetchSources(env);
  if (sources.some((s) => s.feed === 'entsoe') && !text(env, 'ENTSOE_API_TOKEN')) {
    throw new ConfigError('OFFPEAK_MARKET_FETCH_SOURCES names an entsoe source: ENTSOE_API_TOKEN is needed');
  }
  const workers = integer(env, 'OFFPEAK_WORKERS', 1, 1, 64);
  if (workers > 1 && !text(env, 'DATABASE_URL')) {
    throw new ConfigError('OFFPEAK_WORKERS above 1 needs DATABASE_URL: PGlite lives inside one process');
  }
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: text(env, 'HOST') ?? '0.0.0.0',
    dataDir: text(env, 'OFFPEAK_DATA_DIR') ?? './.offpeak',
    databaseUrl: text(env, 'DATABASE_URL'),
    databasePoolSize: integer(env, 'OFFPEAK_DATABASE_POOL_SIZE', 10, 1, 1000),
    redisUrl: text(env, 'REDIS_URL'),
    adminToken: text(env, 'OFFPEAK_ADMIN_TOKEN'),
    logLevel: text(env, 'LOG_LEVEL') ?? 'info',
    corsOrigins: cors?.split(',').map((origin) => origin.trim()),
    rateLimitPerMinute: integer(env, 'OFFPEAK_RATE_LIMIT_PER_MINUTE', 6000, 1, 100_000_000),
    anonymousRateLimitPerMinute: integer(env, 'OFFPEAK_ANONYMOUS_RATE_LIMIT_PER_MINUTE', 600, 1, 100_000_000),
    authCacheMs: integer(env, 'OFFPEAK_AUTH_CACHE_MS', 1000, 0, 600_000),
    publicUrl: text(env, 'OFFPEAK_PUBLIC_URL'),
    marketFetch: flag(env, 'OFFPEAK_MARKET_FETCH'),
    traceStartup: flag(env, 'OFFPEAK_TRACE_STARTUP'),
    entsoeApiToken: text(env, 'ENTSOE_API_TOKEN'),
    entsoeBaseUrl: url(env, 'OFFPEAK_ENTSOE_URL', 'https://web-api.tp.entsoe.eu/api'),
    nordPoolBaseUrl: url(env, 'OFFPEAK_NORDPOOL_URL', 'https://dataportal-api.nordpoolgroup.com/api'),
    marketFetchSources: sources,
    marketFetchEverySeconds: integer(env, 'OFFPEAK_MARKET_FETCH_EVERY_SECONDS', 300, 10, 86_400),
    workers,
    webhooks: {
      privateTargets: privateTargets(env),
      secretKey: text(env, 'OFFPEAK_SECRET_KEY'),
      keyGraceMs: integer(env, 'OFFPEAK_WEBHOOK_KEY_GRACE_DAYS', 7, 1, 365) * DAY,
      retentionMs: integer(env, 'OFFPEAK_WEBHOOK_RETENTION_DAYS', 30, 1, 3650) * DAY,
      pollMs: integer(env, 'OFFPEAK_WEBHOOK_POLL_MS', 1000, 10, 600_000),
      concurrency: integer(env, 'OFFPEAK_WEBHOOK_CONCURRENCY', 64, 1, 10_000),
      perEndpoint: integer(env, 'OFFPEAK_WEBHOOK_CONCURRENCY_PER_ENDPOINT', 8, 1, 1000),
      timeoutMs: 10_000,
    },
  };
}

const DAY = 86_400_000;

function privateTargets(env: Env): 'allow' | 'deny' {
  const raw = (text(env, 'OFFPEAK_WEBHOOK_PRIVATE_TARGETS') ?? 'allow').toLowerCase();
  if (raw !== 'allow' && raw !== 'deny')
    throw new ConfigError(`OFFPEAK_WEBHOOK_PRIVATE_TARGETS must be allow or deny, got "${raw}"`);
  return raw;
}
