import type { CoreContext } from '../core/context.ts';
import { ValidationError } from '../core/errors.ts';
import {
  listWebhookDeliveries,
  redeliverEvent,
  redeliverFailed,
  sendTestEvent,
} from '../core/webhooks/deliveries.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  retrieveWebhookEndpoint,
  updateWebhookEndpoint,
} from '../core/webhooks/endpoints.ts';
import type { WebhookSettings } from '../core/webhooks/settings.ts';
import { listSigningKeys, rotateSigningKey } from '../core/webhooks/signing-keys.ts';
import { showSigningKey, showWebhookDelivery, showWebhookEndpoint } from './presenters.ts';
import { parseRfc3339 } from '../lib/time.ts';

export const WEBHOOK_USAGE = `  webhooks create --account <acc_id> --mode test|live --url <url> [--event-types a,b] [--description …]
  webhooks list --account <acc_id>
  webhooks show|delete|test --account <acc_id> <whe_id>
                                          test: send the endpoint a webhook_endpoint.test event
  webhooks update --account <acc_id> <whe_id> [--url …] [--event-types a,b] [--status enabled|disabled]
  webhooks deliveries --account <acc_id> [--endpoint <whe_id>] [--event <evt_id>] [--status failed]
                                          the delivery log, each delivery with its attempts
  webhooks redeliver --account <acc_id> --endpoint <whe_id> (--event <evt_id> | --since <time>)
                                          send one event, or every failed delivery since a time, again
  webhook-keys list                       the signing keys in the JWKS
  webhook-keys rotate --mode test|live    a new signing key; the old stays published for the grace period`;

type Values = Record<string, string | boolean | undefined>;

function need(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '')
    throw new ValidationError(`${name}_missing`, `--${name} is required`);
  return value;
}

function mode(values: Values): 'test' | 'live' {
  const value = need(values, 'mode');
  if (value !== 'test' && value !== 'live')
    throw new ValidationError('mode_invalid', '--mode must be test or live');
  return value;
}

const list = (raw: string | boolean | undefined) =>
  typeof raw === 'string'
    ? raw
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '')
    : undefined;

/**
 * `offpeak webhooks …` and `offpeak webhook-keys …`: the admin API's webhook operations, printed
 * as the API writes them. Returns undefined for an unknown subcommand.
 */
export async function runWebhookCommand(
  ctx: CoreContext,
  settings: WebhookSettings,
  positionals: string[],
  values: Values,
): Promise<unknown> {
  const [command, sub, id] = positionals;
  if (command === 'webhook-keys') {
    if (sub === 'list')
      return { object: 'list', data: (await listSigningKeys(ctx, settings)).map(showSigningKey) };
    if (sub === 'rotate') return showSigningKey(await rotateSigningKey(ctx, settings, mode(values)));
    return undefined;
  }
  const account = () => need(values, 'account');
  const endpointId = () => {
    if (!id) throw new ValidationError('id_missing', `webhooks ${sub} needs an endpoint ID`);
    return id;
  };
  switch (sub) {
    case 'create':
      return showWebhookEndpoint(
        await createWebhookEndpoint(ctx, settings, account(), {
          url: need(values, 'url'),
          mode: mode(values),
          eventTypes: list(values['event-types']),
          description: typeof values.description === 'string' ? values.description : undefined,
        }),
      );
    case 'list':
      return { object: 'list', data: (await listWebhookEndpoints(ctx, account())).map(showWebhookEndpoint) };
    case 'show':
      return showWebhookEndpoint(await retrieveWebhookEndpoint(ctx, account(), endpointId()));
    case 'update': {
      const status = values.status;
      if (status !== undefined && status !== 'enabled' && status !== 'disabled')
        throw new ValidationError('status_invalid', '--status must be enabled or disabled');
      return showWebhookEndpoint(
        await updateWebhookEndpoint(ctx, settings, account(), endpointId(), {
          url: typeof values.url === 'string' ? values.url : undefined,
          eventTypes: list(values['event-types']),
          status,
          description: typeof values.description === 'string' ? values.description : undefined,
        }),
      );
    }
    case 'test':
      return showWebhookDelivery(await sendTestEvent(ctx, account(), endpointId()));
    case 'delete':
      await deleteWebhookEndpoint(ctx, account(), endpointId());
      return { id: endpointId(), object: 'webhook_endpoint', deleted: true };
    case 'deliveries': {
      const filter = {
        endpointId: typeof values.endpoint === 'string' ? values.endpoint : undefined,
        eventId: typeof values.event === 'string' ? values.event : undefined,
        status: typeof values.status === 'string' ? values.status : undefined,
      };
      return {
        object: 'list',
        data: (await listWebhookDeliveries(ctx, account(), filter, 100)).map(showWebhookDelivery),
      };
    }
    case 'redeliver': {
      const endpoint = need(values, 'endpoint');
      if (typeof values.event === 'string')
        return showWebhookDelivery(await redeliverEvent(ctx, account(), endpoint, values.event));
      const since = parseRfc3339(need(values, 'since'));
      if (!since) throw new ValidationError('since_invalid', '--since must be an RFC 3339 time');
      return { object: 'redelivery', count: await redeliverFailed(ctx, account(), endpoint, since.ms) };
    }
    default:
      return undefined;
  }
}
