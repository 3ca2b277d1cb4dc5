// The web transport: server-rendered pages over core, like http is JSON over core. A landing page
// at GET / for browsers, and the dashboard under /dashboard [decision:dashboard-session]. Every
// asset is served from here (uPlot from node_modules), no inline script, one CSP for every page.
import formbody from '@fastify/formbody';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessDeniedError, AccountDisabledError, DomainError, type ErrorKind } from '../core/errors.ts';
import { registerConnectApp } from './connect-app.ts';
import { registerDashboard } from './dashboard.ts';
import { languageOf, PAGE_CSP, render, wantsHtml, type Signed, type WebDeps } from './page.ts';
import {
  clearSessionCookie,
  csrfMatches,
  csrfTokenOf,
  isSecure,
  readSession,
  setSessionCookie,
} from './session.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const UPLOT_DIST = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));

/** The files under /assets/: ours, and uPlot's dist as its package ships it. */
const ASSETS: Record<string, { path: string; type: string }> = {
  'app.css': { path: join(HERE, 'assets', 'app.css'), type: 'text/css; charset=utf-8' },
  'app.js': { path: join(HERE, 'assets', 'app.js'), type: 'text/javascript; charset=utf-8' },
  'connect.js': { path: join(HERE, 'assets', 'connect.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.min.js': { path: join(UPLOT_DIST, 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.min.css': { path: join(UPLOT_DIST, 'uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

const SESSION_SECONDS = 3600;

/** A domain error's status on a page: the API's table, for the kinds a page can meet. */
const PAGE_STATUS: Partial<Record<ErrorKind, number>> = {
  validation: 400,
  not_found: 404,
  access_denied: 403,
  account_disabled: 403,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
};

/**
 * Registers the web transport on the app. It is a plugin of its own: its form parser, hooks and
 * headers stay out of the JSON API.
 */
export async function registerWeb(app: FastifyInstance, deps: WebDeps): Promise<void> {
  await app.register(async (web) => {
    await web.register(formbody, { bodyLimit: 16 * 1024 });
    await web.register(view, {
      engine: { eta: new Eta({ autoEscape: true, autoTrim: false }) },
      templates: join(HERE, 'views'),
      layout: 'layout.eta',
      production: true,
    });

    web.addHook('onSend', async (request, reply, payload) => {
      const type = String(reply.getHeader('content-type') ?? '');
      if (type.startsWith('text/html')) {
        reply.header('content-security-policy', PAGE_CSP);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'same-origin');
        reply.header('cache-control', 'no-store');
      }
      return payload;
    });

    // A page that fails answers a page, not the API's error object; the details stay in the log.
    web.setErrorHandler(async (error, request, reply) => {
      const { lang, t } = languageOf(request);
      const domain = error instanceof DomainError ? PAGE_STATUS[error.kind] : undefined;
      const framework =
        typeof (error as { statusCode?: unknown }).statusCode === 'number'
          ? (error as { statusCode: number }).statusCode
          : undefined;
      const status =
        domain ?? (framework !== undefined && framework >= 400 && framework < 500 ? framework : 500);
      if (status === 500) request.log.error({ err: error }, 'page failed');
      const message =
        status === 500
          ? t('error.server')
          : error instanceof DomainError
            ? error.message
            : t('error.request');
      return render(reply, 'message.eta', { t, lang, title: message, error: message }, status);
    });

    const assets = new Map<string, Buffer>();
    web.get('/assets/:file', { schema: { hide: true } }, async function web_asset(request, reply) {
      const { file } = request.params as { file: string };
      const asset = ASSETS[file];
      if (!asset) return reply.callNotFound();
      let bytes = assets.get(file);
      if (!bytes) {
        bytes = await readFile(asset.path);
        assets.set(file, bytes);
      }
      reply.header('x-content-type-options', 'nosniff');
      // ours may change with a release; uPlot's only with the package
      reply.header(
        'cache-control',
        file.startsWith('uplot') ? 'public, max-age=86400' : 'public, max-age=300, must-revalidate',
      );
      return reply.type(asset.type).send(bytes);
    });

    // GET / is the landing page for browsers; API clients keep the JSON 404 of an unknown route.
    web.get('/', { schema: { hide: true } }, async function web_landing(request, reply) {
      if (!wantsHtml(request)) return reply.callNotFound();
      const { lang, t } = languageOf(request);
      return render(reply, 'landing.eta', { t, lang, title: t('landing.title') });
    });

    const secure = (request: FastifyRequest) => isSecure(request, deps.publicUrl);

    /** Who is signed in, or a redirect to the sign-in page. */
    async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<Signed | undefined> {
      const session = await readSession(request, deps.authenticator);
      if (!session) {
        await reply.redirect('/dashboard', 303);
        return undefined;
      }
      if (request.method === 'POST') {
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (isForeign(request) || !csrfMatches(session.token, body.csrf)) {
          const { lang, t } = languageOf(request);
          await render(
            reply,
            'message.eta',
            { t, lang, title: t('error.csrf'), error: t('error.csrf') },
            403,
          );
          return undefined;
        }
      }
      return { principal: session.principal, csrf: csrfTokenOf(session.token), ...languageOf(request) };
    }

    /** A POST whose Origin is neither this server as reached nor its public URL. */
    function isForeign(request: FastifyRequest): boolean {
      const origin = request.headers.origin;
      if (origin === undefined) return false;
      const ours = [`${request.protocol}://${request.host}`];
      if (deps.publicUrl) ours.push(new URL(deps.publicUrl).origin);
      return !ours.includes(origin);
    }

    web.get('/dashboard', { schema: { hide: true } }, async function web_dashboard(request, reply) {
      const session = await readSession(request, deps.authenticator);
      if (session) return reply.redirect('/dashboard/locations', 303);
      const { lang, t } = languageOf(request);
      return render(reply, 'sign-in.eta', { t, lang, title: t('signIn.title') });
    });

    web.post('/dashboard/sign-in', { schema: { hide: true } }, async function web_sign_in(request, reply) {
      const { lang, t } = languageOf(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const account = typeof body.account_id === 'string' ? body.account_id.trim() : '';
      const key = typeof body.api_key === 'string' ? body.api_key.trim() : '';
      const again = (error: string, status: number) =>
        render(reply, 'sign-in.eta', { t, lang, title: t('signIn.title'), error, account }, status);
      if (isForeign(request)) return again(t('error.csrf'), 403);
      try {
        // the same check GET /login makes; the key goes no further than this call
        const login = await deps.authenticator.login(account, key);
        setSessionCookie(
          reply,
          login.bearerToken,
          Math.min(login.expiresIn, SESSION_SECONDS),
          secure(request),
        );
        return reply.redirect('/dashboard/locations', 303);
      } catch (error) {
        if (error instanceof AccountDisabledError) return again(t('signIn.disabled'), 403);
        if (error instanceof AccessDeniedError) return again(t('signIn.failed'), 401);
        throw error;
      }
    });

    web.post('/dashboard/sign-out', { schema: { hide: true } }, async function web_sign_out(request, reply) {
      const signed = await signedIn(request, reply);
      if (!signed) return reply;
      clearSessionCookie(reply, secure(request));
      return reply.redirect('/dashboard', 303);
    });

    registerDashboard(web, deps, signedIn);
    registerConnectApp(web);
  });
}
