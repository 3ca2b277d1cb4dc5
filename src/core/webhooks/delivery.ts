import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { randomBytes } from 'node:crypto';
import { newId } from '../../lib/ids.ts';
import {
  claimWebhookDeliveries,
  finishWebhookDelivery,
  releaseWebhookDeliveries,
  type ClaimedDelivery,
} from '../../store/webhooks.ts';
import { SERVER, wallNow } from '../clock.ts';
import type { CoreContext, Scope } from '../context.ts';
import type { DomainEvent } from '../events/events.ts';
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

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }),
};

/**
 * POSTs a signed request; success is a 2xx within `timeoutMs`. Redirects are not followed. With
 * `target`, connects to exactly that address (the one that passed the private-range check) while
 * the URL's host name stays the Host header and the TLS server name.
 */
export function postWebhook(
  url: URL,
  request: SignedRequest,
  timeoutMs: number,
  target?: ResolvedTarget,
): Promise<AttemptResult> {
  const started = wallNow();
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<AttemptResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: Math.max(0, wallNow() - started) });
    };
    const lookup: LookupFunction | undefined = target
      ? (_host, options, callback) => {
          if ((options as { all?: boolean }).all)
            (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
              { address: target.address, family: target.family },
            ]);
          else callback(null, target.address, target.family);
        }
      : undefined;
    const isHttps = url.protocol === 'https:';
    const req = (isHttps ? https : http).request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      agent: target ? false : agents[isHttps ? 'https:' : 'http:'],
      ...(lookup ? { lookup } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ statusCode: null, error: `timeout after ${timeoutMs} ms`, excerpt: null });
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      done({
        statusCode: null,
        error: error.code ? `${error.code}: ${error.message}` : error.message,
        excerpt: null,
      }),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < EXCERPT_BYTES) chunks.push(chunk.subarray(0, EXCERPT_BYTES - size));
        size += chunk.length;
      });
      res.on('error', (error) =>
        done({ statusCode: res.statusCode ?? null, error: error.message, excerpt: null }),
      );
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const excerpt = Buffer.concat(chunks).toString('utf8');
        done({
          statusCode: status,
          error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
          excerpt: excerpt === '' ? null : excerpt,
        });
      });
    });
    req.end(request.body);
  });
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

/** One attempt of one claimed delivery: send, then record it and schedule what follows. */
export async function attemptDelivery(
  ctx: CoreContext,
  settings: WebhookSettings,
  render: EventRenderer,
  row: ClaimedDelivery,
): Promise<AttemptResult> {
  const scope: Scope = { accountId: row.account_id, liveMode: row.live_mode };
  const event = eventOf(row);
  let result: AttemptResult;
  if (!event) result = { statusCode: null, error: 'the event no longer exists', excerpt: null, latencyMs: 0 };
  else if (row.url === null)
    result = { statusCode: null, error: 'the endpoint no longer exists', excerpt: null, latencyMs: 0 };
  else if (row.endpoint_status !== 'enabled')
    result = { statusCode: null, error: 'the endpoint is disabled', excerpt: null, latencyMs: 0 };
  else {
    const url = new URL(row.url);
    let target: ResolvedTarget | undefined;
    try {
      if (settings.privateTargets === 'deny') target = await resolvePublicTarget(url.hostname);
      const signer = await signerFor(ctx, settings, row.live_mode);
      result = await postWebhook(
        url,
        signedRequest(JSON.stringify(render(event)), signer),
        settings.timeoutMs,
        target,
      );
    } catch (error) {
      result = {
        statusCode: null,
        error: error instanceof Error ? error.message : String(error),
        excerpt: null,
        latencyMs: 0,
      };
    }
  }
  const now = ctx.now(scope);
  const delivered = result.error === null;
  const retry =
    !delivered && row.attempts < row.max_attempts && event !== undefined && row.endpoint_status === 'enabled';
  await finishWebhookDelivery(
    ctx.db,
    row,
    {
      status: delivered ? 'delivered' : retry ? 'pending' : 'failed',
      nextAttemptAt: retry
        ? new Date(now + (RETRY_DELAYS_MS[row.attempts] ?? RETRY_DELAYS_MS.at(-1) ?? 0))
        : null,
      attemptedAt: new Date(now),
    },
    {
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
  );
  return result;
}

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
    if (room <= 0) return 0;
    const busy = [...this.inFlight].filter(([, n]) => n >= this.settings.perEndpoint).map(([id]) => id);
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
    const full = rows.length >= room;
    const excess: ClaimedDelivery[] = [];
    for (const row of rows) {
      const n = this.inFlight.get(row.endpoint_id) ?? 0;
      if (n >= this.settings.perEndpoint) {
        excess.push(row);
        continue;
      }
      this.inFlight.set(row.endpoint_id, n + 1);
      this.total++;
      const work = attemptDelivery(this.ctx, this.settings, this.render, row)
        .then(() => undefined)
        .catch(this.onError)
        .finally(() => {
          const left = (this.inFlight.get(row.endpoint_id) ?? 1) - 1;
          if (left > 0) this.inFlight.set(row.endpoint_id, left);
          else this.inFlight.delete(row.endpoint_id);
          this.total--;
          this.running.delete(work);
          // a full claim suggests more is due: look again now that there is room
          if (full && !this.stopped) void this.round();
        });
      this.running.add(work);
    }
    if (excess.length > 0) await releaseWebhookDeliveries(this.ctx.db, excess);
    return rows.length - excess.length;
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
      await Promise.all([...this.running]);
    };
  }
}
