// DIRECT connections a session completed while the provider had not given the tariff yet
// [decision:connect-pending-connections]: the location's slot shows PENDING and its prices answer
// 422 pending_connect until a round resolves the connection (writes the tariff) when the provider
// answers, or gives up after 48 hours with `tariff.fetch.failed`.
import { localEpochDayOf, startOfLocalDay } from '../../../engine/index.ts';
import { newId } from '../../../lib/ids.ts';
import type { Db } from '../../../store/database.ts';
import {
  claimDueConnections,
  deleteConnectConnection,
  deletePendingConnectionsOfSlot,
  insertConnectConnection,
  markConnectionFailed,
  selectPendingConnections,
  type ConnectConnectionRecord,
} from '../../../store/connect-connections.ts';
import { retrieveLibraryTariff } from '../../catalogue/catalogue.ts';
import { SERVER } from '../../clock.ts';
import type { CoreContext, Scope } from '../../context.ts';
import { recordEvent } from '../../events/events.ts';
import { retrieveLocationFactsIn } from '../../locations/locations.ts';
import { insertConnectedTariff } from '../../tariffs/tariffs.ts';
import { OPEN_END } from './machine.ts';
import { setTokenTariffIn } from './session-token.ts';
import type { DirectConnection } from './types.ts';

/** How long an unanswered DIRECT connection is waited for before `tariff.fetch.failed`. */
export const GIVE_UP_AFTER_MS = 48 * 3_600_000;

export async function insertPendingConnectionIn(
  db: Db,
  scope: Scope,
  nowMs: number,
  input: {
    tokenId: string;
    locationId: string;
    direction: string;
    type: string;
    connection: DirectConnection;
  },
): Promise<void> {
  await deletePendingConnectionsOfSlot(db, scope, input);
  await insertConnectConnection(db, {
    account_id: scope.accountId,
    live_mode: scope.liveMode,
    id: newId('coc', nowMs),
    token_id: input.tokenId,
    location_id: input.locationId,
    direction: input.direction as ConnectConnectionRecord['direction'],
    type: input.type as ConnectConnectionRecord['type'],
    provider_id: input.connection.providerId,
    library_tariff_id: input.connection.libraryTariffId,
    status: 'PENDING',
    resolve_at: new Date(nowMs + input.connection.pendingSeconds * 1000),
    give_up_at: new Date(nowMs + GIVE_UP_AFTER_MS),
    created_at: new Date(nowMs),
  });
}

/** A slot key `TYPE:DIRECTION` for each pending connection of a location. */
export async function pendingSlotsOf(db: Db, scope: Scope, locationId: string): Promise<Set<string>> {
  const rows = await selectPendingConnections(db, scope, [locationId]);
  return new Set(rows.map((row) => `${row.type}:${row.direction}`));
}

/** Removes a slot's pending connection (a later session saved or disconnected the slot). */
export async function dropPendingConnectionIn(
  db: Db,
  scope: Scope,
  slot: { locationId: string; direction: string; type: string },
): Promise<void> {
  await deletePendingConnectionsOfSlot(db, scope, slot);
}

export interface ConnectionOutcome {
  id: string;
  accountId: string;
  result: 'connected' | 'failed';
  tariffId?: string;
}

/**
 * One round: claims due pending connections across accounts (`for update skip locked`, so every
 * node may run it) and resolves each in its own scope's time: the library tariff written as a
 * DIRECT, linked tariff when the provider has answered, or `tariff.fetch.failed` after 48 hours.
 */
export async function runConnectionRound(ctx: CoreContext, limit = 50): Promise<ConnectionOutcome[]> {
  return ctx.db.transaction().execute(async (trx) => {
    // claimed by the server's clock; each row is then checked by its own scope's clock
    const rows = await claimDueConnections(trx, ctx.now(SERVER), limit);
    const outcomes: ConnectionOutcome[] = [];
    for (const row of rows) {
      const scope: Scope = { accountId: row.account_id, liveMode: row.live_mode };
      const now = ctx.now(scope);
      const outcome = await resolveConnectionIn(ctx, trx, scope, now, row);
      if (outcome) outcomes.push(outcome);
    }
    return outcomes;
  });
}

/**
 * Resolves one pending connection as of `now` (its scope's time): connected when the provider has
 * answered by then, failed after 48 hours, else left pending (undefined). The test clock's advance
 * calls it at each connection's due instant.
 */
export async function resolveConnectionIn(
  ctx: Pick<CoreContext, 'db'>,
  db: Db,
  scope: Scope,
  now: number,
  row: ConnectConnectionRecord,
): Promise<ConnectionOutcome | undefined> {
  const facts = (await retrieveLocationFactsIn(db, scope, [row.location_id])).get(row.location_id);
  if (!facts) {
    await deleteConnectConnection(db, scope, row.id);
    return undefined;
  }
  const resolveAt = row.resolve_at?.getTime() ?? Infinity;
  const library = row.library_tariff_id ? await retrieveLibraryTariff({ db }, row.library_tariff_id) : null;
  if (resolveAt <= now && library) {
    const start = startOfLocalDay(facts.timezone, localEpochDayOf(facts.timezone, now));
    const tariff = await insertConnectedTariff(db, scope, now, {
      locationId: row.location_id,
      direction: row.direction,
      type: row.type,
      marketRates: library.marketRates,
      contractStart: library.validFrom ?? start,
      contractEnd: library.validTo ?? OPEN_END,
      schedule: library.schedule,
      connectionType: 'DIRECT',
      isLinked: true,
      libraryTariffId: library.id,
      providerId: row.provider_id,
      displayName: library.name,
    });
    await deleteConnectConnection(db, scope, row.id);
    await setTokenTariffIn(db, row.token_id, tariff.id);
    return { id: row.id, accountId: scope.accountId, result: 'connected', tariffId: tariff.id };
  }
  if (row.give_up_at.getTime() <= now) {
    await markConnectionFailed(db, scope, row.id);
    // a tariff event's reference: the slot's tariff never came, so its ID is empty
    const reference = {
      id: '',
      accountId: scope.accountId,
      liveMode: scope.liveMode,
      locationId: row.location_id,
      customerId: facts.customerId,
    };
    await recordEvent(db, scope, now, 'tariff.fetch.failed', reference);
    return { id: row.id, accountId: scope.accountId, result: 'failed' };
  }
  return undefined;
}
