import { newId } from '../../lib/ids.ts';
import {
  deleteCustomerRow,
  insertCustomer,
  selectCustomerById,
  selectCustomersPage,
  updateCustomerRow,
  type CustomerPageRow,
  type CustomerWithLocations,
} from '../../store/customers.ts';
import type { Db } from '../../store/database.ts';
import type { CoreContext, Scope } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { recordEvent } from '../events/events.ts';
import { selectPage, type Page, type PageQuery } from '../pagination.ts';

export interface Customer {
  id: string;
  accountId: string;
  liveMode: boolean;
  referenceId: string | null;
  /** IDs of the customer's locations, oldest first. */
  locations: string[];
  createdAt: number;
}

export interface CustomerInput {
  referenceId?: string | undefined;
}

function fromRecord(row: CustomerWithLocations): Customer {
  return {
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    referenceId: row.reference_id,
    locations: row.locations,
    createdAt: row.created_at.getTime(),
  };
}

/**
 * The milliseconds of a `date_part('epoch', …)` float8, as Date.getTime() gives them for the same
 * timestamp: the double holds every microsecond of these years exactly enough to round back to it,
 * and the milliseconds are those microseconds truncated, as the timestamp parser truncates them.
 */
export function epochMs(seconds: number): number {
  return Math.floor(Math.round(seconds * 1e6) / 1000);
}

async function load(db: Db, scope: Scope, id: string): Promise<Customer> {
  const row = await selectCustomerById(db, scope, id);
  if (!row) throw new NotFoundError('customer', id);
  return fromRecord(row);
}

export async function createCustomer(
  ctx: CoreContext,
  scope: Scope,
  input: CustomerInput,
): Promise<Customer> {
  const now = ctx.now(scope);
  return ctx.db.transaction().execute((trx) => createCustomerIn(trx, scope, now, input));
}

/** Creates a customer and records its event, inside the caller's transaction. */
export async function createCustomerIn(
  db: Db,
  scope: Scope,
  nowMs: number,
  input: CustomerInput,
): Promise<Customer> {
  const customer: Customer = {
    id: newId('cus', nowMs),
    accountId: scope.accountId,
    liveMode: scope.liveMode,
    referenceId: input.referenceId ?? null,
    locations: [],
    createdAt: Math.floor(nowMs / 1000) * 1000,
  };
  await insertCustomer(db, {
    account_id: scope.accountId,
    live_mode: scope.liveMode,
    id: customer.id,
    reference_id: customer.referenceId,
    created_at: new Date(customer.createdAt),
  });
  await recordEvent(db, scope, nowMs, 'customer.create', customer);
  return customer;
}

export async function retrieveCustomer(ctx: CoreContext, scope: Scope, id: string): Promise<Customer> {
  return load(ctx.db, scope, id);
}

export async function listCustomers(
  ctx: CoreContext,
  scope: Scope,
  filter: { referenceId?: string | undefined },
  page: PageQuery,
): Promise<Page<Customer>> {
  const { rows, hasMore } = await selectPage(
    page,
    (keyset) => selectCustomersPage(ctx.db, scope, filter, keyset),
    (id) => selectCustomerById(ctx.db, scope, id),
  );
  // The page's rows carry no account or mode: they are the scope's [decision:list-request-cpu].
  const { accountId, liveMode } = scope;
  const data = rows.map(
    (row: CustomerPageRow): Customer => ({
      id: row[0],
      accountId,
      liveMode,
      referenceId: row[1],
      locations: row[3],
      createdAt: epochMs(row[2]),
    }),
  );
  return { data, hasMore };
}

export async function updateCustomer(
  ctx: CoreContext,
  scope: Scope,
  id: string,
  input: CustomerInput,
): Promise<Customer> {
  const now = ctx.now(scope);
  return ctx.db.transaction().execute(async (trx) => {
    await load(trx, scope, id);
    if (input.referenceId !== undefined)
      await updateCustomerRow(trx, scope, id, { reference_id: input.referenceId });
    const customer = await load(trx, scope, id);
    await recordEvent(trx, scope, now, 'customer.update', customer);
    return customer;
  });
}

/** Loads a customer inside the caller's transaction. */
export async function retrieveCustomerIn(db: Db, scope: Scope, id: string): Promise<Customer> {
  return load(db, scope, id);
}

/** Deletes a customer's row and records its event, inside the caller's transaction. Its locations
 * are deleted first by core/cascade, which calls this. */
export async function deleteCustomerIn(
  db: Db,
  scope: Scope,
  nowMs: number,
  customer: Customer,
): Promise<void> {
  await deleteCustomerRow(db, scope, customer.id);
  await recordEvent(db, scope, nowMs, 'customer.delete', customer);
}
