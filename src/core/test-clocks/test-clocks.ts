// Test clocks [decision:test-clocks]: the time of an account's test mode, which an integrator
// freezes and moves forward to see what their integration does tomorrow, in a week or after a
// contract ends. Moving a clock forward writes, in time order and each at its own instant,
// everything that became due in between: contract notices, the simulated market's day-ahead
// publications (as `location.update` of the locations that take them), pending Connect
// connections resolved or given up. A clock that runs (not frozen) has the same written by
// `runTestClockRound` as it passes each instant.
import { publicationsIn } from '../../engine/market-scenarios.ts';
import type { Db } from '../../store/database.ts';
import type { ConnectConnectionRecord } from '../../store/connect-connections.ts';
import { selectTestMarketLocations } from '../../store/locations.ts';
import { updateTariffRow, type TariffRecord } from '../../store/tariffs.ts';
import {
  deleteTestClock,
  deleteTestModeRows,
  lockTestClock,
  selectTestClock,
  selectTestClockForUpdate,
  selectTestClocks,
  selectTestConnectionsDue,
  selectTestTariffsWithNoticeDue,
  shiftTestDeliveries,
  updateTestClockRow,
  type TestClockRecord,
} from '../../store/test-clocks.ts';
import { SERVER } from '../clock.ts';
import { loadMarketScenarios } from '../market-data/market-scenarios.ts';
import { resolveConnectionIn } from '../connect/session/connections.ts';
import type { CoreContext, Scope } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { recordEvent } from '../events/events.ts';
import { fromRecord as locationOfRecord } from '../locations/locations.ts';
import { describeMarketSource } from '../market-data/market-sources.ts';
import { tariffOfRecordIn } from '../tariffs/tariffs.ts';
import { signalDeliveriesWritten } from '../webhooks/wake.ts';
import { timeOf, toClockState, type ClockState } from './clock-cache.ts';

const DAY_MS = 86_400_000;

/** The furthest one advance may move a clock [decision:test-clocks]. */
export const MAX_ADVANCE_MS = 400 * DAY_MS;

export interface TestClock {
  /** The clock's time, epoch ms. */
  now: number;
  frozen: boolean;
}

/** What an advance wrote, by kind. */
export interface AdvanceSummary {
  clock: TestClock;
  /** The clock's time before the advance, epoch ms. */
  from: number;
  tariffExpiring: number;
  tariffExpired: number;
  /** Day-ahead publications of the simulated markets the account's locations take. */
  marketPublications: number;
  locationUpdates: number;
  connectionsConnected: number;
  connectionsFailed: number;
  /** Pending webhook deliveries of test mode brought forward with the clock. */
  webhookDeliveriesShifted: number;
}

/** Test helpers exist for test mode only; a live key sees no such route. */
/** Test clocks exist in test mode only; the HTTP layer answers live keys before this is reached. */
function testModeOnly(scope: Scope): void {
  if (scope.liveMode) throw new NotFoundError('test_clock', scope.accountId);
}

const serverNow = (ctx: CoreContext) => ctx.now(SERVER);

function clockOf(state: ClockState | null, server: number): TestClock {
  return state ? { now: timeOf(state, server), frozen: state.frozen } : { now: server, frozen: false };
}

/** The clock of the scope's test mode, read from the database (this node's copy refreshed with it). */
export async function retrieveTestClock(ctx: CoreContext, scope: Scope): Promise<TestClock> {
  testModeOnly(scope);
  const row = await selectTestClock(ctx.db, scope.accountId);
  const state = row ? toClockState(row) : null;
  ctx.clocks?.remember(scope.accountId, state);
  return clockOf(state, serverNow(ctx));
}

/** Runs `change` on the locked clock row of the account (made at real time when it has none). */
async function withLockedClock<T>(
  ctx: CoreContext,
  accountId: string,
  change: (db: Db, row: TestClockRecord, server: number) => Promise<{ row: TestClockRecord; result: T }>,
): Promise<T> {
  const { row, result } = await ctx.db.transaction().execute(async (trx) => {
    const server = serverNow(ctx);
    const at = new Date(server);
    const locked = await lockTestClock(trx, accountId, {
      frozen: false,
      clock_at: at,
      server_at: at,
      fired_through: at,
      updated_at: at,
    });
    return change(trx, locked, server);
  });
  ctx.clocks?.remember(accountId, toClockState(row));
  return result;
}

export async function freezeTestClock(ctx: CoreContext, scope: Scope): Promise<TestClock> {
  testModeOnly(scope);
  return withLockedClock(ctx, scope.accountId, async (db, row, server) => {
    const now = timeOf(toClockState(row), server);
    const updated = await updateTestClockRow(db, scope.accountId, {
      frozen: true,
      clock_at: new Date(now),
      server_at: new Date(server),
      updated_at: new Date(server),
    });
    return { row: updated, result: { now, frozen: true } };
  });
}

export async function unfreezeTestClock(ctx: CoreContext, scope: Scope): Promise<TestClock> {
  testModeOnly(scope);
  return withLockedClock(ctx, scope.accountId, async (db, row, server) => {
    const now = timeOf(toClockState(row), server);
    const updated = await updateTestClockRow(db, scope.accountId, {
      frozen: false,
      clock_at: new Date(now),
      server_at: new Date(server),
      updated_at: new Date(server),
    });
    return { row: updated, result: { now, frozen: false } };
  });
}

/** Where an advance goes: an instant, or a number of seconds from the clock's time. */
export type AdvanceTarget = { to: number } | { bySeconds: number };

/**
 * Moves the clock of the scope's test mode forward (at most 400 days), writing everything that
 * became due on the way, in time order, before it answers; then brings the account's pending
 * webhook deliveries forward by as much and wakes this node's delivery worker. Two advances of one
 * clock queue on its row lock, so each starts where the other ended.
 */
export async function advanceTestClock(
  ctx: CoreContext,
  scope: Scope,
  target: AdvanceTarget,
): Promise<AdvanceSummary> {
  testModeOnly(scope);
  const summary = await withLockedClock(ctx, scope.accountId, async (db, row, server) => {
    const state = toClockState(row);
    const from = timeOf(state, server);
    const field = 'to' in target ? 'to' : 'by_seconds';
    const to = 'to' in target ? target.to : from + target.bySeconds * 1000;
    if (!Number.isFinite(to) || to < from) {
      throw new ValidationError(
        `${field}_invalid`,
        `A test clock only moves forward: ${field} must be at or after the clock's time, ${new Date(from).toISOString()}`,
      );
    }
    if (to - from > MAX_ADVANCE_MS) {
      throw new ValidationError(`${field}_invalid`, 'A test clock moves at most 400 days per advance');
    }
    const fired = await fireDueIn(db, scope, row.fired_through.getTime(), to);
    const shifted = await shiftTestDeliveries(db, scope.accountId, to - from);
    const updated = await updateTestClockRow(db, scope.accountId, {
      clock_at: new Date(to),
      server_at: new Date(server),
      fired_through: new Date(to),
      updated_at: new Date(server),
    });
    const result: AdvanceSummary = {
      clock: { now: to, frozen: state.frozen },
      from,
      ...fired,
      webhookDeliveriesShifted: shifted,
    };
    return { row: updated, result };
  });
  // webhook attempts that became due start now, after the answer is on its way
  signalDeliveriesWritten();
  return summary;
}

/**
 * Deletes every test-mode object of the account (customers, locations, tariffs, devices, meter
 * records, events, webhook endpoints with their deliveries, Connect tokens and connections,
 * idempotency records) and puts its clock back to real time. Live mode is untouched.
 */
export async function resetTestMode(
  ctx: CoreContext,
  scope: Scope,
): Promise<{ clock: TestClock; removed: Record<string, number> }> {
  testModeOnly(scope);
  const removed = await ctx.db.transaction().execute(async (trx) => {
    await lockTestClock(trx, scope.accountId, {
      frozen: false,
      clock_at: new Date(serverNow(ctx)),
      server_at: new Date(serverNow(ctx)),
      fired_through: new Date(serverNow(ctx)),
      updated_at: new Date(serverNow(ctx)),
    });
    const rows = await deleteTestModeRows(trx, scope.accountId);
    await deleteTestClock(trx, scope.accountId);
    return rows;
  });
  ctx.clocks?.remember(scope.accountId, null);
  ctx.caches?.forgetMarketScenarios(scope.accountId);
  return { clock: { now: serverNow(ctx), frozen: false }, removed };
}

/**
 * One round for clocks that run ahead of (or behind) real time: writes what each one's passing
 * time made due since it last did. Frozen clocks have nothing due. Every node may run it: each
 * clock is worked on under its row lock.
 */
export async function runTestClockRound(ctx: CoreContext): Promise<{ accountId: string; written: number }[]> {
  const outcomes: { accountId: string; written: number }[] = [];
  for (const candidate of await selectTestClocks(ctx.db)) {
    if (candidate.frozen) continue;
    const written = await ctx.db.transaction().execute(async (trx) => {
      const server = serverNow(ctx);
      const locked = await selectTestClockForUpdate(trx, candidate.account_id);
      if (!locked || locked.frozen) return 0;
      const now = timeOf(toClockState(locked), server);
      const from = locked.fired_through.getTime();
      if (now <= from) return 0;
      const scope = { accountId: locked.account_id, liveMode: false };
      const fired = await fireDueIn(trx, scope, from, now);
      await updateTestClockRow(trx, locked.account_id, { fired_through: new Date(now) });
      return (
        fired.tariffExpiring +
        fired.tariffExpired +
        fired.locationUpdates +
        fired.connectionsConnected +
        fired.connectionsFailed
      );
    });
    if (written > 0) outcomes.push({ accountId: candidate.account_id, written });
  }
  return outcomes;
}

type Fired = Omit<AdvanceSummary, 'clock' | 'from' | 'webhookDeliveriesShifted'>;

/** Something due at an instant; `order` breaks ties (publications, then notices, then connections). */
interface DueItem {
  at: number;
  order: number;
  write: () => Promise<void>;
}

/**
 * Writes everything of the scope's test mode due in (`after`, `through`], each at its own instant
 * (its events' time and IDs), in time order. Something overdue before `after` (a tariff whose
 * contract had ended when it was made) is written at `after`, or when its object was last
 * changed if that is later.
 */
async function fireDueIn(db: Db, scope: Scope, after: number, through: number): Promise<Fired> {
  const fired: Fired = {
    tariffExpiring: 0,
    tariffExpired: 0,
    marketPublications: 0,
    locationUpdates: 0,
    connectionsConnected: 0,
    connectionsFailed: 0,
  };
  const items: DueItem[] = [];
  const end = new Date(through);

  for (const row of await selectTestTariffsWithNoticeDue(db, scope.accountId, end)) {
    items.push(...noticesOf(db, scope, row, after, through, fired));
  }

  const publications = new Set<string>();
  // publication instants per source, under the account's market scenarios [decision:market-scenarios]
  const instantsOf = new Map<string, number[]>();
  for (const location of await selectTestMarketLocations(db, scope.accountId)) {
    const updates = new Set<number>();
    const created = location.created_at.getTime();
    const sources = new Set([location.market_sources.import, location.market_sources.export]);
    for (const sourceId of sources) {
      if (sourceId === undefined) continue;
      const zone = describeMarketSource(sourceId).timeZone ?? location.timezone;
      const key = `${sourceId}/${zone}`;
      let instants = instantsOf.get(key);
      if (!instants) {
        const scenarios = await loadMarketScenarios(db, scope.accountId, sourceId, after);
        instants = publicationsIn(zone, after, through, scenarios);
        instantsOf.set(key, instants);
      }
      for (const at of instants) {
        publications.add(`${sourceId}@${at}`);
        if (at >= created) updates.add(at);
      }
    }
    for (const at of updates) {
      items.push({
        at,
        order: 0,
        write: async () => {
          await recordEvent(db, scope, at, 'location.update', locationOfRecord(location));
          fired.locationUpdates++;
        },
      });
    }
  }
  fired.marketPublications = publications.size;

  for (const row of await selectTestConnectionsDue(db, scope.accountId, end)) {
    // tried when the provider answers and, if it has not, when the wait is given up
    const settled = { done: false };
    const instants = [row.resolve_at?.getTime(), row.give_up_at.getTime()]
      .filter((due): due is number => due !== undefined)
      .map((due) => Math.max(due, after, row.created_at.getTime()))
      .filter((at) => at <= through);
    for (const at of new Set(instants)) {
      items.push({ at, order: 2, write: () => resolveAt(db, scope, at, row, fired, settled) });
    }
  }

  items.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const item of items) await item.write();
  return fired;
}

async function resolveAt(
  db: Db,
  scope: Scope,
  at: number,
  row: ConnectConnectionRecord,
  fired: Fired,
  settled: { done: boolean },
): Promise<void> {
  if (settled.done) return;
  const outcome = await resolveConnectionIn({ db }, db, scope, at, row);
  if (outcome) settled.done = true;
  if (outcome?.result === 'connected') fired.connectionsConnected++;
  if (outcome?.result === 'failed') fired.connectionsFailed++;
}

/**
 * The contract notices a tariff owes by `through` [decision:contract-notices]: `tariff.expiring`
 * at its due time unless the contract has ended by then, and `tariff.expired` at contract_end.
 */
function noticesOf(
  db: Db,
  scope: Scope,
  row: TariffRecord,
  after: number,
  through: number,
  fired: Fired,
): DueItem[] {
  const due = row.next_notice_at?.getTime();
  if (due === undefined) return [];
  const end = row.contract_end.getTime();
  const first = Math.max(due, after, row.updated_at.getTime());
  const notice = (at: number, type: 'tariff.expiring' | 'tariff.expired'): DueItem => ({
    at,
    order: 1,
    write: async () => {
      const tariff = await tariffOfRecordIn(db, scope, row);
      await recordEvent(db, scope, at, type, tariff);
      await updateTariffRow(db, scope, row.id, {
        next_notice_at: type === 'tariff.expired' ? null : row.contract_end,
      });
      if (type === 'tariff.expired') fired.tariffExpired++;
      else fired.tariffExpiring++;
    },
  });
  if (end <= first) return [notice(first, 'tariff.expired')];
  const items = [notice(first, 'tariff.expiring')];
  if (end <= through) items.push(notice(end, 'tariff.expired'));
  return items;
}
