import type { Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import { cursorRow, selectKeysetPage, type KeysetRequest } from './pages.ts';
import type { Db, EventRow } from './schema.ts';

export type EventRecord = Selectable<EventRow>;

export async function insertEvent(db: Db, record: EventRecord): Promise<void> {
  await db
    .insertInto('events')
    .values({ ...record, data: JSON.stringify(record.data) })
    .execute();
}

function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode);
}

export async function selectEventById(db: Db, scope: Scope, id: string): Promise<EventRecord | undefined> {
  return scoped(db, scope).where('id', '=', id).executeTakeFirst();
}

export async function selectEventsPage(
  db: Db,
  scope: Scope,
  filter: { type?: string | undefined; objectId?: string | undefined },
  page: KeysetRequest,
): Promise<{ rows: EventRecord[]; hasMore: boolean }> {
  let query = scoped(db, scope);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.objectId !== undefined) query = query.where('object_id', '=', filter.objectId);
  return selectKeysetPage(query, (id) => cursorRow(db, scope, 'events', id), page);
}
