import type { Kysely } from 'kysely';

// Portable SQL only: no sequences, triggers, functions, extensions or partitions, and every
// primary key starts with the account, so the schema runs on PostgreSQL 15+, PGlite and
// Postgres-compatible distributed databases alike.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('token_secret', 'text', (c) => c.notNull())
    .addColumn('rate_limit_per_minute', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('key_hint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addPrimaryKeyConstraint('api_keys_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createIndex('api_keys_hash').unique().on('api_keys').column('key_hash').execute();

  await db.schema
    .createTable('customers')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('reference_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('customers_pk', ['account_id', 'live_mode', 'id'])
    .execute();
  await db.schema
    .createIndex('customers_reference')
    .on('customers')
    .columns(['account_id', 'live_mode', 'reference_id', 'id'])
    .execute();

  await db.schema
    .createTable('locations')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('reference_id', 'text')
    .addColumn('postal_address', 'jsonb', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('currency_code', 'text')
    .addColumn('geo_location', 'jsonb')
    .addColumn('market_sources', 'jsonb', (c) => c.notNull())
    .addColumn('flex_allowed', 'boolean', (c) => c.notNull())
    .addColumn('grid_node_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('locations_pk', ['account_id', 'live_mode', 'id'])
    .execute();
  await db.schema
    .createIndex('locations_customer')
    .on('locations')
    .columns(['account_id', 'live_mode', 'customer_id', 'id'])
    .execute();
  await db.schema
    .createIndex('locations_reference')
    .on('locations')
    .columns(['account_id', 'live_mode', 'reference_id', 'id'])
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('reference_id', 'text')
    .addColumn('pv_system', 'jsonb')
    .addColumn('last_seen', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('devices_pk', ['account_id', 'live_mode', 'id'])
    .execute();
  await db.schema
    .createIndex('devices_reference')
    .on('devices')
    .columns(['account_id', 'live_mode', 'reference_id', 'id'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['account_id', 'live_mode', 'id'])
    .execute();
  await db.schema
    .createIndex('events_type')
    .on('events')
    .columns(['account_id', 'live_mode', 'type', 'id'])
    .execute();
  await db.schema
    .createIndex('events_object')
    .on('events')
    .columns(['account_id', 'live_mode', 'object_id', 'id'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'live_mode', 'key'])
    .execute();
}
