import { Type, type Static } from 'typebox';
import {
  createAccount,
  createApiKey,
  listApiKeys,
  retrieveAccount,
  revokeApiKey,
  updateAccount,
  type Account,
  type ApiKeySummary,
} from '../../core/accounts/accounts.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { Accepted, idOf, stringEnum } from '../schemas.ts';
import type { App, HttpDeps } from '../types.ts';

/**
 * The admin surface stands in for Flatpeak's Dashboard: accounts and API keys. It is guarded by
 * OFFPEAK_ADMIN_TOKEN and does not exist when that is unset.
 */
const AccountSchema = Type.Object(
  {
    id: Type.String({ examples: ['acc_65e421bed29d88d9012e0662'] }),
    object: Type.Literal('account'),
    status: stringEnum(['active', 'disabled'] as const),
    rate_limit_per_minute: Type.Union([Type.Integer(), Type.Null()]),
    time_created: Type.String({ format: 'date-time' }),
  },
  { title: 'Account' },
);

const ApiKeySchema = Type.Object(
  {
    id: Type.String({ examples: ['key_65e421bed29d88d9012e0662'] }),
    object: Type.Literal('api_key'),
    account_id: Type.String(),
    live_mode: Type.Boolean(),
    key: Type.Optional(Type.String({ description: 'The secret; returned once, at creation' })),
    hint: Type.String({ description: 'The last four characters of the key' }),
    time_created: Type.String({ format: 'date-time' }),
    time_revoked: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { title: 'ApiKey' },
);

const AccountBody = Type.Object(
  { rate_limit_per_minute: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])) },
  { additionalProperties: false },
);

function toApiAccount(account: Account): Static<typeof AccountSchema> {
  return {
    id: account.id,
    object: 'account',
    status: account.status,
    rate_limit_per_minute: account.rateLimitPerMinute,
    time_created: formatUtcSeconds(account.createdAt),
  };
}

function toApiKey(key: ApiKeySummary & { key?: string }): Static<typeof ApiKeySchema> {
  return {
    id: key.id,
    object: 'api_key',
    account_id: key.accountId,
    live_mode: key.liveMode,
    ...(key.key !== undefined ? { key: key.key } : {}),
    hint: key.hint,
    time_created: formatUtcSeconds(key.createdAt),
    ...(key.revokedAt !== null ? { time_revoked: formatUtcSeconds(key.revokedAt) } : {}),
  };
}

export function registerAdmin(app: App, { ctx, authenticator }: HttpDeps): void {
  const tags = ['Admin'];
  const security = [{ adminToken: [] }];
  const accountParams = Type.Object({ id: idOf('acc', 'acc_65e421bed29d88d9012e0662') });
  const route = (operation: string) => ({ operation, auth: 'admin' as const, rateLimit: false });

  app.post(
    '/admin/accounts',
    {
      config: route('admin_account_create'),
      schema: { tags, security, summary: 'Create an account', body: AccountBody, response: { 201: AccountSchema } },
    },
    async (request, reply) => {
      const options = request.body.rate_limit_per_minute ? { rateLimitPerMinute: request.body.rate_limit_per_minute } : {};
      return reply.code(201).send(toApiAccount(await createAccount(ctx, options)));
    },
  );

  app.get(
    '/admin/accounts/:id',
    {
      config: route('admin_account_retrieve'),
      schema: { tags, security, summary: 'Retrieve an account', params: accountParams, response: { 200: AccountSchema } },
    },
    async (request) => toApiAccount(await retrieveAccount(ctx, request.params.id)),
  );

  app.patch(
    '/admin/accounts/:id',
    {
      config: route('admin_account_update'),
      schema: {
        tags,
        security,
        summary: "Change an account's rate limit (null: the server default)",
        params: accountParams,
        body: AccountBody,
        response: { 200: AccountSchema },
      },
    },
    async (request) => {
      const account = await updateAccount(ctx, request.params.id, {
        rateLimitPerMinute: request.body.rate_limit_per_minute,
      });
      authenticator.forget(account.id);
      return toApiAccount(account);
    },
  );

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(
      `/admin/accounts/:id/${action}`,
      {
        config: route(`admin_account_${action}`),
        schema: { tags, security, summary: `${action} an account`, params: accountParams, response: { 200: AccountSchema } },
      },
      async (request) => {
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
    async (request, reply) =>
      reply.code(201).send(toApiKey(await createApiKey(ctx, request.params.id, request.body.mode))),
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
    async (request) => ({ object: 'list' as const, data: (await listApiKeys(ctx, request.params.id)).map(toApiKey) }),
  );

  app.delete(
    '/admin/keys/:id',
    {
      config: route('admin_key_revoke'),
      schema: {
        tags,
        security,
        summary: 'Revoke an API key and every token it issued',
        params: Type.Object({ id: idOf('key', 'key_65e421bed29d88d9012e0662') }),
        response: { 202: Accepted },
      },
    },
    async (request, reply) => {
      const { accountId } = await revokeApiKey(ctx, request.params.id);
      authenticator.forget(accountId);
      return reply.code(202).send({ message: 'Accepted' as const });
    },
  );
}
