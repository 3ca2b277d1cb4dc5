import { sql, type Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import { cursorRow, selectKeysetPage, type KeysetRequest } from './pages.ts';
import type { Db, TariffRow } from './schema.ts';

export type TariffRecord = Selectable<TariffRow>;

function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('tariffs')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode);
}

export async function insertTariff(db: Db, record: TariffRecord): Promise<void> {
  await db
    .insertInto('tariffs')
    .values({ ...record, schedule: JSON.stringify(record.schedule) })
    .execute();
}

export async function selectTariffById(db: Db, scope: Scope, id: string): Promise<TariffRecord | undefined> {
  return scoped(db, scope).where('id', '=', id).executeTakeFirst();
}

/** The tariffs of one location, oldest first, optionally of one direction. */
export async function selectTariffsOfLocation(
  db: Db,
  scope: Scope,
  locationId: string,
  direction?: TariffRow['direction'],
): Promise<TariffRecord[]> {
  let query = scoped(db, scope).where('location_id', '=', locationId);
  if (direction !== undefined) query = query.where('direction', '=', direction);
  return query.orderBy('id', 'asc').execute();
}

export async function selectTariffsPage(
  db: Db,
  scope: Scope,
  filter: {
    locationId?: string | undefined;
    direction?: TariffRow['direction'] | undefined;
    type?: TariffRow['type'] | undefined;
  },
  page: KeysetRequest,
): Promise<{ rows: TariffRecord[]; hasMore: boolean }> {
  let query = scoped(db, scope);
  if (filter.locationId !== undefined) query = query.where('location_id', '=', filter.locationId);
  if (filter.direction !== undefined) query = query.where('direction', '=', filter.direction);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  return selectKeysetPage(query, (id) => cursorRow(db, scope, 'tariffs', id), page);
}

export async function updateTariffRow(
  db: Db,
  scope: Scope,
  id: string,
  patch: Partial<
    Pick<
      TariffRecord,
      | 'display_name'
      | 'provider_id'
      | 'market_rates'
      | 'contract_start'
      | 'contract_end'
      | 'schedule'
      | 'updated_at'
      | 'next_notice_at'
      | 'is_linked'
    >
  >,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  const { schedule, ...rest } = patch;
  await db
    .updateTable('tariffs')
    .set({ ...rest, ...(schedule !== undefined ? { schedule: JSON.stringify(schedule) } : {}) })
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .execute();
}

export async function deleteTariffRow(db: Db, scope: Scope, id: string): Promise<void> {
  await db
    .deleteFrom('tariffs')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .execute();
}

/**
 * Locks up to `limit` tariffs of any account whose next notice is due at `now`, skipping rows
 * another node holds. Call inside a transaction and clear or move `next_notice_at` in it. A test
 * mode with a test clock of its own is left out: that clock writes its notices [decision:test-clocks].
 */
export async function claimDueTariffNotices(db: Db, now: Date, limit: number): Promise<TariffRecord[]> {
  return db
    .selectFrom('tariffs')
    .selectAll()
    .where('next_notice_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb('live_mode', '=', true),
        eb.not(eb.exists(sql`(select 1 from test_clocks c where c.account_id = tariffs.account_id)`)),
      ]),
    )
    .orderBy('next_notice_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/**
 * The tariffs of every account linked to a library tariff, locked for the caller's transaction:
 * the one cross-account read of a library tariff's change [decision:catalogue-is-global].
 */
export async function selectLinkedTariffs(db: Db, libraryTariffId: string): Promise<TariffRecord[]> {
  return db
    .selectFrom('tariffs')
    .selectAll()
    .where('library_tariff_id', '=', libraryTariffId)
    .where('is_linked', '=', true)
    .orderBy('account_id')
    .orderBy('id')
    .forUpdate()
    .execute();
}
