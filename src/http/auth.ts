import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AccessDeniedError, NotFoundError } from '../core/errors.ts';
import type { App, HttpDeps } from './types.ts';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function modeOfKey(key: string): boolean | undefined {
  if (key.startsWith('sk_live_')) return true;
  if (key.startsWith('sk_test_')) return false;
  return undefined;
}

/** Decodes the JWT payload only to learn the claimed mode for error bodies; trust comes later. */
function claimedMode(token: string): boolean | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { live_mode?: unknown };
    return typeof claims.live_mode === 'boolean' ? claims.live_mode : undefined;
  } catch {
    return undefined;
  }
}

export function parseBasic(request: FastifyRequest): { user: string; password: string } {
  const header = request.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AccessDeniedError();
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new AccessDeniedError();
  const password = decoded.slice(colon + 1);
  request.modeHint = modeOfKey(password);
  return { user: decoded.slice(0, colon), password };
}

const digestOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** Compares digests, so the comparison takes the same time whatever the given token's length. */
function sameSecret(given: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(digestOf(given), expectedDigest);
}

/**
 * Authentication runs first in every request (onRequest), before the body is read: bearer
 * routes get `request.principal`; admin routes check the admin token and do not exist at all
 * when no admin token is configured.
 */
export function registerAuth(app: App, deps: HttpDeps, adminToken: string | undefined): void {
  const adminDigest = adminToken === undefined ? undefined : digestOf(adminToken);
  const authenticate = async (request: FastifyRequest, token: string) => {
    try {
      request.principal = await deps.authenticator.authenticate(token);
    } catch (error) {
      request.modeHint = claimedMode(token);
      throw error;
    }
  };
  // A plain function [decision:request-hooks-without-promises]: a token this node knows, with its
  // grant and clock cached, passes without a promise; any other returns the promise of
  // `authenticate`, which Fastify waits for as it waits for an async hook.
  app.addHook('onRequest', (request, _reply, done) => {
    const config = request.routeOptions.config;
    // Our operations default to bearer auth; plugin routes (the /docs assets) are public.
    const mode = config.auth ?? (config.operation ? 'bearer' : 'none');
    if (mode === 'none' || mode === 'basic' || request.routeOptions.url === undefined) return done();
    if (mode === 'admin') {
      if (adminDigest === undefined) return done(new NotFoundError('route', request.url));
      const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
      if (token === undefined || !sameSecret(token, adminDigest)) return done(new AccessDeniedError());
      return done();
    }
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) return done(new AccessDeniedError());
    const principal = deps.authenticator.authenticateCached(token);
    if (principal !== undefined) {
      request.principal = principal;
      return done();
    }
    return authenticate(request, token);
  });
}
