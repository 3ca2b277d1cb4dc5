import { sql, type Kysely } from 'kysely';

// Webhook delivery (docs/webhooks.md). Endpoints and deliveries are keyed by account like every
// API object; signing keys belong to the server (one JWKS), like market data. A delivery row is
// the outbox: written by the statement that writes its event, claimed by any node with
// `for update skip locked` and a wall-clock lease. Portable SQL only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    /** A JSON array of event types; empty means every type. */
    .addColumn('event_types', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_endpoints_pk', ['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_endpoints_mode')
    .on('webhook_endpoints')
    .columns(['account_id', 'live_mode', 'status'])
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    /** pending, delivered or failed. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    /** The attempt count at which the delivery is given up (6; one more per manual redelivery). */
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    /** When the next attempt is due, on the clock of the delivery's account and mode. */
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    /** Wall-clock end of the claim of the node attempting it now; null when unclaimed. */
    .addColumn('lease_until', 'timestamptz')
    .addColumn('lease_token', 'text')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['account_id', 'event_id', 'endpoint_id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_endpoint')
    .on('webhook_deliveries')
    .columns(['account_id', 'endpoint_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_created')
    .on('webhook_deliveries')
    .column('created_at')
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_excerpt', 'text')
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_attempts_delivery')
    .on('webhook_attempts')
    .columns(['account_id', 'event_id', 'endpoint_id', 'id'])
    .execute();
  await db.schema
    .createIndex('webhook_attempts_endpoint')
    .on('webhook_attempts')
    .columns(['account_id', 'endpoint_id', 'attempted_at'])
    .execute();
  await db.schema
    .createIndex('webhook_attempts_time')
    .on('webhook_attempts')
    .column('attempted_at')
    .execute();

  // `location.update` when a market source's prices change finds its locations through these
  await db.schema
    .createIndex('locations_market_import')
    .on('locations')
    .expression(sql`(market_sources->>'import')`)
    .execute();
  await db.schema
    .createIndex('locations_market_export')
    .on('locations')
    .expression(sql`(market_sources->>'export')`)
    .execute();

  await db.schema
    .createTable('webhook_signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    /** active (signs) or retired (still published until expires_at). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
    /** PKCS8 PEM, or `aes-256-gcm:…` when OFFPEAK_SECRET_KEY encrypts it. */
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .execute();
  // one active key per mode: a second node creating the first key conflicts and reads the winner's
  await db.schema
    .createIndex('webhook_signing_keys_active')
    .unique()
    .on('webhook_signing_keys')
    .column('live_mode')
    .where(sql.ref('status'), '=', 'active')
    .execute();
}
