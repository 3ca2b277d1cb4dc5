import { sql, type Insertable, type Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import {
  cursorRow,
  keysetCursorResult,
  keysetFromCursor,
  keysetQuery,
  keysetResult,
  keysetShape,
  type KeysetRequest,
} from './pages.ts';
import { QueryShapes } from './query-shapes.ts';
import type { CustomerRow, Db } from './schema.ts';

export type CustomerRecord = Omit<Selectable<CustomerRow>, 'location_ids'>;

/** A customer with the IDs of its locations, oldest first, read in the same query. */
export type CustomerWithLocations = CustomerRecord & { locations: string[] };

/**
 * The customer rows of a scope with their location IDs, which each row stores itself (migration
 * 0014) rather than a locations subquery per row [decision:customer-location-ids].
 */
function withLocations(db: Db, scope: Scope) {
  return db
    .selectFrom('customers')
    .select(['account_id', 'live_mode', 'id', 'reference_id', 'created_at', 'location_ids as locations'])
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode);
}

export async function insertCustomer(db: Db, row: Insertable<CustomerRow>): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

export async function selectCustomerById(
  db: Db,
  scope: Scope,
  id: string,
): Promise<CustomerWithLocations | undefined> {
  return withLocations(db, scope).where('id', '=', id).executeTakeFirst();
}

/**
 * A customer of a list page, as the columns of its row: its scope's account and mode are the
 * request's own, so they are not read back for every row, and its creation time comes as seconds
 * since the epoch (a float8, to the microsecond) rather than a timestamp text parsed into a Date
 * [decision:list-request-cpu]. The order is the page query's select list.
 */
export type CustomerPageRow = readonly [
  id: string,
  referenceId: string | null,
  createdEpoch: number,
  locations: string[],
];

const pageShapes = new QueryShapes<CustomerPageRow>();

/** A keyset page of customers: every request of the list, so its query is compiled once per shape. */
export async function selectCustomersPage(
  db: Db,
  scope: Scope,
  filter: { referenceId?: string | undefined },
  page: KeysetRequest,
): Promise<{ rows: CustomerPageRow[]; hasMore: boolean }> {
  const byReference = filter.referenceId !== undefined;
  const rows = await pageShapes.select(
    db,
    `${keysetShape(page)}:${byReference ? 'reference' : 'all'}`,
    [scope.accountId, scope.liveMode, filter.referenceId, page.after ?? page.before],
    (slot) => {
      const slotScope: Scope = { accountId: slot(0), liveMode: slot(1) };
      const query = db
        .selectFrom('customers')
        // in CustomerPageRow's order
        .select([
          'id',
          'reference_id',
          sql<number>`date_part('epoch', created_at)`.as('created_epoch'),
          'location_ids as locations',
        ])
        .where('account_id', '=', slotScope.accountId)
        .where('live_mode', '=', slotScope.liveMode);
      // Filtered, the cursor's row may be one the filter leaves out: it is looked up on its own.
      if (!byReference) return keysetFromCursor(query, page, slot(3));
      return keysetQuery(
        query.where('reference_id', '=', slot(2)),
        (id) => cursorRow(db, slotScope, 'customers', id),
        {
          limit: page.limit,
          after: page.after === undefined ? undefined : slot(3),
          before: page.before === undefined ? undefined : slot(3),
        },
      );
    },
  );
  return byReference ? keysetResult(rows, page) : keysetCursorResult(rows, page, (row) => row[0]);
}

export async function updateCustomerRow(
  db: Db,
  scope: Scope,
  id: string,
  patch: { reference_id?: string | null },
): Promise<void> {
  await db
    .updateTable('customers')
    .set(patch)
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .execute();
}

export async function deleteCustomerRow(db: Db, scope: Scope, id: string): Promise<void> {
  await db
    .deleteFrom('customers')
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .execute();
}
