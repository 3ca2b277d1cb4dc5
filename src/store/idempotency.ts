import type { Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import type { Db, IdempotencyKeyRow } from './schema.ts';

export type IdempotencyRecord = Selectable<IdempotencyKeyRow>;

/** Claims a key for a running request; returns false when the key is already taken. */
export async function insertIdempotencyClaim(
  db: Db,
  scope: Scope,
  key: string,
  requestHash: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .insertInto('idempotency_keys')
    .values({
      account_id: scope.accountId,
      live_mode: scope.liveMode,
      key,
      request_hash: requestHash,
      state: 'running',
      status_code: null,
      response_body: null,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['account_id', 'live_mode', 'key']).doNothing())
    .returning('key')
    .execute();
  return rows.length === 1;
}

export async function selectIdempotencyKey(
  db: Db,
  scope: Scope,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Takes over an expired key, only if it is still the expired row that was read. */
export async function reclaimIdempotencyKey(
  db: Db,
  scope: Scope,
  key: string,
  requestHash: string,
  expiredBefore: Date,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({
      request_hash: requestHash,
      state: 'running',
      status_code: null,
      response_body: null,
      created_at: at,
    })
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('key', '=', key)
    .where('created_at', '<', expiredBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateIdempotencyResult(
  db: Db,
  scope: Scope,
  key: string,
  statusCode: number,
  responseBody: string,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', status_code: statusCode, response_body: responseBody })
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('key', '=', key)
    .execute();
}

export async function deleteIdempotencyKey(db: Db, scope: Scope, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('key', '=', key)
    .execute();
}
