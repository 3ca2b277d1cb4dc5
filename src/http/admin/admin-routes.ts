import { Type } from 'typebox';
import {
  createAccount,
  createApiKey,
  listApiKeys,
  retrieveAccount,
  revokeApiKey,
  updateAccount,
} from '../../core/accounts/accounts.ts';
import { setLocationFlexAllowed } from '../../core/locations/flex-allowed.ts';
import { LocationSchema, toApiLocation } from '../locations/location-schema.ts';
import { Accepted, idParams, sendAccepted, stringEnum } from '../schemas.ts';
import type { App, HttpDeps } from '../types.ts';
import { AccountBody, AccountSchema, ApiKeySchema, toApiAccount, toApiKey } from './admin-schema.ts';

/**
 * The admin surface stands in for Flatpeak's Dashboard: accounts, API keys and the location
 * settings only the Dashboard changes (`flex_allowed`). It is guarded by
 * OFFPEAK_ADMIN_TOKEN and does not exist when that is unset.
 */
export function registerAdmin(app: App, { ctx, authenticator }: HttpDeps): void {
  const tags = ['Admin'];
  const security = [{ adminToken: [] }];
  const accountParams = idParams('acc', 'acc_65e421bed29d88d9012e0662');
  const route = (operation: string) => ({ operation, auth: 'admin' as const, rateLimit: false });

  app.post(
    '/admin/accounts',
    {
      config: route('admin_account_create'),
      schema: {
        tags,
        security,
        summary: 'Create an account',
        body: AccountBody,
        response: { 201: AccountSchema },
      },
    },
    async function admin_account_create(request, reply) {
      const options = request.body.rate_limit_per_minute
        ? { rateLimitPerMinute: request.body.rate_limit_per_minute }
        : {};
      return reply.code(201).send(toApiAccount(await createAccount(ctx, options)));
    },
  );

  app.get(
    '/admin/accounts/:id',
    {
      config: route('admin_account_retrieve'),
      schema: {
        tags,
        security,
        summary: 'Retrieve an account',
        params: accountParams,
        response: { 200: AccountSchema },
      },
    },
    async function admin_account_retrieve(request) {
      return toApiAccount(await retrieveAccount(ctx, request.params.id));
    },
  );

  app.patch(
    '/admin/accounts/:id',
    {
      config: route('admin_account_update'),
      schema: {
        tags,
        security,
        summary: "Change an account's rate limit (null: the server default) or whether Connect accepts LOCAL",
        params: accountParams,
        body: AccountBody,
        response: { 200: AccountSchema },
      },
    },
    async function admin_account_update(request) {
      const account = await updateAccount(ctx, request.params.id, {
        rateLimitPerMinute: request.body.rate_limit_per_minute,
        connectLocalEnabled: request.body.connect_local_enabled,
      });
      authenticator.forget(account.id);
      return toApiAccount(account);
    },
  );

  for (const [action, status, operation] of [
    ['disable', 'disabled', 'admin_account_disable'],
    ['enable', 'active', 'admin_account_enable'],
  ] as const) {
    app.post(
      `/admin/accounts/:id/${action}`,
      {
        config: route(operation),
        schema: {
          tags,
          security,
          summary: `${action} an account`,
          params: accountParams,
          response: { 200: AccountSchema },
        },
      },
      async function admin_account_disable_or_enable(request) {
        const account = await updateAccount(ctx, request.params.id, { status });
        authenticator.forget(account.id);
        return toApiAccount(account);
      },
    );
  }

  app.post(
    '/admin/accounts/:id/keys',
    {
      config: route('admin_key_create'),
      schema: {
        tags,
        security,
        summary: 'Create an API key; the secret is in this response only',
        params: accountParams,
        body: Type.Object({ mode: stringEnum(['test', 'live'] as const) }, { additionalProperties: false }),
        response: { 201: ApiKeySchema },
      },
    },
    async function admin_key_create(request, reply) {
      return reply.code(201).send(toApiKey(await createApiKey(ctx, request.params.id, request.body.mode)));
    },
  );

  app.get(
    '/admin/accounts/:id/keys',
    {
      config: route('admin_key_list'),
      schema: {
        tags,
        security,
        summary: "List an account's API keys (without secrets)",
        params: accountParams,
        response: { 200: Type.Object({ object: Type.Literal('list'), data: Type.Array(ApiKeySchema) }) },
      },
    },
    async function admin_key_list(request) {
      return {
        object: 'list' as const,
        data: (await listApiKeys(ctx, request.params.id)).map(toApiKey),
      };
    },
  );

  app.patch(
    '/admin/locations/:id',
    {
      config: route('admin_location_update'),
      schema: {
        tags,
        security,
        summary: 'Set whether flexibility services may be offered at a location (flex_allowed)',
        params: idParams('loc', 'loc_641b90b758fb8e6293716e40'),
        body: Type.Object({ flex_allowed: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: LocationSchema },
      },
    },
    async function admin_location_update(request) {
      return toApiLocation(await setLocationFlexAllowed(ctx, request.params.id, request.body.flex_allowed));
    },
  );

  app.delete(
    '/admin/keys/:id',
    {
      config: route('admin_key_revoke'),
      schema: {
        tags,
        security,
        summary: 'Revoke an API key and every token it issued',
        params: idParams('key', 'key_65e421bed29d88d9012e0662'),
        response: { 202: Accepted },
      },
    },
    async function admin_key_revoke(request, reply) {
      const { accountId } = await revokeApiKey(ctx, request.params.id);
      authenticator.forget(accountId);
      return sendAccepted(reply);
    },
  );
}
