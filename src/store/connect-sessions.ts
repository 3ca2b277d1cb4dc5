// The Connect session's columns of `connect_tokens` (the token API's table, migration 0010): the
// state of a session and its version for compare-and-set, and what completing sets.
import type { Db } from './schema.ts';

export interface SessionPatch {
  /** The session state as JSON text. */
  session: string;
  customer_id?: string | null;
  location_id?: string | null;
  tariff_id?: string | null;
  complete_action?: 'SAVE' | 'DISCONNECT';
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
  const result = await db
    .updateTable('connect_tokens')
    .set({ ...patch, session_version: version + 1 })
    .where('id', '=', id)
    .where('session_version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Records the tariff a pending DIRECT connection wrote once the provider answered. */
export async function updateTokenTariff(db: Db, id: string, tariffId: string): Promise<void> {
  await db.updateTable('connect_tokens').set({ tariff_id: tariffId }).where('id', '=', id).execute();
}
