import type { Db } from '../store/database.ts';
import type { ClockScope } from './clock.ts';
import type { PricingCaches } from './pricing/pricing-caches.ts';
import type { TestClocks } from './test-clocks/clock-cache.ts';

export type { Scope } from '../lib/scope.ts';

/**
 * What every use-case needs: the database and the time. `now(scope)` answers the time as the
 * scope sees it (see ./clock.ts); it is injected so tests can move time. `caches` holds what
 * pricing keeps between requests (compiled tariffs, market ladders); without it each request
 * compiles afresh.
 */
export interface CoreContext {
  db: Db;
  now(scope: ClockScope): number;
  caches?: PricingCaches | undefined;
  /**
   * This node's copy of the test clocks, behind `now` (see test-clocks/clock-cache.ts): a test-mode
   * request refreshes its account's clock through it before reading the time. Absent: every
   * scope follows `now` as given.
   */
  clocks?: TestClocks | undefined;
  /** The base URL clients reach this server at, for absolute links (catalogue logos); see main.ts. */
  publicUrl?: string | undefined;
}
