import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  abandonIdempotentRequest,
  beginIdempotentRequest,
  completeIdempotentRequest,
} from '../core/idempotency/idempotency.ts';
import { scopeOf, type App, type HttpDeps } from './types.ts';

/** The methods that write: the ones an `Idempotency-Key` applies to. */
export const WRITES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** Key order does not change a JSON body's meaning, so it does not change its fingerprint either. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same" for an idempotency key: method, URL and body. */
export function fingerprintRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${canonical(body)}`)
    .digest('hex');
}

/**
 * `Idempotency-Key` on POST, PUT and PATCH. The check runs after authentication, validation
 * and rate limiting; the response is stored before it is sent, so a replay can never see a
 * request as finished before its client did. Failures on our side (5xx) free the key.
 */
export function registerIdempotency(app: App, deps: HttpDeps): void {
  const begin = async (request: FastifyRequest, reply: FastifyReply, key: string) => {
    const fingerprint = fingerprintRequest(request.method, request.url, request.body);
    const start = await beginIdempotentRequest(deps.ctx, scopeOf(request), key, fingerprint);
    if (start.kind === 'replay') {
      return reply
        .code(start.statusCode)
        .header('idempotent-replayed', 'true')
        .type('application/json; charset=utf-8')
        .serializer((payload: unknown) => payload as string)
        .send(start.body);
    }
    request.idempotencyKey = key;
  };
  const complete = async (request: FastifyRequest, reply: FastifyReply, key: string, payload: unknown) => {
    request.idempotencyKey = undefined;
    const scope = scopeOf(request);
    if (reply.statusCode >= 500) await abandonIdempotentRequest(deps.ctx, scope, key);
    else await completeIdempotentRequest(deps.ctx, scope, key, reply.statusCode, String(payload));
    return payload;
  };

  // Plain functions rather than async ones [decision:request-hooks-without-promises]: a request
  // without a key (every GET) passes by `done` at once, with no promise; one with a key returns
  // the promise of the async step, which Fastify waits for exactly as it waits for an async hook.
  app.addHook('preHandler', (request, reply, done) => {
    const header = request.headers['idempotency-key'];
    if (!WRITES.has(request.method) || header === undefined || !request.principal) return done();
    return begin(request, reply, Array.isArray(header) ? (header[0] ?? '') : header);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const key = request.idempotencyKey;
    if (key === undefined || !request.principal) return done(null, payload);
    return complete(request, reply, key, payload);
  });
}
