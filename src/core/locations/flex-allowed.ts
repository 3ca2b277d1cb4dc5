import { selectLocationScopeById, updateLocationRow } from '../../store/locations.ts';
import type { CoreContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { recordEvent } from '../events/events.ts';
import { retrieveLocation, type Location } from './locations.ts';

/**
 * Sets whether flexibility services may be offered at a location ([decision:location-addresses]: `false` unless
 * set through the admin surface, which stands in for Flatpeak's Dashboard, so it finds the
 * location in whichever account and mode holds it). Emits `location.update`, as any change of
 * the Location object does.
 */
export async function setLocationFlexAllowed(
  ctx: CoreContext,
  locationId: string,
  flexAllowed: boolean,
): Promise<Location> {
  return ctx.db.transaction().execute(async (trx) => {
    const scope = await selectLocationScopeById(trx, locationId);
    if (!scope) throw new NotFoundError('location', locationId);
    const now = ctx.now(scope);
    await updateLocationRow(trx, scope, locationId, { flex_allowed: flexAllowed });
    const location = await retrieveLocation({ ...ctx, db: trx }, scope, locationId);
    await recordEvent(trx, scope, now, 'location.update', location);
    return location;
  });
}
