import { Type, type Static } from 'typebox';
import type { Account, ApiKeySummary } from '../../core/accounts/accounts.ts';
import { FEED_FORMATS } from '../../core/market-data/formats/index.ts';
import type { MarketPriceImport } from '../../core/market-data/import-market-prices.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { stringEnum } from '../schemas.ts';

/** Wire shapes of the admin surface (accounts, keys, price imports), shared by the admin API and the CLI. */
export const AccountSchema = Type.Object(
  {
    id: Type.String({ examples: ['acc_65e421bed29d88d9012e0662'] }),
    object: Type.Literal('account'),
    status: stringEnum(['active', 'disabled'] as const),
    rate_limit_per_minute: Type.Union([Type.Integer(), Type.Null()]),
    connect_local_enabled: Type.Boolean({
      description: 'Whether Connect tokens may ask for the LOCAL tariff direction',
    }),
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

/** The largest per-account limit: a billion requests a minute, well inside the column's 32 bits. */
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000_000;

export const AccountBody = Type.Object(
  {
    rate_limit_per_minute: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: MAX_RATE_LIMIT_PER_MINUTE }), Type.Null()]),
    ),
    connect_local_enabled: Type.Optional(
      Type.Boolean({ description: 'false refuses Connect tokens for the LOCAL direction' }),
    ),
  },
  { additionalProperties: false },
);

export function toApiAccount(account: Account): Static<typeof AccountSchema> {
  return {
    id: account.id,
    object: 'account',
    status: account.status,
    rate_limit_per_minute: account.rateLimitPerMinute,
    connect_local_enabled: account.connectLocalEnabled,
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

/** What an import did; shared by the admin API and the CLI. */
export const MarketPriceImportSchema = Type.Object(
  {
    object: Type.Literal('market_price_import'),
    source_id: Type.String({ examples: ['mrs_65792b4ef61b16685ebd2ea3'] }),
    format: stringEnum(FEED_FORMATS),
    area: Type.Union([Type.String(), Type.Null()], { description: "The feed's area code, if it names one" }),
    currency: Type.String({ description: 'As published: ISO 4217, or GBX for pence', examples: ['SEK'] }),
    unit: stringEnum(['MWh', 'kWh'] as const, { description: 'Energy unit of the published values' }),
    count: Type.Integer({ description: 'Intervals imported' }),
    created: Type.Integer({ description: 'Imported intervals where the store had none before' }),
    replaced: Type.Integer({ description: 'Stored intervals the import replaced' }),
    start: Type.String({ format: 'date-time', description: 'Start of the first imported interval' }),
    end: Type.String({ format: 'date-time', description: 'End of the last imported interval' }),
  },
  { title: 'MarketPriceImport' },
);

export function toApiMarketPriceImport(result: MarketPriceImport): Static<typeof MarketPriceImportSchema> {
  return {
    object: 'market_price_import',
    source_id: result.sourceId,
    format: result.format,
    area: result.area,
    currency: result.currency,
    unit: result.unit,
    count: result.count,
    created: result.created,
    replaced: result.replaced,
    start: formatUtcSeconds(result.start),
    end: formatUtcSeconds(result.end),
  };
}
