import { newId } from '../../lib/ids.ts';
import { wallNow } from '../clock.ts';
import { selectEventById, selectEventsPage, type EventRecord } from '../../store/events.ts';
import { insertEventsWithDeliveries } from '../../store/webhooks.ts';
import type { Db } from '../../store/database.ts';
import type { CoreContext, Scope } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { selectPage, type Page, type PageQuery } from '../pagination.ts';
import { MAX_ATTEMPTS } from '../webhooks/settings.ts';
import { signalDeliveriesWritten } from '../webhooks/wake.ts';

/**
 * Every change of state writes an event in the same transaction as the change, so an event
 * exists exactly when its change committed. `data` is the domain object as it was at the event;
 * transports render it in the API version they serve.
 */
export interface DomainEvent {
  id: string;
  accountId: string;
  liveMode: boolean;
  type: string;
  objectId: string;
  data: Record<string, unknown>;
  createdAt: number;
}

/**
 * Writes an event and, in the same statement, its webhook deliveries: one per enabled endpoint of
 * the scope whose event types match (the outbox; see core/webhooks). Wakes this node's delivery
 * worker when it wrote any.
 */
export async function recordEvent(
  db: Db,
  scope: Scope,
  nowMs: number,
  type: string,
  object: { id: string },
): Promise<void> {
  const deliveries = await insertEventsWithDeliveries(
    db,
    [
      {
        account_id: scope.accountId,
        live_mode: scope.liveMode,
        id: newId('evt', nowMs),
        type,
        object_id: object.id,
        data: object as unknown as Record<string, unknown>,
        created_at: new Date(nowMs),
      },
    ],
    MAX_ATTEMPTS,
    // due no later than now in server time, which a test clock may be ahead of [decision:test-clock-webhooks]
    new Date(wallNow()),
  );
  if (deliveries > 0) signalDeliveriesWritten();
}

function fromRecord(row: EventRecord): DomainEvent {
  return {
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    type: row.type,
    objectId: row.object_id,
    data: row.data,
    createdAt: row.created_at.getTime(),
  };
}

export async function retrieveEvent(ctx: CoreContext, scope: Scope, id: string): Promise<DomainEvent> {
  const row = await selectEventById(ctx.db, scope, id);
  if (!row) throw new NotFoundError('event', id);
  return fromRecord(row);
}

export async function listEvents(
  ctx: CoreContext,
  scope: Scope,
  filter: { type?: string | undefined; objectId?: string | undefined },
  page: PageQuery,
): Promise<Page<DomainEvent>> {
  const { rows, hasMore } = await selectPage(
    page,
    (keyset) => selectEventsPage(ctx.db, scope, filter, keyset),
    (id) => selectEventById(ctx.db, scope, id),
  );
  return { data: rows.map(fromRecord), hasMore };
}
