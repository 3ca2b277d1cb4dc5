// What every page shares: the dependencies, the layout's context, the CSP, rendering.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator, Principal } from '../core/auth/authenticator.ts';
import type { CoreContext } from '../core/context.ts';
import type { WebhookSettings } from '../core/webhooks/settings.ts';
import { pickLanguage, translator, type Translate } from './i18n.ts';

export interface WebDeps {
  ctx: CoreContext;
  authenticator: Authenticator;
  webhooks?: WebhookSettings | undefined;
  /** OFFPEAK_PUBLIC_URL: the base of Connect links, and HTTPS (Secure cookies) when it is https. */
  publicUrl?: string | undefined;
}

/** Pages run only our own files: no inline script or style, no other origin, no framing. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** What every page's layout reads. */
export interface PageContext {
  t: Translate;
  lang: string;
  title: string;
  nav?: string;
  principal?: Principal;
  csrf?: string;
  notice?: string;
  error?: string;
}

/** A signed-in request: the principal and its CSRF token. */
export interface Signed {
  principal: Principal;
  csrf: string;
  t: Translate;
  lang: string;
}

export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /\btext\/html\b/i.test(accept);
}

export function languageOf(request: FastifyRequest): { lang: string; t: Translate } {
  const lang = pickLanguage(request.headers['accept-language']);
  return { lang, t: translator(lang) };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter of one zone and shape, kept: pages format many times in few zones. */
function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    if (formatters.size > 1000) formatters.clear();
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** Time helpers for templates: instants are written in the location's zone or in UTC, never the server's. */
export const timeHelpers = {
  /** `Thu 03 Dec, 14:30` in the zone, from epoch seconds. */
  local: (seconds: number, zone: string) =>
    formatter(zone, {
      weekday: 'short',
      day: '2-digit',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(seconds * 1000),
  /** A day (`03 Dec 2026`) or a month (`Dec 2026`) in the zone, from epoch seconds. */
  localDate: (seconds: number, zone: string, kind: 'day' | 'month') =>
    formatter(
      zone,
      kind === 'day'
        ? { day: '2-digit', month: 'short', year: 'numeric' }
        : { month: 'short', year: 'numeric' },
    ).format(seconds * 1000),
  /** `2026-12-03 14:30 UTC` from epoch ms. */
  utc: (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
};

export async function render(
  reply: FastifyReply,
  page: string,
  context: PageContext & Record<string, unknown>,
  status = 200,
): Promise<FastifyReply> {
  const html = await reply.viewAsync(page, { ...timeHelpers, charts: page === 'location.eta', ...context });
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
