import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../core/errors.ts';
import type { App } from './types.ts';

export interface RateLimitOptions {
  perMinute: number;
  anonymousPerMinute: number;
  /** Shared counters for a cluster; in-memory counters when absent. */
  redis?: Redis | undefined;
}

/**
 * Per-account limits over a one-minute window, counted after authentication so that an
 * account's limit follows it whichever of its keys or modes it uses. Requests without an
 * account (`/login`) are counted per client address.
 */
export async function registerRateLimit(app: App, options: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    timeWindow: 60_000,
    ...(options.redis ? { redis: options.redis, nameSpace: 'offpeak-rl:', skipOnError: true } : {}),
    keyGenerator: (request) =>
      request.principal ? `acc:${request.principal.accountId}` : `ip:${request.ip}`,
    max: (request) =>
      request.principal
        ? (request.principal.rateLimitPerMinute ?? options.perMinute)
        : options.anonymousPerMinute,
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
    addHeadersOnExceeding: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
    },
    addHeaders: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
      'retry-after': true,
    },
  });
}
