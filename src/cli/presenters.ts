// What the `offpeak` command prints: JSON for an operator's scripts, snake_case like the API, but
// the CLI's own shapes. The CLI is a transport beside HTTP, not on top of it, so it never borrows
// the API's presenters; what it prints about an object is what an operator acts on.
import type { Account, ApiKeySummary } from '../core/accounts/accounts.ts';
import type { Location } from '../core/locations/locations.ts';
import type { MarketPriceImport } from '../core/market-data/import-market-prices.ts';
import type { WebhookDelivery } from '../core/webhooks/deliveries.ts';
import type { WebhookEndpoint } from '../core/webhooks/endpoints.ts';
import type { SigningKeySummary } from '../core/webhooks/signing-keys.ts';
import { formatUtcSeconds } from '../lib/time.ts';

export function showAccount(account: Account) {
  return {
    object: 'account',
    id: account.id,
    status: account.status,
    rate_limit_per_minute: account.rateLimitPerMinute,
    connect_local_enabled: account.connectLocalEnabled,
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

export function showWebhookEndpoint(endpoint: WebhookEndpoint) {
  return {
    object: 'webhook_endpoint',
    id: endpoint.id,
    account_id: endpoint.accountId,
    live_mode: endpoint.liveMode,
    url: endpoint.url,
    event_types: endpoint.eventTypes,
    status: endpoint.status,
    description: endpoint.description,
  };
}

/** A delivery with one line an attempt, newest last: what an operator reads when chasing a receiver. */
export function showWebhookDelivery(delivery: WebhookDelivery) {
  return {
    object: 'webhook_delivery',
    event_id: delivery.eventId,
    endpoint_id: delivery.endpointId,
    live_mode: delivery.liveMode,
    status: delivery.status,
    next_attempt: delivery.nextAttemptAt === null ? null : formatUtcSeconds(delivery.nextAttemptAt),
    attempts: delivery.attempts.map(
      (a) =>
        `${formatUtcSeconds(a.attemptedAt)} ${a.statusCode ?? '---'} ${a.latencyMs} ms${a.error ? ` ${a.error}` : ''}`,
    ),
  };
}

export function showSigningKey(key: SigningKeySummary) {
  return {
    object: 'webhook_signing_key',
    id: key.id,
    live_mode: key.liveMode,
    status: key.status,
    expires: key.expiresAt === null ? null : formatUtcSeconds(key.expiresAt),
  };
}
