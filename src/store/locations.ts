import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import { cursorRow, selectKeysetPage, type KeysetRequest } from './pages.ts';
import type { Db, LocationRow } from './schema.ts';

type LocationWrite = Selectable<LocationRow>;

/** A location with `id:type:direction` of each of its tariffs, oldest first (then `pending:type:direction`
 * of its pending Connect slots), read in the same query. */
export type LocationRecord = LocationWrite & { tariffs: string[] };

function toRowValues(record: Partial<LocationWrite> & { tariffs?: unknown }): Updateable<LocationRow> {
  // `tariffs` is read from the tariffs table, never written here.
  const { postal_address, geo_location, market_sources, tariffs: _derived, ...rest } = record;
  return {
    ...rest,
    ...(postal_address !== undefined ? { postal_address: JSON.stringify(postal_address) } : {}),
    ...(geo_location !== undefined ? { geo_location: JSON.stringify(geo_location) } : {}),
    ...(market_sources !== undefined ? { market_sources: JSON.stringify(market_sources) } : {}),
  };
}

/** Runs `work` in the caller's transaction, or in a new one when `db` is not a transaction. */
function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Adds a location ID to its customer's stored list, kept in `id` order as the locations
 * subquery it replaces ordered it [decision:customer-location-ids]. The new list is computed from
 * the row's own column, so two transactions adding to one customer wait for each other's row lock
 * and the second sees the first's ID (PostgreSQL re-evaluates the SET on the newest row version).
 */
async function addLocationId(db: Db, scope: Scope, customerId: string, locationId: string): Promise<void> {
  await sql`
    update customers
       set location_ids = array(
             select x from unnest(array_append(array_remove(location_ids, ${locationId}::text), ${locationId}::text)) x
              order by x)
     where account_id = ${scope.accountId} and live_mode = ${scope.liveMode} and id = ${customerId}`.execute(
    db,
  );
}

/** Removes a location ID from its customer's stored list [decision:customer-location-ids]. */
async function removeLocationId(db: Db, scope: Scope, customerId: string, locationId: string): Promise<void> {
  await sql`
    update customers
       set location_ids = array_remove(location_ids, ${locationId}::text)
     where account_id = ${scope.accountId} and live_mode = ${scope.liveMode} and id = ${customerId}`.execute(
    db,
  );
}

/** Inserts a location and adds its ID to its customer's list, in one transaction. */
export async function insertLocation(db: Db, record: LocationWrite): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('locations')
      .values(toRowValues(record) as Insertable<LocationRow>)
      .execute();
    if (record.customer_id !== null)
      await addLocationId(
        trx,
        { accountId: record.account_id, liveMode: record.live_mode },
        record.customer_id,
        record.id,
      );
  });
}

/**
 * `id:type:direction` of each tariff of the location, oldest first, then `pending:type:direction`
 * of each slot a Connect session left waiting for its provider (migration 0011)
 * [decision:connect-pending-connections].
 */
const TARIFF_ENTRIES = sql.raw(
  `array(select e from (select t.id || ':' || t.type || ':' || t.direction as e from tariffs t where t.account_id = locations.account_id and t.live_mode = locations.live_mode and t.location_id = locations.id` +
    ` union all select 'pending:' || c.type || ':' || c.direction from connect_connections c where c.account_id = locations.account_id and c.live_mode = locations.live_mode and c.location_id = locations.id and c.status = 'PENDING') entries order by e like 'pending:%', e)`,
);

function scoped(db: Db, scope: Scope) {
  return db
    .selectFrom('locations')
    .selectAll()
    .select(sql<string[]>`${TARIFF_ENTRIES}`.as('tariffs'))
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode);
}

export async function selectLocationById(
  db: Db,
  scope: Scope,
  id: string,
): Promise<LocationRecord | undefined> {
  return scoped(db, scope).where('id', '=', id).executeTakeFirst();
}

/** What tariffs read of their locations, for each of `ids` that names a location of this scope
 * (one query). */
export async function selectLocationFacts(
  db: Db,
  scope: Scope,
  ids: readonly string[],
): Promise<Pick<LocationRecord, 'id' | 'timezone' | 'customer_id' | 'market_sources'>[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('locations')
    .select(['id', 'timezone', 'customer_id', 'market_sources'])
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', 'in', ids)
    .execute();
}

export async function selectLocationsPage(
  db: Db,
  scope: Scope,
  filter: { referenceId?: string | undefined; customerId?: string | undefined },
  page: KeysetRequest,
): Promise<{ rows: LocationRecord[]; hasMore: boolean }> {
  let query = scoped(db, scope);
  if (filter.referenceId !== undefined) query = query.where('reference_id', '=', filter.referenceId);
  if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
  return selectKeysetPage(query, (id) => cursorRow(db, scope, 'locations', id), page);
}

export async function updateLocationRow(
  db: Db,
  scope: Scope,
  id: string,
  patch: Partial<Omit<LocationWrite, 'id' | 'account_id' | 'live_mode' | 'created_at'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  const update = (trx: Db) =>
    trx
      .updateTable('locations')
      .set(toRowValues(patch))
      .where('account_id', '=', scope.accountId)
      .where('live_mode', '=', scope.liveMode)
      .where('id', '=', id)
      .execute();
  if (patch.customer_id === undefined) {
    await update(db);
    return;
  }
  // A move to another customer: both customers' lists change in the same transaction.
  const to = patch.customer_id;
  await inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('locations')
      .select('customer_id')
      .where('account_id', '=', scope.accountId)
      .where('live_mode', '=', scope.liveMode)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    await update(trx);
    if (before === undefined || before.customer_id === to) return;
    const from = before.customer_id;
    // Customer rows are locked in ID order, so two opposite moves cannot deadlock.
    const steps: [string, (customerId: string) => Promise<void>][] = [];
    if (from !== null) steps.push([from, (c) => removeLocationId(trx, scope, c, id)]);
    if (to !== null) steps.push([to, (c) => addLocationId(trx, scope, c, id)]);
    steps.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [customerId, step] of steps) await step(customerId);
  });
}

/** Deletes a location and removes its ID from its customer's list, in one transaction. */
export async function deleteLocationRow(db: Db, scope: Scope, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const deleted = await trx
      .deleteFrom('locations')
      .where('account_id', '=', scope.accountId)
      .where('live_mode', '=', scope.liveMode)
      .where('id', '=', id)
      .returning('customer_id')
      .executeTakeFirst();
    if (deleted?.customer_id != null) await removeLocationId(trx, scope, deleted.customer_id, id);
  });
}

/** The account and mode a location ID belongs to, whatever they are (for the admin surface). */
export async function selectLocationScopeById(db: Db, id: string): Promise<Scope | undefined> {
  const row = await db
    .selectFrom('locations')
    .select(['account_id', 'live_mode'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { accountId: row.account_id, liveMode: row.live_mode };
}

/**
 * Every location of any account whose import or export market source is `sourceId`, with its
 * tariffs as `scoped` reads them (for `location.update` when the source's prices change).
 */
export async function selectLocationsByMarketSource(db: Db, sourceId: string): Promise<LocationRecord[]> {
  return db
    .selectFrom('locations')
    .selectAll()
    .select(sql<string[]>`${TARIFF_ENTRIES}`.as('tariffs'))
    .where((eb) =>
      eb.or([
        eb(sql`market_sources->>'import'`, '=', sourceId),
        eb(sql`market_sources->>'export'`, '=', sourceId),
      ]),
    )
    .orderBy('account_id')
    .orderBy('id')
    .execute() as Promise<LocationRecord[]>;
}

/** The test-mode locations of an account that take market prices for import or export (test clocks). */
export async function selectTestMarketLocations(db: Db, accountId: string): Promise<LocationRecord[]> {
  return db
    .selectFrom('locations')
    .selectAll()
    .select(sql<string[]>`${TARIFF_ENTRIES}`.as('tariffs'))
    .where('account_id', '=', accountId)
    .where('live_mode', '=', false)
    .where((eb) =>
      eb.or([
        eb(sql`market_sources->>'import'`, 'is not', null),
        eb(sql`market_sources->>'export'`, 'is not', null),
      ]),
    )
    .orderBy('id')
    .execute() as Promise<LocationRecord[]>;
}
