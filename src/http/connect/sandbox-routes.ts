import { Type } from 'typebox';
import { sandboxLogin } from '../../core/connect/session/session.ts';
import type { App, HttpDeps } from '../types.ts';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The query parameters as sent (the schema keeps only `fp_cot`; the rest are echoed back). */
function rawQuery(url: string): URLSearchParams {
  const at = url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
}

/** What the form itself adds; never passed on to the app. */
const FORM_FIELDS = new Set(['username', 'password']);

function withQuery(target: string, query: URLSearchParams): string {
  const passed = new URLSearchParams([...query].filter(([name]) => !FORM_FIELDS.has(name)));
  const text = passed.toString();
  if (text === '') return target;
  const [base, fragment] = target.split('#', 2) as [string, string | undefined];
  return `${base}${base.includes('?') ? '&' : '?'}${text}${fragment !== undefined ? `#${fragment}` : ''}`;
}

const Params = Type.Object({ provider_id: Type.String({ examples: ['prv_65de48b2977276d02acdb481'] }) });
const Query = Type.Object({ fp_cot: Type.String({ examples: ['cot_65e0839faca22517d5d51cd5'] }) });

/**
 * The sandbox providers' login pages, where a DIRECT session's `session_redirect` sends the
 * customer in test mode [decision:connect-sandbox-login]: a small form, then back to the token's
 * `connect_url` with the same query parameters. HTML, not part of the API document.
 */
export function registerSandboxLogin(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/connect/sandbox/:provider_id/login',
    {
      config: { operation: 'connect_sandbox_login', auth: 'none' },
      schema: { hide: true, params: Params, querystring: Query },
    },
    async function connect_sandbox_login(request, reply) {
      const query = rawQuery(request.raw.url ?? '');
      const { providerName } = await sandboxLogin(ctx, query.get('fp_cot'), request.params.provider_id);
      const hidden = [...query]
        .filter(([name]) => !FORM_FIELDS.has(name))
        .map(
          ([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
        )
        .join('\n      ');
      const action = `/connect/sandbox/${encodeURIComponent(request.params.provider_id)}/continue`;
      const name = escapeHtml(providerName);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${name}: sign in (sandbox)</title></head>
  <body>
    <h1>${name}</h1>
    <p>Sandbox provider: any user name and password sign in.</p>
    <form method="get" action="${escapeHtml(action)}">
      ${hidden}
      <label>User name <input name="username" autocomplete="off"></label>
      <label>Password <input name="password" type="password" autocomplete="off"></label>
      <button type="submit">Sign in</button>
    </form>
  </body>
</html>
`);
    },
  );

  app.get(
    '/connect/sandbox/:provider_id/continue',
    {
      config: { operation: 'connect_sandbox_continue', auth: 'none' },
      schema: { hide: true, params: Params, querystring: Query },
    },
    async function connect_sandbox_continue(request, reply) {
      const query = rawQuery(request.raw.url ?? '');
      const { connectUrl } = await sandboxLogin(ctx, query.get('fp_cot'), request.params.provider_id);
      return reply.code(303).header('location', withQuery(connectUrl, query)).send();
    },
  );
}
