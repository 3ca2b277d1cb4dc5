import type { Insertable, Selectable } from 'kysely';
import type { ConnectTokenRow, Db } from './schema.ts';

export type ConnectTokenRecord = Selectable<ConnectTokenRow>;

export async function insertConnectToken(db: Db, record: Insertable<ConnectTokenRow>): Promise<void> {
  await db.insertInto('connect_tokens').values(record).execute();
}

/**
 * A token by its ID alone: the session endpoint has no API key, so the token names its account
 * and mode. Callers that act for an account compare them.
 */
export async function selectConnectTokenById(db: Db, id: string): Promise<ConnectTokenRecord | undefined> {
  return db.selectFrom('connect_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}
