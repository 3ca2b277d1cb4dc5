import { sql, type ColumnType, type Selectable } from 'kysely';
import type { Db, EventRow } from './schema.ts';

// Webhook endpoints, deliveries (the outbox), attempts and signing keys (migration 0008).

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface WebhookEndpointRow {
  account_id: string;
  id: string;
  live_mode: boolean;
  url: string;
  description: string | null;
  event_types: Json<string[]>;
  status: 'enabled' | 'disabled';
  created_at: Timestamp;
}

export interface WebhookDeliveryRow {
  account_id: string;
  event_id: string;
  endpoint_id: string;
  live_mode: boolean;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  max_attempts: number;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  lease_token: string | null;
  last_attempt_at: Timestamp | null;
  created_at: Timestamp;
}

export interface WebhookAttemptRow {
  account_id: string;
  id: string;
  event_id: string;
  endpoint_id: string;
  attempted_at: Timestamp;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_excerpt: string | null;
}

export interface WebhookSigningKeyRow {
  id: string;
  live_mode: boolean;
  status: 'active' | 'retired';
  public_jwk: Json<Record<string, string>>;
  private_key: string;
  created_at: Timestamp;
  retired_at: Timestamp | null;
  expires_at: Timestamp | null;
}

export type WebhookEndpointRecord = Selectable<WebhookEndpointRow>;
export type WebhookDeliveryRecord = Selectable<WebhookDeliveryRow>;
export type WebhookAttemptRecord = Selectable<WebhookAttemptRow>;
export type WebhookSigningKeyRecord = Selectable<WebhookSigningKeyRow>;

const withWebhooks = (db: Db) =>
  db.withTables<{
    webhook_endpoints: WebhookEndpointRow;
    webhook_deliveries: WebhookDeliveryRow;
    webhook_attempts: WebhookAttemptRow;
    webhook_signing_keys: WebhookSigningKeyRow;
  }>();

// ---- events and the outbox ----

/**
 * Inserts events and, in the same statement, one pending delivery for every enabled endpoint of
 * each event's account and mode whose event types match (an empty list matches every type).
 * Each delivery is due at its event's time or `dueBy`, whichever is earlier: due times are server
 * time, and an event of a test clock ahead of it is due at once [decision:test-clock-webhooks].
 * Returns how many deliveries it wrote. One round trip whether or not endpoints exist.
 */
export async function insertEventsWithDeliveries(
  db: Db,
  events: Selectable<EventRow>[],
  maxAttempts: number,
  dueBy: Date,
): Promise<number> {
  if (events.length === 0) return 0;
  const values = events.map(
    (e) =>
      sql`(${e.account_id}, ${e.live_mode}, ${e.id}, ${e.type}, ${e.object_id}, ${JSON.stringify(e.data)}::jsonb, ${e.created_at}::timestamptz)`,
  );
  const { rows } = await sql<{ deliveries: number }>`
    with inserted as (
      insert into events (account_id, live_mode, id, type, object_id, data, created_at)
      values ${sql.join(values)}
      returning account_id, live_mode, id, type, created_at
    ), outbox as (
      insert into webhook_deliveries
        (account_id, event_id, endpoint_id, live_mode, status, attempts, max_attempts,
         next_attempt_at, created_at)
      select i.account_id, i.id, w.id, i.live_mode, 'pending', 0, ${maxAttempts}, least(i.created_at, ${dueBy}::timestamptz), i.created_at
      from inserted i
      join webhook_endpoints w
        on w.account_id = i.account_id and w.live_mode = i.live_mode and w.status = 'enabled'
       and (w.event_types = '[]'::jsonb or w.event_types @> jsonb_build_array(i.type))
      returning 1
    )
    select count(*)::int as deliveries from outbox`.execute(db);
  return rows[0]?.deliveries ?? 0;
}

// ---- endpoints ----

export async function insertWebhookEndpoint(db: Db, record: WebhookEndpointRecord): Promise<void> {
  await withWebhooks(db)
    .insertInto('webhook_endpoints')
    .values({ ...record, event_types: JSON.stringify(record.event_types) })
    .execute();
}

export async function selectWebhookEndpoint(
  db: Db,
  accountId: string,
  id: string,
): Promise<WebhookEndpointRecord | undefined> {
  return withWebhooks(db)
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function selectWebhookEndpoints(db: Db, accountId: string): Promise<WebhookEndpointRecord[]> {
  return withWebhooks(db)
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .execute();
}

export async function updateWebhookEndpointRow(
  db: Db,
  accountId: string,
  id: string,
  patch: {
    url?: string;
    event_types?: string[];
    status?: WebhookEndpointRow['status'];
    description?: string | null;
  },
): Promise<WebhookEndpointRecord | undefined> {
  const { event_types, ...rest } = patch;
  const set = { ...rest, ...(event_types !== undefined ? { event_types: JSON.stringify(event_types) } : {}) };
  if (Object.keys(set).length === 0) return selectWebhookEndpoint(db, accountId, id);
  return withWebhooks(db)
    .updateTable('webhook_endpoints')
    .set(set)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes an endpoint with its deliveries and their attempts; false when there was none. */
export async function deleteWebhookEndpointRow(db: Db, accountId: string, id: string): Promise<boolean> {
  const w = withWebhooks(db);
  await w
    .deleteFrom('webhook_attempts')
    .where('account_id', '=', accountId)
    .where('endpoint_id', '=', id)
    .execute();
  await w
    .deleteFrom('webhook_deliveries')
    .where('account_id', '=', accountId)
    .where('endpoint_id', '=', id)
    .execute();
  const result = await w
    .deleteFrom('webhook_endpoints')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---- claiming and finishing deliveries ----

/** A claimed delivery with what sending it needs: its event and its endpoint. */
export interface ClaimedDelivery {
  account_id: string;
  event_id: string;
  endpoint_id: string;
  live_mode: boolean;
  attempts: number;
  max_attempts: number;
  lease_token: string;
  url: string | null;
  endpoint_status: string | null;
  type: string | null;
  object_id: string | null;
  data: Record<string, unknown> | null;
  /** ISO 8601. */
  event_created_at: string | null;
}

/**
 * Claims up to `limit` due deliveries in one statement: the subquery locks due, unleased rows
 * (skipping rows another node holds), the update counts the attempt and leases them until
 * `leaseUntil` (wall clock) under `token`; the result carries each one's event and endpoint.
 * Endpoints in `skipEndpoints` (busy on this node) are left for later [decision:webhook-outbox].
 * The text of the statement is the same whatever the limit and the endpoints skipped, so it is
 * prepared once per connection; the rows come back as one JSON array (one parse for the batch).
 */
export async function claimWebhookDeliveries(
  db: Db,
  now: Date,
  wallNow: Date,
  leaseUntil: Date,
  token: string,
  limit: number,
  skipEndpoints: string[],
): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<{ claimed: ClaimedDelivery[] }>`
    with claimed as (
      update webhook_deliveries d
         set attempts = d.attempts + 1, lease_until = ${leaseUntil}, lease_token = ${token}
       where (d.account_id, d.event_id, d.endpoint_id) in (
         select account_id, event_id, endpoint_id from webhook_deliveries
          where status = 'pending' and next_attempt_at <= ${now}
            and (lease_until is null or lease_until < ${wallNow})
            and endpoint_id <> all(${skipEndpoints}::text[])
          order by next_attempt_at
          limit ${limit}
          for update skip locked)
      returning d.account_id, d.event_id, d.endpoint_id, d.live_mode, d.attempts, d.max_attempts, d.lease_token
    )
    select coalesce(json_agg(r), '[]') as claimed from (
      select c.*, w.url, w.status as endpoint_status, e.type, e.object_id, e.data, e.created_at as event_created_at
        from claimed c
        left join webhook_endpoints w on w.account_id = c.account_id and w.id = c.endpoint_id
        left join events e on e.account_id = c.account_id and e.live_mode = c.live_mode and e.id = c.event_id) r`.execute(
    db,
  );
  return rows[0]?.claimed ?? [];
}

/** Gives claimed deliveries back unattempted (this node had no room for them after all). */
export async function releaseWebhookDeliveries(
  db: Db,
  deliveries: { account_id: string; event_id: string; endpoint_id: string; lease_token: string }[],
): Promise<void> {
  if (deliveries.length === 0) return;
  const keys = deliveries.map(
    (d) => sql`(${d.account_id}::text, ${d.event_id}::text, ${d.endpoint_id}::text, ${d.lease_token}::text)`,
  );
  await sql`
    update webhook_deliveries
       set attempts = attempts - 1, lease_until = null, lease_token = null
     where (account_id, event_id, endpoint_id, lease_token) in (values ${sql.join(keys)})`.execute(db);
}

/** A finished attempt of a claimed delivery: the delivery's new state and the attempt's log row. */
export interface FinishedAttempt {
  delivery: { account_id: string; event_id: string; endpoint_id: string; lease_token: string };
  status: WebhookDeliveryRow['status'];
  nextAttemptAt: Date | null;
  attempt: WebhookAttemptRecord;
}

/**
 * Records many finished attempts in one statement: each delivery's new state, if this node still
 * holds its lease, and the attempt's log row for exactly those (a node whose lease ran out leaves
 * the row, and the log, to whoever claimed it since). Returns how many were recorded.
 */
export async function finishWebhookDeliveries(db: Db, finished: FinishedAttempt[]): Promise<number> {
  if (finished.length === 0) return 0;
  // the batch as one JSON document, read back into rows by json_to_recordset: the statement text
  // does not depend on the batch size (one prepared statement), and the values are serialized
  // by one JSON.stringify rather than one parameter at a time
  const outcome = JSON.stringify(
    finished.map((f) => ({
      account_id: f.delivery.account_id,
      event_id: f.delivery.event_id,
      endpoint_id: f.delivery.endpoint_id,
      lease_token: f.delivery.lease_token,
      status: f.status,
      next_attempt_at: f.nextAttemptAt,
      attempt_id: f.attempt.id,
      attempted_at: f.attempt.attempted_at,
      status_code: f.attempt.status_code,
      latency_ms: f.attempt.latency_ms,
      error: f.attempt.error,
      response_excerpt: f.attempt.response_excerpt,
    })),
  );
  const { rows: result } = await sql<{ recorded: number }>`
    with outcome as (
      select * from json_to_recordset(${outcome}::json)
        as o(account_id text, event_id text, endpoint_id text, lease_token text, status text,
             next_attempt_at timestamptz, attempt_id text, attempted_at timestamptz, status_code int,
             latency_ms int, error text, response_excerpt text)
    ), updated as (
      update webhook_deliveries d
         set status = o.status, lease_until = null, lease_token = null, last_attempt_at = o.attempted_at,
             next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at)
        from outcome o
       where d.account_id = o.account_id and d.event_id = o.event_id and d.endpoint_id = o.endpoint_id
         and d.lease_token = o.lease_token
      returning d.account_id, d.event_id, d.endpoint_id
    ), logged as (
      insert into webhook_attempts
        (account_id, id, event_id, endpoint_id, attempted_at, status_code, latency_ms, error, response_excerpt)
      select o.account_id, o.attempt_id, o.event_id, o.endpoint_id, o.attempted_at, o.status_code,
             o.latency_ms, o.error, o.response_excerpt
        from outcome o
        join updated u on u.account_id = o.account_id and u.event_id = o.event_id and u.endpoint_id = o.endpoint_id
      returning 1
    )
    select count(*)::int as recorded from logged`.execute(db);
  return result[0]?.recorded ?? 0;
}

// ---- the log and redelivery ----

export async function selectWebhookDeliveries(
  db: Db,
  accountId: string,
  filter: { endpointId?: string | undefined; eventId?: string | undefined; status?: string | undefined },
  limit: number,
): Promise<WebhookDeliveryRecord[]> {
  let query = withWebhooks(db)
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('account_id', '=', accountId);
  if (filter.endpointId !== undefined) query = query.where('endpoint_id', '=', filter.endpointId);
  if (filter.eventId !== undefined) query = query.where('event_id', '=', filter.eventId);
  if (filter.status !== undefined)
    query = query.where('status', '=', filter.status as WebhookDeliveryRow['status']);
  return query.orderBy('created_at', 'desc').orderBy('event_id', 'desc').limit(limit).execute();
}

export async function selectWebhookAttempts(
  db: Db,
  accountId: string,
  deliveries: { event_id: string; endpoint_id: string }[],
): Promise<WebhookAttemptRecord[]> {
  if (deliveries.length === 0) return [];
  return withWebhooks(db)
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('event_id', 'in', [...new Set(deliveries.map((d) => d.event_id))])
    .where('endpoint_id', 'in', [...new Set(deliveries.map((d) => d.endpoint_id))])
    .orderBy('id')
    .execute();
}

/**
 * Makes a delivery due again at `now` for one more attempt, creating it if the event never had
 * one for this endpoint. Returns the delivery.
 */
export async function upsertRedelivery(
  db: Db,
  key: { account_id: string; event_id: string; endpoint_id: string; live_mode: boolean },
  now: Date,
): Promise<WebhookDeliveryRecord> {
  const row = await withWebhooks(db)
    .insertInto('webhook_deliveries')
    .values({
      ...key,
      status: 'pending',
      attempts: 0,
      max_attempts: 1,
      next_attempt_at: now,
      lease_until: null,
      lease_token: null,
      last_attempt_at: null,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['account_id', 'event_id', 'endpoint_id']).doUpdateSet((eb) => ({
        status: 'pending',
        max_attempts: eb('webhook_deliveries.attempts', '+', 1),
        next_attempt_at: now,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return row;
}

/** Makes every failed delivery of an endpoint created since `since` due again for one attempt. */
export async function redeliverFailedSince(
  db: Db,
  accountId: string,
  endpointId: string,
  since: Date,
  now: Date,
): Promise<number> {
  const result = await withWebhooks(db)
    .updateTable('webhook_deliveries')
    .set((eb) => ({ status: 'pending', max_attempts: eb('attempts', '+', 1), next_attempt_at: now }))
    .where('account_id', '=', accountId)
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'failed')
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Removes deliveries (and their attempts) created before `before` that are no longer pending. */
export async function deleteWebhookDeliveriesBefore(db: Db, before: Date): Promise<number> {
  const w = withWebhooks(db);
  await w.deleteFrom('webhook_attempts').where('attempted_at', '<', before).execute();
  const result = await w
    .deleteFrom('webhook_deliveries')
    .where('created_at', '<', before)
    .where('status', '!=', 'pending')
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Enabled endpoints whose every attempt since `cut` or before has failed: one failed at or
 * before `cut` and none succeeded after it.
 */
export async function selectEndpointsFailingSince(db: Db, cut: Date): Promise<WebhookEndpointRecord[]> {
  const { rows } = await sql<WebhookEndpointRecord>`
    select w.* from webhook_endpoints w
     where w.status = 'enabled'
       and exists (
         select 1 from webhook_attempts f
          where f.account_id = w.account_id and f.endpoint_id = w.id and f.error is not null
            and f.attempted_at <= ${cut}
            and not exists (
              select 1 from webhook_attempts s
               where s.account_id = f.account_id and s.endpoint_id = f.endpoint_id and s.error is null
                 and s.attempted_at >= f.attempted_at))`.execute(db);
  return rows;
}

// ---- signing keys ----

export async function selectSigningKeys(db: Db, now: Date): Promise<WebhookSigningKeyRecord[]> {
  return withWebhooks(db)
    .selectFrom('webhook_signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('status', '=', 'active'), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
}

export async function selectActiveSigningKey(
  db: Db,
  liveMode: boolean,
): Promise<WebhookSigningKeyRecord | undefined> {
  return withWebhooks(db)
    .selectFrom('webhook_signing_keys')
    .selectAll()
    .where('live_mode', '=', liveMode)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** Inserts an active key unless the mode has one already (another node won); returns whether it did. */
export async function insertActiveSigningKey(db: Db, record: WebhookSigningKeyRecord): Promise<boolean> {
  const inserted = await withWebhooks(db)
    .insertInto('webhook_signing_keys')
    .values({ ...record, public_jwk: JSON.stringify(record.public_jwk) })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  return inserted.length > 0;
}

/** Retires the mode's active key, published until `expiresAt`. */
export async function retireActiveSigningKey(
  db: Db,
  liveMode: boolean,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await withWebhooks(db)
    .updateTable('webhook_signing_keys')
    .set({ status: 'retired', retired_at: now, expires_at: expiresAt })
    .where('live_mode', '=', liveMode)
    .where('status', '=', 'active')
    .execute();
}
