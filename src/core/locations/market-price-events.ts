import { newId } from '../../lib/ids.ts';
import type { Db } from '../../store/database.ts';
import { selectLocationsByMarketSource } from '../../store/locations.ts';
import { insertEventsWithDeliveries } from '../../store/webhooks.ts';
import { SERVER, type ClockScope } from '../clock.ts';
import { MAX_ATTEMPTS } from '../webhooks/settings.ts';
import { signalDeliveriesWritten } from '../webhooks/wake.ts';
import { fromRecord } from './locations.ts';

/** Locations per statement when new market prices write their `location.update` events. */
const BATCH = 500;

/**
 * New prices were stored for a market source: writes `location.update` for every location (of
 * any account) that uses it for import or export, with their webhook deliveries, in the
 * caller's transaction, a batch of locations per statement [decision:webhook-events]. Returns the
 * events written.
 */
export async function recordMarketPriceLocationUpdates(
  db: Db,
  now: (scope: ClockScope) => number,
  sourceId: string,
): Promise<number> {
  const locations = await selectLocationsByMarketSource(db, sourceId);
  let deliveries = 0;
  for (let from = 0; from < locations.length; from += BATCH) {
    const events = locations.slice(from, from + BATCH).map((row) => {
      const at = now({ accountId: row.account_id, liveMode: row.live_mode });
      return {
        account_id: row.account_id,
        live_mode: row.live_mode,
        id: newId('evt', at),
        type: 'location.update',
        object_id: row.id,
        data: fromRecord(row) as unknown as Record<string, unknown>,
        created_at: new Date(at),
      };
    });
    deliveries += await insertEventsWithDeliveries(db, events, MAX_ATTEMPTS, new Date(now(SERVER)));
  }
  if (deliveries > 0) signalDeliveriesWritten();
  return locations.length;
}
