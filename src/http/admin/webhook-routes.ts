import { Type, type Static, type TSchema } from 'typebox';
import {
  listWebhookDeliveries,
  redeliverEvent,
  redeliverFailed,
  sendTestEvent,
} from '../../core/webhooks/deliveries.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  retrieveWebhookEndpoint,
  updateWebhookEndpoint,
} from '../../core/webhooks/endpoints.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../core/webhooks/settings.ts';
import { listSigningKeys, rotateSigningKey } from '../../core/webhooks/signing-keys.ts';
import { idOf, stringEnum, timeOf } from '../schemas.ts';
import type { App, HttpDeps } from '../types.ts';
import {
  SigningKeySchema,
  toApiSigningKey,
  toApiWebhookDelivery,
  toApiWebhookEndpoint,
  WebhookDeliverySchema,
  WebhookEndpointCreateBody,
  WebhookEndpointSchema,
  WebhookEndpointUpdateBody,
} from './webhook-schema.ts';

/** A response schema with the description OpenAPI shows for its status. */
function described<T extends TSchema>(schema: T, description: string) {
  return Type.Unsafe<Static<T>>({ ...schema, description });
}

const ACCOUNT_EXAMPLE = 'acc_65e421bed29d88d9012e0662';
const ENDPOINT_EXAMPLE = 'whe_65e421bed29d88d9012e0662';

/**
 * Webhook endpoints per account and mode, their delivery log and manual redelivery, and the
 * rotation of the server's signing keys. Admin token only, like the rest of /admin.
 */
export function registerWebhookRoutes(app: App, { ctx, webhooks }: HttpDeps): void {
  const settings = webhooks ?? DEFAULT_WEBHOOK_SETTINGS;
  const tags = ['Admin'];
  const security = [{ adminToken: [] }];
  const route = (operation: string) => ({ operation, auth: 'admin' as const, rateLimit: false });
  const accountParams = Type.Object({ account_id: idOf('acc', ACCOUNT_EXAMPLE) });
  const endpointParams = Type.Object({
    account_id: idOf('acc', ACCOUNT_EXAMPLE),
    id: idOf('whe', ENDPOINT_EXAMPLE),
  });
  const base = '/admin/accounts/:account_id/webhook-endpoints';

  app.post(
    base,
    {
      config: route('admin_webhook_endpoint_create'),
      schema: {
        tags,
        security,
        summary: 'Register a webhook endpoint for one mode of an account',
        params: accountParams,
        body: WebhookEndpointCreateBody,
        response: { 201: described(WebhookEndpointSchema, 'The endpoint, registered and enabled') },
      },
    },
    async function admin_webhook_endpoint_create(request, reply) {
      const endpoint = await createWebhookEndpoint(ctx, settings, request.params.account_id, {
        url: request.body.url,
        mode: request.body.mode,
        eventTypes: request.body.event_types,
        description: request.body.description,
      });
      return reply.code(201).send(toApiWebhookEndpoint(endpoint));
    },
  );

  app.get(
    base,
    {
      config: route('admin_webhook_endpoint_list'),
      schema: {
        tags,
        security,
        summary: "List an account's webhook endpoints, newest first",
        params: accountParams,
        response: {
          200: described(
            Type.Object({ object: Type.Literal('list'), data: Type.Array(WebhookEndpointSchema) }),
            "The account's endpoints, newest first",
          ),
        },
      },
    },
    async function admin_webhook_endpoint_list(request) {
      return {
        object: 'list' as const,
        data: (await listWebhookEndpoints(ctx, request.params.account_id)).map(toApiWebhookEndpoint),
      };
    },
  );

  app.get(
    `${base}/:id`,
    {
      config: route('admin_webhook_endpoint_retrieve'),
      schema: {
        tags,
        security,
        summary: 'Retrieve a webhook endpoint',
        params: endpointParams,
        response: { 200: described(WebhookEndpointSchema, 'The endpoint') },
      },
    },
    async function admin_webhook_endpoint_retrieve(request) {
      return toApiWebhookEndpoint(
        await retrieveWebhookEndpoint(ctx, request.params.account_id, request.params.id),
      );
    },
  );

  app.patch(
    `${base}/:id`,
    {
      config: route('admin_webhook_endpoint_update'),
      schema: {
        tags,
        security,
        summary: "Change a webhook endpoint's URL, event types, description or status",
        params: endpointParams,
        body: WebhookEndpointUpdateBody,
        response: { 200: described(WebhookEndpointSchema, 'The endpoint as changed') },
      },
    },
    async function admin_webhook_endpoint_update(request) {
      return toApiWebhookEndpoint(
        await updateWebhookEndpoint(ctx, settings, request.params.account_id, request.params.id, {
          url: request.body.url,
          eventTypes: request.body.event_types,
          status: request.body.status,
          description: request.body.description,
        }),
      );
    },
  );

  app.delete(
    `${base}/:id`,
    {
      config: route('admin_webhook_endpoint_delete'),
      schema: {
        tags,
        security,
        summary: 'Delete a webhook endpoint with its delivery log',
        params: endpointParams,
        response: {
          200: described(
            Type.Object({
              id: Type.String(),
              object: Type.Literal('webhook_endpoint'),
              deleted: Type.Literal(true),
            }),
            'The endpoint and its delivery log are gone',
          ),
        },
      },
    },
    async function admin_webhook_endpoint_delete(request) {
      await deleteWebhookEndpoint(ctx, request.params.account_id, request.params.id);
      return { id: request.params.id, object: 'webhook_endpoint' as const, deleted: true as const };
    },
  );

  app.get(
    '/admin/accounts/:account_id/webhook-deliveries',
    {
      config: route('admin_webhook_delivery_list'),
      schema: {
        tags,
        security,
        summary: 'The delivery log: deliveries of events to endpoints, each with its attempts',
        params: accountParams,
        querystring: Type.Object({
          endpoint_id: Type.Optional(idOf('whe', ENDPOINT_EXAMPLE)),
          event_id: Type.Optional(idOf('evt', 'evt_65e42b7827c0526548432b9f')),
          status: Type.Optional(stringEnum(['pending', 'delivered', 'failed'] as const)),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30, examples: [30] })),
        }),
        response: {
          200: described(
            Type.Object({ object: Type.Literal('list'), data: Type.Array(WebhookDeliverySchema) }),
            'Deliveries, newest first, each with its attempts oldest first',
          ),
        },
      },
    },
    async function admin_webhook_delivery_list(request) {
      return {
        object: 'list' as const,
        data: (
          await listWebhookDeliveries(
            ctx,
            request.params.account_id,
            {
              endpointId: request.query.endpoint_id,
              eventId: request.query.event_id,
              status: request.query.status,
            },
            request.query.limit ?? 30,
          )
        ).map(toApiWebhookDelivery),
      };
    },
  );

  app.post(
    `${base}/:id/redeliver`,
    {
      config: route('admin_webhook_redeliver'),
      schema: {
        tags,
        security,
        summary: 'Send one event to the endpoint once more, now',
        params: endpointParams,
        body: Type.Object(
          { event_id: idOf('evt', 'evt_65e42b7827c0526548432b9f') },
          { additionalProperties: false, examples: [{ event_id: 'evt_65e42b7827c0526548432b9f' }] },
        ),
        response: { 202: described(WebhookDeliverySchema, 'The delivery, due now for one more attempt') },
      },
    },
    async function admin_webhook_redeliver(request, reply) {
      return reply
        .code(202)
        .send(
          toApiWebhookDelivery(
            await redeliverEvent(ctx, request.params.account_id, request.params.id, request.body.event_id),
          ),
        );
    },
  );

  app.post(
    `${base}/:id/redeliver-failed`,
    {
      config: route('admin_webhook_redeliver_failed'),
      schema: {
        tags,
        security,
        summary: 'Send every failed delivery of the endpoint since a time once more, now',
        params: endpointParams,
        body: Type.Object(
          { since: Type.String({ format: 'date-time', examples: ['2025-01-01T00:00:00Z'] }) },
          { additionalProperties: false, examples: [{ since: '2025-01-01T00:00:00Z' }] },
        ),
        response: {
          202: described(
            Type.Object({ object: Type.Literal('redelivery'), count: Type.Integer() }),
            'How many failed deliveries are due again now',
          ),
        },
      },
    },
    async function admin_webhook_redeliver_failed(request, reply) {
      const since = timeOf(request.body.since, 'since');
      const count = await redeliverFailed(ctx, request.params.account_id, request.params.id, since.ms);
      return reply.code(202).send({ object: 'redelivery' as const, count });
    },
  );

  app.post(
    `${base}/:id/test`,
    {
      config: route('admin_webhook_endpoint_test'),
      schema: {
        tags,
        security,
        summary: 'Send the endpoint a webhook_endpoint.test event now',
        params: endpointParams,
        response: { 202: described(WebhookDeliverySchema, 'The test delivery, due now') },
      },
    },
    async function admin_webhook_endpoint_test(request, reply) {
      return reply
        .code(202)
        .send(toApiWebhookDelivery(await sendTestEvent(ctx, request.params.account_id, request.params.id)));
    },
  );

  app.get(
    '/admin/webhook-signing-keys',
    {
      config: route('admin_webhook_signing_key_list'),
      schema: {
        tags,
        security,
        summary: 'The signing keys in the JWKS: each mode\u2019s active key and retired keys within grace',
        response: {
          200: described(
            Type.Object({ object: Type.Literal('list'), data: Type.Array(SigningKeySchema) }),
            'The keys published in the JWKS',
          ),
        },
      },
    },
    async function admin_webhook_signing_key_list() {
      return {
        object: 'list' as const,
        data: (await listSigningKeys(ctx, settings)).map(toApiSigningKey),
      };
    },
  );

  app.post(
    '/admin/webhook-signing-keys/rotate',
    {
      config: route('admin_webhook_signing_key_rotate'),
      schema: {
        tags,
        security,
        summary:
          'Rotate a mode\u2019s signing key: the new key signs from now on, the old stays published for the grace period',
        body: Type.Object(
          { mode: stringEnum(['test', 'live'] as const) },
          { additionalProperties: false, examples: [{ mode: 'test' }] },
        ),
        response: { 201: described(SigningKeySchema, 'The new active key of the mode') },
      },
    },
    async function admin_webhook_signing_key_rotate(request, reply) {
      return reply.code(201).send(toApiSigningKey(await rotateSigningKey(ctx, settings, request.body.mode)));
    },
  );
}
