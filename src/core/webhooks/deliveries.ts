import {
  deleteWebhookDeliveriesBefore,
  redeliverFailedSince,
  selectWebhookAttempts,
  selectWebhookDeliveries,
  upsertRedelivery,
  type WebhookAttemptRecord,
  type WebhookDeliveryRecord,
} from '../../store/webhooks.ts';
import { selectEventById } from '../../store/events.ts';
import { retrieveAccount } from '../accounts/accounts.ts';
import { SERVER } from '../clock.ts';
import type { CoreContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { retrieveWebhookEndpoint } from './endpoints.ts';
import type { WebhookSettings } from './settings.ts';
import { signalDeliveriesWritten } from './wake.ts';

export interface WebhookAttempt {
  id: string;
  attemptedAt: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

/** A delivery of one event to one endpoint, with its attempt log, oldest attempt first. */
export interface WebhookDelivery {
  accountId: string;
  eventId: string;
  endpointId: string;
  liveMode: boolean;
  status: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  nextAttemptAt: number | null;
  createdAt: number;
}

function toDelivery(row: WebhookDeliveryRecord, attempts: WebhookAttemptRecord[]): WebhookDelivery {
  return {
    accountId: row.account_id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    liveMode: row.live_mode,
    status: row.status,
    attempts: attempts
      .filter((a) => a.event_id === row.event_id && a.endpoint_id === row.endpoint_id)
      .map((a) => ({
        id: a.id,
        attemptedAt: a.attempted_at.getTime(),
        statusCode: a.status_code,
        latencyMs: a.latency_ms,
        error: a.error,
        responseExcerpt: a.response_excerpt,
      })),
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.getTime() : null,
    createdAt: row.created_at.getTime(),
  };
}

/** The delivery log of an account: deliveries (newest first) filtered by endpoint, event or status. */
export async function listWebhookDeliveries(
  ctx: CoreContext,
  accountId: string,
  filter: { endpointId?: string | undefined; eventId?: string | undefined; status?: string | undefined },
  limit: number,
): Promise<WebhookDelivery[]> {
  await retrieveAccount(ctx, accountId);
  const rows = await selectWebhookDeliveries(ctx.db, accountId, filter, limit);
  const attempts = await selectWebhookAttempts(ctx.db, accountId, rows);
  return rows.map((row) => toDelivery(row, attempts));
}

/** Sends one event to an endpoint of its account and mode once more, now. */
export async function redeliverEvent(
  ctx: CoreContext,
  accountId: string,
  endpointId: string,
  eventId: string,
): Promise<WebhookDelivery> {
  const endpoint = await retrieveWebhookEndpoint(ctx, accountId, endpointId);
  const scope = { accountId, liveMode: endpoint.liveMode };
  const event = await selectEventById(ctx.db, scope, eventId);
  if (!event) throw new NotFoundError('event', eventId);
  const row = await upsertRedelivery(
    ctx.db,
    { account_id: accountId, event_id: eventId, endpoint_id: endpointId, live_mode: endpoint.liveMode },
    new Date(ctx.now(scope)),
  );
  signalDeliveriesWritten();
  const attempts = await selectWebhookAttempts(ctx.db, accountId, [row]);
  return toDelivery(row, attempts);
}

/** Sends every failed delivery of an endpoint created since `since` once more; returns how many. */
export async function redeliverFailed(
  ctx: CoreContext,
  accountId: string,
  endpointId: string,
  since: number,
): Promise<number> {
  const endpoint = await retrieveWebhookEndpoint(ctx, accountId, endpointId);
  const now = ctx.now({ accountId, liveMode: endpoint.liveMode });
  const count = await redeliverFailedSince(ctx.db, accountId, endpointId, new Date(since), new Date(now));
  if (count > 0) signalDeliveriesWritten();
  return count;
}

/** Removes finished deliveries and their attempts older than the retention period. */
export async function sweepWebhookDeliveries(ctx: CoreContext, settings: WebhookSettings): Promise<number> {
  return deleteWebhookDeliveriesBefore(ctx.db, new Date(ctx.now(SERVER) - settings.retentionMs));
}
