import { Type, type Static } from 'typebox';
import type { WebhookDelivery } from '../../core/webhooks/deliveries.ts';
import type { WebhookEndpoint } from '../../core/webhooks/endpoints.ts';
import type { SigningKeySummary } from '../../core/webhooks/signing-keys.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { stringEnum } from '../schemas.ts';

/** Wire shapes of webhook endpoints, deliveries and signing keys; shared by the admin API and the CLI. */
export const WebhookEndpointSchema = Type.Object(
  {
    id: Type.String({ examples: ['whe_65e421bed29d88d9012e0662'] }),
    object: Type.Literal('webhook_endpoint'),
    account_id: Type.String(),
    live_mode: Type.Boolean(),
    mode: stringEnum(['test', 'live'] as const),
    url: Type.String({ examples: ['https://example.com/flatpeak/webhooks'] }),
    description: Type.Union([Type.String(), Type.Null()]),
    event_types: Type.Array(Type.String(), { description: 'Event types sent here; empty: every type' }),
    status: stringEnum(['enabled', 'disabled'] as const),
    time_created: Type.String({ format: 'date-time' }),
  },
  { title: 'WebhookEndpoint' },
);

const EVENT_TYPES = Type.Array(Type.String({ maxLength: 64, examples: ['location.update'] }), {
  maxItems: 100,
  description: 'Event types to send; absent or empty: every type',
});
const URL_FIELD = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'An http or https URL',
  examples: ['https://example.com/flatpeak/webhooks'],
});
const DESCRIPTION = Type.Union([Type.String({ maxLength: 500 }), Type.Null()]);

export const WebhookEndpointCreateBody = Type.Object(
  {
    url: URL_FIELD,
    mode: stringEnum(['test', 'live'] as const),
    event_types: Type.Optional(EVENT_TYPES),
    description: Type.Optional(DESCRIPTION),
  },
  {
    additionalProperties: false,
    examples: [
      { url: 'https://example.com/flatpeak/webhooks', mode: 'test', event_types: ['location.update'] },
    ],
  },
);

export const WebhookEndpointUpdateBody = Type.Object(
  {
    url: Type.Optional(URL_FIELD),
    event_types: Type.Optional(EVENT_TYPES),
    status: Type.Optional(stringEnum(['enabled', 'disabled'] as const)),
    description: Type.Optional(DESCRIPTION),
  },
  { additionalProperties: false, examples: [{ status: 'disabled' }] },
);

export const WebhookAttemptSchema = Type.Object(
  {
    id: Type.String({ examples: ['wha_65e421bed29d88d9012e0662'] }),
    time_attempted: Type.String({ format: 'date-time' }),
    status_code: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The HTTP status; null when none came',
    }),
    latency_ms: Type.Integer(),
    error: Type.Union([Type.String(), Type.Null()], {
      description: 'Why the attempt failed; null when it succeeded',
    }),
    response_excerpt: Type.Union([Type.String(), Type.Null()], {
      description: 'The first 1 KB of the response body',
    }),
  },
  { title: 'WebhookAttempt' },
);

export const WebhookDeliverySchema = Type.Object(
  {
    object: Type.Literal('webhook_delivery'),
    account_id: Type.String(),
    live_mode: Type.Boolean(),
    event_id: Type.String({ examples: ['evt_65e42b7827c0526548432b9f'] }),
    endpoint_id: Type.String({ examples: ['whe_65e421bed29d88d9012e0662'] }),
    status: stringEnum(['pending', 'delivered', 'failed'] as const),
    time_next_attempt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    time_created: Type.String({ format: 'date-time' }),
    attempts: Type.Array(WebhookAttemptSchema),
  },
  { title: 'WebhookDelivery' },
);

export const SigningKeySchema = Type.Object(
  {
    id: Type.String({ examples: ['wsk_test_65e421bed29d88d9012e0662'], description: 'The JWKS kid' }),
    object: Type.Literal('webhook_signing_key'),
    live_mode: Type.Boolean(),
    status: stringEnum(['active', 'retired'] as const),
    time_created: Type.String({ format: 'date-time' }),
    time_retired: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    time_expires: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When a retired key leaves the JWKS',
    }),
  },
  { title: 'WebhookSigningKey' },
);

export function toApiWebhookEndpoint(endpoint: WebhookEndpoint): Static<typeof WebhookEndpointSchema> {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint',
    account_id: endpoint.accountId,
    live_mode: endpoint.liveMode,
    mode: endpoint.liveMode ? 'live' : 'test',
    url: endpoint.url,
    description: endpoint.description,
    event_types: endpoint.eventTypes,
    status: endpoint.status,
    time_created: formatUtcSeconds(endpoint.createdAt),
  };
}

export function toApiWebhookDelivery(delivery: WebhookDelivery): Static<typeof WebhookDeliverySchema> {
  return {
    object: 'webhook_delivery',
    account_id: delivery.accountId,
    live_mode: delivery.liveMode,
    event_id: delivery.eventId,
    endpoint_id: delivery.endpointId,
    status: delivery.status,
    time_next_attempt: delivery.nextAttemptAt === null ? null : formatUtcSeconds(delivery.nextAttemptAt),
    time_created: formatUtcSeconds(delivery.createdAt),
    attempts: delivery.attempts.map((a) => ({
      id: a.id,
      time_attempted: formatUtcSeconds(a.attemptedAt),
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
      response_excerpt: a.responseExcerpt,
    })),
  };
}

export function toApiSigningKey(key: SigningKeySummary): Static<typeof SigningKeySchema> {
  return {
    id: key.id,
    object: 'webhook_signing_key',
    live_mode: key.liveMode,
    status: key.status,
    time_created: formatUtcSeconds(key.createdAt),
    time_retired: key.retiredAt === null ? null : formatUtcSeconds(key.retiredAt),
    time_expires: key.expiresAt === null ? null : formatUtcSeconds(key.expiresAt),
  };
}
