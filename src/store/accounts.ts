import type { Selectable } from 'kysely';
import type { AccountRow, ApiKeyRow, Db } from './schema.ts';

export type AccountRecord = Selectable<AccountRow>;
export type ApiKeyRecord = Selectable<ApiKeyRow>;

export async function insertAccount(db: Db, record: AccountRecord): Promise<void> {
  await db.insertInto('accounts').values(record).execute();
}

export async function selectAccountById(db: Db, id: string): Promise<AccountRecord | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectFirstAccount(db: Db): Promise<AccountRecord | undefined> {
  return db.selectFrom('accounts').selectAll().orderBy('id', 'asc').limit(1).executeTakeFirst();
}

export async function updateAccountRow(
  db: Db,
  id: string,
  patch: {
    status?: AccountRow['status'];
    rate_limit_per_minute?: number | null;
    connect_local_enabled?: boolean;
  },
): Promise<number> {
  if (Object.keys(patch).length === 0) return (await selectAccountById(db, id)) ? 1 : 0;
  const result = await db.updateTable('accounts').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertApiKey(db: Db, record: ApiKeyRecord): Promise<void> {
  await db.insertInto('api_keys').values(record).execute();
}

export async function selectApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRecord | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function selectApiKeysOfAccount(db: Db, accountId: string): Promise<ApiKeyRecord[]> {
  return db.selectFrom('api_keys').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

/** What a request needs to trust a token: the key, its account's status, secret and limit. */
export interface KeyGrant {
  account_id: string;
  key_id: string;
  live_mode: boolean;
  revoked: boolean;
  status: AccountRow['status'];
  token_secret: string;
  rate_limit_per_minute: number | null;
}

export async function selectKeyGrant(
  db: Db,
  accountId: string,
  keyId: string,
): Promise<KeyGrant | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('accounts', 'accounts.id', 'api_keys.account_id')
    .select([
      'api_keys.account_id',
      'api_keys.id as key_id',
      'api_keys.live_mode',
      'api_keys.revoked_at',
      'accounts.status',
      'accounts.token_secret',
      'accounts.rate_limit_per_minute',
    ])
    .where('api_keys.account_id', '=', accountId)
    .where('api_keys.id', '=', keyId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { revoked_at, ...rest } = row;
  return { ...rest, revoked: revoked_at !== null };
}

/** Revokes a key by its ID; returns the owning account, or undefined for an unknown key. */
export async function revokeApiKeyRow(db: Db, keyId: string, at: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', keyId)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}
