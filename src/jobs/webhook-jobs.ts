import type { Logger } from 'pino';
import type { CoreContext } from '../core/context.ts';
import { DeliveryWorker } from '../core/webhooks/delivery.ts';
import { disableFailingEndpoints, sweepWebhookDeliveries } from '../core/webhooks/deliveries.ts';
import type { WebhookSettings } from '../core/webhooks/settings.ts';
import { toApiEvent } from '../http/events/event-schema.ts';

/**
 * The delivery worker as a serving node runs it: polling, woken by this node's own writes, with
 * events rendered exactly as `GET /events/{id}` renders them.
 */
export function startWebhookDelivery(
  ctx: CoreContext,
  settings: WebhookSettings,
  log: Logger,
): () => Promise<void> {
  const worker = new DeliveryWorker(ctx, settings, toApiEvent, (error) =>
    log.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'webhook delivery round failed',
    ),
  );
  return worker.start();
}

/**
 * Upkeep: disables endpoints whose deliveries have all failed for five days, then removes
 * finished deliveries and attempts older than the retention period.
 */
export async function runWebhookUpkeep(
  ctx: CoreContext,
  settings: WebhookSettings,
): Promise<{ disabled: string[]; removed: number }> {
  const disabled = await disableFailingEndpoints(ctx);
  return { disabled, removed: await sweepWebhookDeliveries(ctx, settings) };
}
