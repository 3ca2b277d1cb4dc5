// The Connect session's columns of `connect_tokens` (the table is the token API's, migration
// 0010): the state of a session and its version for compare-and-set, and what completing sets.
import type { ColumnType, Selectable } from 'kysely';
import type { Db } from './schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The columns of `connect_tokens` a session reads and writes. */
export interface ConnectTokenSessionRow {
  account_id: string;
  live_mode: boolean;
  id: string;
  request: unknown;
  session: unknown;
  session_version: number;
  customer_id: string | null;
  location_id: string | null;
  tariff_id: string | null;
  complete_action: string | null;
  completed_at: Timestamp | null;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export type ConnectTokenSessionRecord = Selectable<ConnectTokenSessionRow>;

const withTokens = (db: Db) => db.withTables<{ connect_tokens: ConnectTokenSessionRow }>();

/** A token by ID alone: the session endpoint is authorised by the token, not by a key. */
export async function selectTokenSession(db: Db, id: string): Promise<ConnectTokenSessionRecord | undefined> {
  return withTokens(db).selectFrom('connect_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface SessionPatch {
  session: unknown;
  customer_id?: string | null;
  location_id?: string | null;
  tariff_id?: string | null;
  complete_action?: string;
  completed_at?: Date;
}

/**
 * Writes a session's next state if no other step wrote since `version` was read (compare-and-set
 * on `session_version`); false when another step won.
 */
export async function updateTokenSession(
  db: Db,
  id: string,
  version: number,
  patch: SessionPatch,
): Promise<boolean> {
  const result = await withTokens(db)
    .updateTable('connect_tokens')
    .set({ ...patch, session: JSON.stringify(patch.session), session_version: version + 1 })
    .where('id', '=', id)
    .where('session_version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Records the tariff a pending DIRECT connection wrote once the provider answered. */
export async function updateTokenTariff(db: Db, id: string, tariffId: string): Promise<void> {
  await withTokens(db)
    .updateTable('connect_tokens')
    .set({ tariff_id: tariffId })
    .where('id', '=', id)
    .execute();
}
