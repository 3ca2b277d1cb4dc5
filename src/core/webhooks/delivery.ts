import { randomBytes } from 'node:crypto';
import { newId } from '../../lib/ids.ts';
import {
  claimWebhookDeliveries,
  finishWebhookDeliveries,
  releaseWebhookDeliveries,
  type ClaimedDelivery,
  type FinishedAttempt,
} from '../../store/webhooks.ts';
import { SERVER, wallNow } from '../clock.ts';
import type { CoreContext, Scope } from '../context.ts';
import type { DomainEvent } from '../events/events.ts';
import { Route } from './http-client.ts';
import { resolvePublicTarget, type ResolvedTarget } from './private-targets.ts';
import { RETRY_DELAYS_MS, type WebhookSettings } from './settings.ts';
import { signerFor } from './signing-keys.ts';
import { onDeliveriesWritten } from './wake.ts';

// The delivery worker: claims due deliveries (any node may; `for update skip locked` and a
// wall-clock lease keep two nodes off one attempt), POSTs each signed Event, records the attempt
// and schedules the next one on the scope's clock. The HTTP rendering of an event is given in
// (`render`), so this core module knows no transport.

const FLATPEAK_VERSION = '2025-09-14.anode';
const USER_AGENT = 'Offpeak-Webhooks/0.1.0';
/** How long a claim holds: the attempt's deadline plus room for the database. */
const LEASE_MARGIN_MS = 20_000;
const EXCERPT_BYTES = 1024;
/** After a wake, look again at these delays while the writing transaction commits. */
const WAKE_FOLLOW_UPS_MS = [0, 5, 20, 60, 200];

export type EventRenderer = (event: DomainEvent) => unknown;

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  excerpt: string | null;
  latencyMs: number;
}

/** The headers and body of a signed delivery, as receivers get them. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export function signedRequest(
  body: string,
  signer: { kid: string; sign(data: Buffer): Buffer },
): SignedRequest {
  const timestamp = String(Math.floor(wallNow() / 1000));
  const signature = signer.sign(Buffer.from(`${timestamp}.${body}`, 'utf8')).toString('base64url');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'flatpeak-signature': `v1=${signature}`,
      'flatpeak-signature-scheme': 'v1',
      'flatpeak-timestamp': timestamp,
      'flatpeak-key-id': signer.kid,
      'flatpeak-version': FLATPEAK_VERSION,
    },
  };
}

/** Connections kept open per endpoint and address when a caller does not say. */
const DEFAULT_SOCKETS = 16;
/** An idle kept-alive connection is closed after this long (receivers often close theirs at 5 s). */
const IDLE_SOCKET_MS = 4000;
/** Routes kept; beyond this, unused ones are closed and forgotten. */
const MAX_ROUTES = 256;

const routes = new Map<string, Route>();

/** Which connections a request may use: those of its endpoint (`key`), at most `maxSockets`. */
export interface PoolOptions {
  key?: string;
  maxSockets?: number;
}

/**
 * The keep-alive route of an endpoint to its URL's origin, through `target` when given: its own
 * connections, keyed by endpoint, origin and address, made to exactly that address (the host
 * name stays the Host header and the TLS server name). So a kept-alive connection is only ever
 * reused for the address it was opened to [decision:webhook-private-targets], and one endpoint's
 * requests never wait for another's connections.
 */
function routeFor(url: URL, target: ResolvedTarget | undefined, pool: PoolOptions): Route {
  const maxSockets = pool.maxSockets ?? DEFAULT_SOCKETS;
  const key = `${pool.key ?? ''}|${url.protocol}//${url.host}|${target ? target.address : ''}|${maxSockets}`;
  const known = routes.get(key);
  if (known) {
    // most recently used last: the first entries are the ones to evict
    routes.delete(key);
    routes.set(key, known);
    return known;
  }
  const isHttps = url.protocol === 'https:';
  const route = new Route({
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (isHttps ? 443 : 80) : Number(url.port),
    address: target,
    maxSockets,
    idleMs: IDLE_SOCKET_MS,
  });
  routes.set(key, route);
  if (routes.size > MAX_ROUTES)
    for (const [k, r] of routes) {
      if (routes.size <= MAX_ROUTES) break;
      if (!r.unused) continue;
      r.close();
      routes.delete(k);
    }
  return route;
}

/**
 * POSTs a signed request; success is a 2xx within `timeoutMs`. Redirects are not followed. With
 * `target`, connects to exactly that address (the one that passed the private-range check) while
 * the URL's host name stays the Host header and the TLS server name. Connections are kept alive
 * per `pool.key` (the endpoint), origin and address, at most `pool.maxSockets` of them.
 */
export function postWebhook(
  url: URL,
  request: SignedRequest,
  timeoutMs: number,
  target?: ResolvedTarget,
  pool: PoolOptions = {},
): Promise<AttemptResult> {
  const started = wallNow();
  const refuse = (error: string): Promise<AttemptResult> =>
    Promise.resolve({ statusCode: null, error, excerpt: null, latencyMs: 0 });
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse(`unsupported URL ${url.protocol}`);
  let head = `POST ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const name in request.headers) {
    const value = request.headers[name] as string;
    if (value.includes('\n') || value.includes('\r')) return refuse(`header ${name} has a line break`);
    head += `${name}: ${value}\r\n`;
  }
  head += `content-length: ${Buffer.byteLength(request.body)}\r\n\r\n`;
  const route = routeFor(url, target, pool);
  return new Promise((resolve) =>
    route.post(head, request.body, timeoutMs, EXCERPT_BYTES, (result) => {
      // PostgreSQL text cannot hold NUL: drop it rather than fail the batch that records this
      const text = result.excerpt === null ? '' : result.excerpt.toString('utf8').replaceAll('\0', '');
      resolve({
        statusCode: result.statusCode,
        error: result.error,
        excerpt: text === '' ? null : text,
        latencyMs: Math.max(0, wallNow() - started),
      });
    }),
  );
}

function eventOf(row: ClaimedDelivery): DomainEvent | undefined {
  if (row.type === null || row.data === null || row.event_created_at === null || row.object_id === null)
    return undefined;
  return {
    id: row.event_id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    type: row.type,
    objectId: row.object_id,
    data: row.data,
    createdAt: new Date(row.event_created_at).getTime(),
  };
}

/** Rendered bodies a worker keeps, so an event due to many endpoints is rendered once. */
const KEPT_BODIES = 1024;

function bodyOf(event: DomainEvent, render: EventRenderer, bodies: Map<string, string> | undefined): string {
  const key = `${event.accountId}|${event.liveMode}|${event.id}`;
  const known = bodies?.get(key);
  if (known !== undefined) return known;
  const body = JSON.stringify(render(event));
  if (bodies) {
    if (bodies.size >= KEPT_BODIES) bodies.delete(bodies.keys().next().value as string);
    bodies.set(key, body);
  }
  return body;
}

/**
 * One attempt of one claimed delivery: sends it and works out what follows (delivered, the next
 * attempt of the schedule, or failed). Recording it is the caller's (finishWebhookDeliveries).
 */
export async function sendAttempt(
  ctx: CoreContext,
  settings: WebhookSettings,
  render: EventRenderer,
  row: ClaimedDelivery,
  bodies?: Map<string, string>,
): Promise<FinishedAttempt> {
  const scope: Scope = { accountId: row.account_id, liveMode: row.live_mode };
  const event = eventOf(row);
  let result: AttemptResult;
  const refused = (error: string) => ({ statusCode: null, error, excerpt: null, latencyMs: 0 });
  if (!event) result = refused('the event no longer exists');
  else if (row.url === null) result = refused('the endpoint no longer exists');
  else if (row.endpoint_status !== 'enabled') result = refused('the endpoint is disabled');
  else {
    const url = new URL(row.url);
    let target: ResolvedTarget | undefined;
    try {
      if (settings.privateTargets === 'deny') target = await resolvePublicTarget(url.hostname);
      const signer = await signerFor(ctx, settings, row.live_mode);
      const body = bodyOf(event, render, bodies);
      result = await postWebhook(url, signedRequest(body, signer), settings.timeoutMs, target, {
        key: row.endpoint_id,
        maxSockets: settings.perEndpoint,
      });
    } catch (error) {
      result = refused(error instanceof Error ? error.message : String(error));
    }
  }
  const now = ctx.now(scope);
  const delivered = result.error === null;
  const retry =
    !delivered && row.attempts < row.max_attempts && event !== undefined && row.endpoint_status === 'enabled';
  return {
    delivery: row,
    status: delivered ? 'delivered' : retry ? 'pending' : 'failed',
    // retry times are server time; a test clock's advance brings them forward [decision:test-clock-webhooks]
    nextAttemptAt: retry
      ? new Date(ctx.now(SERVER) + (RETRY_DELAYS_MS[row.attempts] ?? RETRY_DELAYS_MS.at(-1) ?? 0))
      : null,
    attempt: {
      account_id: row.account_id,
      id: newId('wha', now),
      event_id: row.event_id,
      endpoint_id: row.endpoint_id,
      attempted_at: new Date(now),
      status_code: result.statusCode,
      latency_ms: Math.round(result.latencyMs),
      error: result.error,
      response_excerpt: result.excerpt,
    },
  };
}

/** Finished attempts recorded per statement. */
const FINISH_BATCH = 500;

/**
 * The delivery worker of one node. `round()` claims as much due work as the node has room for
 * and starts it; `drain()` runs rounds until nothing is due or in flight (tests); `start()` runs
 * it as the server does: a poll every `pollMs`, and at once when this node writes deliveries.
 */
export class DeliveryWorker {
  private readonly inFlight = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private total = 0;
  private claiming: Promise<number> | null = null;
  private again = false;
  private followUps: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly settings: WebhookSettings,
    private readonly render: EventRenderer,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Claims and starts due deliveries; resolves with how many it claimed. */
  round(): Promise<number> {
    if (this.claiming) {
      this.again = true;
      return this.claiming;
    }
    this.claiming = this.claim()
      .catch((error: unknown) => {
        this.onError(error);
        return 0;
      })
      .finally(() => {
        this.claiming = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.round();
        }
      });
    return this.claiming;
  }

  private async claim(): Promise<number> {
    const room = this.settings.concurrency - this.total;
    // claim in batches: a claim for one free slot per finished delivery would cost a query each
    if (room <= 0 || (this.total > 0 && room < Math.max(1, Math.floor(this.settings.concurrency / 4))))
      return 0;
    const perEndpoint = this.settings.perEndpoint;
    const held = (id: string) => (this.inFlight.get(id) ?? 0) + (this.queued.get(id)?.length ?? 0);
    const busy = [...new Set([...this.inFlight.keys(), ...this.queued.keys()])].filter(
      (id) => held(id) >= 2 * perEndpoint,
    );
    const wall = wallNow();
    const token = randomBytes(8).toString('hex');
    const rows = await claimWebhookDeliveries(
      this.ctx.db,
      new Date(this.ctx.now(SERVER)),
      new Date(wall),
      new Date(wall + this.settings.timeoutMs + LEASE_MARGIN_MS),
      token,
      room,
      busy,
    );
    this.full = rows.length >= room;
    const excess: ClaimedDelivery[] = [];
    for (const row of rows) {
      const inFlight = this.inFlight.get(row.endpoint_id) ?? 0;
      if (inFlight < perEndpoint) this.send(row);
      else if (held(row.endpoint_id) < 2 * perEndpoint) {
        // leased to this node and waiting for a slot of its endpoint (at most perEndpoint deep,
        // so it starts well within the lease)
        const queue = this.queued.get(row.endpoint_id) ?? [];
        queue.push(row);
        this.queued.set(row.endpoint_id, queue);
        this.total++;
      } else excess.push(row);
    }
    if (excess.length > 0) await releaseWebhookDeliveries(this.ctx.db, excess);
    return rows.length - excess.length;
  }

  private readonly queued = new Map<string, ClaimedDelivery[]>();
  /** Bodies rendered lately, by event: an event sent to many endpoints is rendered once. */
  private readonly bodies = new Map<string, string>();
  private full = false;

  /** Sends a claimed delivery now; when it is recorded, its endpoint's next queued one starts. */
  private send(row: ClaimedDelivery, counted = false): void {
    this.inFlight.set(row.endpoint_id, (this.inFlight.get(row.endpoint_id) ?? 0) + 1);
    if (!counted) this.total++;
    const work: Promise<void> = sendAttempt(this.ctx, this.settings, this.render, row, this.bodies)
      .then((finished) => this.record(finished))
      .catch(this.onError)
      .finally(() => {
        const left = (this.inFlight.get(row.endpoint_id) ?? 1) - 1;
        if (left > 0) this.inFlight.set(row.endpoint_id, left);
        else this.inFlight.delete(row.endpoint_id);
        this.total--;
        this.running.delete(work);
        const queue = this.queued.get(row.endpoint_id);
        const next = queue?.shift();
        if (queue && queue.length === 0) this.queued.delete(row.endpoint_id);
        if (next) this.send(next, true);
        // a full claim suggests more is due: look again now that there is room
        if (this.full && !this.stopped) void this.round();
      });
    this.running.add(work);
  }

  private readonly finished: { attempt: FinishedAttempt; done: () => void; failed: (e: unknown) => void }[] =
    [];
  private flushScheduled = false;

  /** Queues a finished attempt; attempts that finish together are recorded in one statement. */
  private record(attempt: FinishedAttempt): Promise<void> {
    return new Promise((done, failed) => {
      this.finished.push({ attempt, done, failed });
      this.scheduleFlush();
    });
  }

  private flushing = false;

  /**
   * Records queued attempts: at once when no recording is in flight, else as soon as it ends, so
   * that under load the attempts that finish meanwhile share one statement (one round trip and
   * one parse per batch rather than per delivery) while a lone attempt waits for nothing.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const batch = this.finished.splice(0, FINISH_BATCH);
      if (batch.length === 0) return;
      this.flushing = true;
      finishWebhookDeliveries(
        this.ctx.db,
        batch.map((b) => b.attempt),
      )
        .then(
          () => batch.forEach((b) => b.done()),
          (error: unknown) => batch.forEach((b) => b.failed(error)),
        )
        .finally(() => {
          this.flushing = false;
          if (this.finished.length > 0) this.scheduleFlush();
        });
    });
  }

  /** Runs rounds until nothing is due and nothing is in flight. */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.round();
      if (this.running.size > 0) await Promise.all([...this.running]);
      else if (claimed === 0) return;
    }
  }

  /** A wake: look now, and again shortly, while the transaction that wrote the work commits. */
  wake(): void {
    if (this.stopped) return;
    this.followUps.forEach(clearTimeout);
    this.followUps = WAKE_FOLLOW_UPS_MS.map((ms) => setTimeout(() => void this.round(), ms));
  }

  /** Polls every `pollMs` and listens for wakes; returns the function that stops and waits. */
  start(): () => Promise<void> {
    const timer = setInterval(() => void this.round(), this.settings.pollMs);
    timer.unref();
    const unsubscribe = onDeliveriesWritten(() => this.wake());
    void this.round();
    return async () => {
      this.stopped = true;
      clearInterval(timer);
      unsubscribe();
      this.followUps.forEach(clearTimeout);
      await this.claiming;
      while (this.running.size > 0) await Promise.all([...this.running]);
    };
  }
}
