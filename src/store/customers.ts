import type { Selectable } from 'kysely';
import type { Scope } from '../lib/scope.ts';
import { selectKeysetPage, type KeysetRequest } from './pages.ts';
import type { CustomerRow, Db } from './schema.ts';

export type CustomerRecord = Selectable<CustomerRow>;

export async function insertCustomer(db: Db, row: CustomerRecord): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

export async function selectCustomerById(
  db: Db,
  scope: Scope,
  id: string,
): Promise<CustomerRecord | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function selectCustomersPage(
  db: Db,
  scope: Scope,
  filter: { referenceId?: string | undefined },
  page: KeysetRequest,
): Promise<{ rows: CustomerRecord[]; hasMore: boolean }> {
  let query = db
    .selectFrom('customers')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('live_mode', '=', scope.liveMode);
  if (filter.referenceId !== undefined) query = query.where('reference_id', '=', filter.referenceId);
  return selectKeysetPage(query, 'id', page);
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
