// Time, in one place. Behaviour that depends on "now" (expiry, publication, retries, the time an
// object is created) asks the core context for the time of a scope: an account in one mode, or
// the server itself for work that belongs to no account (market fetching, sweeps across
// accounts). Live mode and SERVER read real time; an account's test mode reads its test clock
// (test-clocks/clock-cache.ts, which main.ts puts behind `ctx.now`) [decision:test-clocks].
// Only leases, timeouts and request IDs read the wall clock directly, through `wallNow`.
import type { Scope } from '../lib/scope.ts';

/** The scope of work that belongs to no account: fetching market prices, sweeps across accounts. */
export const SERVER = 'server' as const;

export type ClockScope = Scope | typeof SERVER;

export interface Clock {
  /** Milliseconds since the Unix epoch, as seen by `scope`. */
  now(scope: ClockScope): number;
}

/** Real time for every scope. */
export const systemClock: Clock = { now: () => Date.now() };

/** The wall clock, for what must not follow a scope's clock: leases, timeouts, request IDs. */
export function wallNow(): number {
  return Date.now();
}
