import {
  deleteWebhookDeliveriesBefore,
  redeliverFailedSince,
  selectEndpointsFailingSince,
  selectWebhookAttempts,
  selectWebhookDeliveries,
  updateWebhookEndpointRow,
  upsertRedelivery,
  type WebhookAttemptRecord,
  type WebhookDeliveryRecord,
} from '../../store/webhooks.ts';
import { insertEvent, selectEventById } from '../../store/events.ts';
import { newId } from '../../lib/ids.ts';
import { recordEvent } from '../events/events.ts';
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
    // due at once in server time, whatever a test clock says [decision:test-clock-webhooks]
    new Date(ctx.now(SERVER)),
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
  await retrieveWebhookEndpoint(ctx, accountId, endpointId); // 404 for another account's endpoint
  const now = ctx.now(SERVER); // a due time, in server time [decision:test-clock-webhooks]
  const count = await redeliverFailedSince(ctx.db, accountId, endpointId, new Date(since), new Date(now));
  if (count > 0) signalDeliveriesWritten();
  return count;
}

/** Removes finished deliveries and their attempts older than the retention period. */
export async function sweepWebhookDeliveries(ctx: CoreContext, settings: WebhookSettings): Promise<number> {
  return deleteWebhookDeliveriesBefore(ctx.db, new Date(ctx.now(SERVER) - settings.retentionMs));
}

/** How long every delivery to an endpoint may fail before the endpoint is disabled. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

/**
 * Disables endpoints whose deliveries have all failed for five days, each with a
 * `webhook_endpoint.disabled` event in its account and mode. Returns the endpoints disabled.
 */
export async function disableFailingEndpoints(ctx: CoreContext): Promise<string[]> {
  const failing = await selectEndpointsFailingSince(ctx.db, new Date(ctx.now(SERVER) - DISABLE_AFTER_MS));
  const disabled: string[] = [];
  for (const row of failing) {
    const scope = { accountId: row.account_id, liveMode: row.live_mode };
    const now = ctx.now(scope);
    await ctx.db.transaction().execute(async (trx) => {
      const updated = await updateWebhookEndpointRow(trx, row.account_id, row.id, { status: 'disabled' });
      if (!updated) return;
      const payload = {
        id: row.id,
        object: 'webhook_endpoint',
        url: row.url,
        mode: row.live_mode ? 'live' : 'test',
        status: 'disabled',
        reason: 'every delivery failed for 5 days',
      };
      await recordEvent(trx, scope, now, 'webhook_endpoint.disabled', payload);
    });
    disabled.push(row.id);
  }
  return disabled;
}

/**
 * Sends an endpoint a `webhook_endpoint.test` event now: recorded in the account's events,
 * delivered to this endpoint only.
 */
export async function sendTestEvent(
  ctx: CoreContext,
  accountId: string,
  endpointId: string,
): Promise<WebhookDelivery> {
  const endpoint = await retrieveWebhookEndpoint(ctx, accountId, endpointId);
  const scope = { accountId, liveMode: endpoint.liveMode };
  const now = ctx.now(scope);
  const eventId = newId('evt', now);
  const row = await ctx.db.transaction().execute(async (trx) => {
    await insertEvent(trx, {
      account_id: accountId,
      live_mode: endpoint.liveMode,
      id: eventId,
      type: 'webhook_endpoint.test',
      object_id: endpoint.id,
      data: {
        id: endpoint.id,
        object: 'webhook_endpoint',
        url: endpoint.url,
        mode: endpoint.liveMode ? 'live' : 'test',
      },
      created_at: new Date(now),
    });
    return upsertRedelivery(
      trx,
      { account_id: accountId, event_id: eventId, endpoint_id: endpointId, live_mode: endpoint.liveMode },
      new Date(now),
    );
  });
  signalDeliveriesWritten();
  return toDelivery(row, []);
}
