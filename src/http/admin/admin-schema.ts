import { Type, type Static } from 'typebox';
import type { Account, ApiKeySummary } from '../../core/accounts/accounts.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { stringEnum } from '../schemas.ts';

/** Wire shapes of the admin surface, shared by the admin API and the CLI. */
export const AccountSchema = Type.Object(
  {
    id: Type.String({ examples: ['acc_65e421bed29d88d9012e0662'] }),
    object: Type.Literal('account'),
    status: stringEnum(['active', 'disabled'] as const),
    rate_limit_per_minute: Type.Union([Type.Integer(), Type.Null()]),
    time_created: Type.String({ format: 'date-time' }),
  },
  { title: 'Account' },
);

export const ApiKeySchema = Type.Object(
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

export const AccountBody = Type.Object(
  { rate_limit_per_minute: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])) },
  { additionalProperties: false },
);

export function toApiAccount(account: Account): Static<typeof AccountSchema> {
  return {
    id: account.id,
    object: 'account',
    status: account.status,
    rate_limit_per_minute: account.rateLimitPerMinute,
    time_created: formatUtcSeconds(account.createdAt),
  };
}

export function toApiKey(key: ApiKeySummary & { key?: string }): Static<typeof ApiKeySchema> {
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
