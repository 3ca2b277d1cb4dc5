// Deletions that reach across resources: a customer takes its locations with it, a location its
// tariffs [decision:deletion-cascade]. Every deleted object records its event in the one
// transaction of the deletion. This module sits above customers, locations and tariffs, so none of
// them needs to know what depends on it.
import type { Db } from '../../store/database.ts';
import type { CoreContext, Scope } from '../context.ts';
import { deleteCustomerIn, retrieveCustomerIn } from '../customers/customers.ts';
import { deleteLocationIn, retrieveLocationIn } from '../locations/locations.ts';
import { deleteTariffIn, tariffsOfLocation } from '../tariffs/tariffs.ts';

/** Deletes a location and its tariffs inside the caller's transaction, tariffs first. */
export async function deleteLocationCascadeIn(
  db: Db,
  scope: Scope,
  nowMs: number,
  id: string,
): Promise<void> {
  const location = await retrieveLocationIn(db, scope, id);
  for (const tariff of await tariffsOfLocation(db, scope, location))
    await deleteTariffIn(db, scope, nowMs, tariff);
  await deleteLocationIn(db, scope, nowMs, location);
}

export async function deleteLocation(ctx: CoreContext, scope: Scope, id: string): Promise<void> {
  const now = ctx.now(scope);
  await ctx.db.transaction().execute((trx) => deleteLocationCascadeIn(trx, scope, now, id));
}

/** Deletes a customer and, first, each of its locations (and their tariffs) with their events. */
export async function deleteCustomer(ctx: CoreContext, scope: Scope, id: string): Promise<void> {
  const now = ctx.now(scope);
  await ctx.db.transaction().execute(async (trx) => {
    const customer = await retrieveCustomerIn(trx, scope, id);
    for (const locationId of customer.locations) await deleteLocationCascadeIn(trx, scope, now, locationId);
    await deleteCustomerIn(trx, scope, now, customer);
  });
}
