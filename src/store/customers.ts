import { sql, type Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import { cursorRow, selectKeysetPage, type KeysetRequest } from './pages.ts';
import type { CustomerRow, Db } from './schema.ts';

export type CustomerRecord = Selectable<CustomerRow>;

/** A customer with the IDs of its locations, oldest first, read in the same query. */
export type CustomerWithLocations = CustomerRecord & { locations: string[] };

function withLocations(db: Db, scope: Scope) {
  return db
    .selectFrom('customers')
    .selectAll()
    .select(
      sql<
        string[]
      >`array(select l.id from locations l where l.account_id = customers.account_id and l.live_mode = customers.live_mode and l.customer_id = customers.id order by l.id)`.as(
        'locations',
      ),
    )
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode);
}

export async function insertCustomer(db: Db, row: CustomerRecord): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

export async function selectCustomerById(
  db: Db,
  scope: Scope,
  id: string,
): Promise<CustomerWithLocations | undefined> {
  return withLocations(db, scope).where('id', '=', id).executeTakeFirst();
}

export async function selectCustomersPage(
  db: Db,
  scope: Scope,
  filter: { referenceId?: string | undefined },
  page: KeysetRequest,
): Promise<{ rows: CustomerWithLocations[]; hasMore: boolean }> {
  let query = withLocations(db, scope);
  if (filter.referenceId !== undefined) query = query.where('reference_id', '=', filter.referenceId);
  return selectKeysetPage(query, (id) => cursorRow(db, scope, 'customers', id), page);
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
