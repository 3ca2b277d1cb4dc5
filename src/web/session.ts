// The dashboard's session [decision:dashboard-session]: the cookie holds the bearer token that
// GET /login would have answered for the account ID and key (a JWT signed with the account's
// token secret), so any node on the database verifies it the way it verifies an API call, it ends
// when the token does (an hour), and revoking the key ends it. Nothing about it is kept in memory.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator, Principal } from '../core/auth/authenticator.ts';

export const SESSION_COOKIE = 'offpeak_session';
/** The cookie is sent to the dashboard only, never to the API paths. */
const COOKIE_PATH = '/dashboard';

/** Every cookie of the request, by name (the first wins). */
export function readCookies(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && out[name] === undefined) out[name] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Whether the browser reached us over HTTPS: directly, through a trusted proxy, or by the public URL. */
export function isSecure(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return request.protocol === 'https' || (publicUrl?.startsWith('https:') ?? false);
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
  secure: boolean,
): void {
  reply.header('set-cookie', cookie(token, maxAgeSeconds, secure));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', cookie('', 0, secure));
}

/** The signed-in principal and the session's token, or undefined when there is no valid session. */
export async function readSession(
  request: FastifyRequest,
  authenticator: Authenticator,
): Promise<{ principal: Principal; token: string } | undefined> {
  const token = readCookies(request)[SESSION_COOKIE];
  if (!token || !/^[A-Za-z0-9_.-]{20,2048}$/.test(token)) return undefined;
  try {
    return { principal: await authenticator.authenticate(token), token };
  } catch {
    return undefined;
  }
}

/**
 * The session's CSRF token: a digest of the session token, so it is fixed for the session, differs
 * between sessions, and cannot be made without the HttpOnly cookie.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`offpeak-dashboard-csrf\n${sessionToken}`).digest('base64url');
}

export function csrfMatches(sessionToken: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A POST from another site: its Origin (browsers send one on every POST) must be ours. Requests
 * without an Origin (curl, tests) pass; the CSRF token still guards them.
 */
export function isCrossOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  return origin !== `${request.protocol}://${request.host}`;
}
