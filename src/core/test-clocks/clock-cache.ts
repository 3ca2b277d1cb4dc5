// Each node's copy of the test clocks [decision:test-clocks]: `now(scope)` must answer without I/O,
// so the clock of an account's test mode is read from the database into this cache and answered
// from it. A test-mode request refreshes its account's entry first when it is older than
// TEST_CLOCK_FRESH_MS (one query per account and node at most that often, none on the requests in
// between); the node that changes a clock updates its entry at once. Live mode and SERVER never
// look here: they are always real time.
import type { Db } from '../../store/database.ts';
import { selectTestClock, type TestClockRecord } from '../../store/test-clocks.ts';
import { SERVER, wallNow, type ClockScope } from '../clock.ts';

/** How stale a node's copy of a test clock may be when a test-mode request starts, in ms. */
export const TEST_CLOCK_FRESH_MS = 1000;

/** A test clock: `clockAt` while frozen, else `clockAt` plus the server time since `serverAt`. */
export interface ClockState {
  frozen: boolean;
  clockAt: number;
  serverAt: number;
}

/** The time a clock shows when the server's own time is `serverNow`. */
export function timeOf(state: ClockState, serverNow: number): number {
  return state.frozen ? state.clockAt : state.clockAt + (serverNow - state.serverAt);
}

export function toClockState(row: TestClockRecord): ClockState {
  return { frozen: row.frozen, clockAt: row.clock_at.getTime(), serverAt: row.server_at.getTime() };
}

interface Entry {
  state: ClockState | null;
  /** Wall time of the read, for the freshness bound. */
  readAt: number;
}

const MAX_ENTRIES = 100_000;

export class TestClocks {
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<void>>();
  /** Bumped by every write of an entry, so a read that started before a change cannot undo it. */
  readonly #versions = new Map<string, number>();

  /**
   * @param db where the clocks are kept
   * @param server the server's own time (real time; the test harness adds its offset)
   */
  constructor(
    private readonly db: Db,
    readonly server: () => number,
    private readonly freshMs = TEST_CLOCK_FRESH_MS,
  ) {}

  /** The time of `scope`: its account's test clock in test mode, else the server's time. */
  readonly now = (scope: ClockScope): number => {
    const server = this.server();
    if (scope === SERVER || scope.liveMode) return server;
    const state = this.#entries.get(scope.accountId)?.state;
    return state ? timeOf(state, server) : server;
  };

  /**
   * Makes the cached clock of a scope fresh: undefined (nothing to wait for) when it is, or in live
   * mode and for SERVER; else the read to await.
   */
  refresh(scope: ClockScope): Promise<void> | undefined {
    if (scope === SERVER || scope.liveMode) return undefined;
    const entry = this.#entries.get(scope.accountId);
    if (entry && wallNow() - entry.readAt < this.freshMs) return undefined;
    return this.load(scope.accountId);
  }

  /** Reads an account's clock from the database into the cache (one read at a time per account). */
  load(accountId: string): Promise<void> {
    const running = this.#loading.get(accountId);
    if (running) return running;
    const version = this.#versions.get(accountId) ?? 0;
    const readAt = wallNow();
    const read = selectTestClock(this.db, accountId)
      .then((row) => {
        if ((this.#versions.get(accountId) ?? 0) === version)
          this.#store(accountId, row ? toClockState(row) : null, readAt);
      })
      .finally(() => this.#loading.delete(accountId));
    this.#loading.set(accountId, read);
    return read;
  }

  /** Records a clock this node has just written (null: back to real time). */
  remember(accountId: string, state: ClockState | null): void {
    this.#versions.set(accountId, (this.#versions.get(accountId) ?? 0) + 1);
    this.#store(accountId, state, wallNow());
  }

  #store(accountId: string, state: ClockState | null, readAt: number): void {
    if (this.#entries.size >= MAX_ENTRIES && !this.#entries.has(accountId)) {
      this.#entries.clear();
      this.#versions.clear();
    }
    this.#entries.set(accountId, { state, readAt });
  }
}

/** Makes the clock of `scope` fresh on this node when the context keeps test clocks. */
export function refreshClock(
  ctx: { clocks?: TestClocks | undefined },
  scope: ClockScope,
): Promise<void> | undefined {
  return ctx.clocks?.refresh(scope);
}
