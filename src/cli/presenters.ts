// What the `offpeak` command prints: JSON for an operator's scripts, snake_case like the API, but
// the CLI's own shapes. The CLI is a transport beside HTTP, not on top of it, so it never borrows
// the API's presenters; what it prints about an object is what an operator acts on.
import type { Account, ApiKeySummary } from '../core/accounts/accounts.ts';
import type { Location } from '../core/locations/locations.ts';
import type { MarketPriceImport } from '../core/market-data/import-market-prices.ts';
import { formatUtcSeconds } from '../lib/time.ts';

export function showAccount(account: Account) {
  return {
    object: 'account',
    id: account.id,
    status: account.status,
    rate_limit_per_minute: account.rateLimitPerMinute,
    time_created: formatUtcSeconds(account.createdAt),
  };
}

/** A key; its secret only when it was just created (it is never stored). */
export function showApiKey(key: ApiKeySummary & { key?: string }) {
  return {
    object: 'api_key',
    id: key.id,
    account_id: key.accountId,
    mode: key.liveMode ? 'live' : 'test',
    ...(key.key !== undefined ? { key: key.key } : {}),
    hint: key.hint,
    time_created: formatUtcSeconds(key.createdAt),
    ...(key.revokedAt !== null ? { time_revoked: formatUtcSeconds(key.revokedAt) } : {}),
  };
}

/** A location's place and the one setting the CLI changes. */
export function showLocation(location: Location) {
  return {
    object: 'location',
    id: location.id,
    account_id: location.accountId,
    mode: location.liveMode ? 'live' : 'test',
    timezone: location.timezone,
    currency_code: location.currencyCode,
    flex_allowed: location.flexAllowed,
  };
}

export function showMarketPriceImport(result: MarketPriceImport) {
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
