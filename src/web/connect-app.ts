// The hosted Connect app: GET /connect?fp_cot=cot_… answers an HTML shell, and our script
// (assets/connect.js) drives the session through the public `POST /` endpoint exactly as a
// third-party client would [decision:connect-hosted-app]. The shell knows nothing of the session:
// no core call here, so a page is never different from what the API answers.
import type { FastifyInstance } from 'fastify';
import { isConnectTokenId } from '../core/connect/tokens.ts';
import { en, type MessageKey } from './i18n/en.ts';
import { languageOf, render } from './page.ts';

/** The strings the script shows: every `hosted.*` key, in the page's language. */
function scriptMessages(t: ReturnType<typeof languageOf>['t']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(en) as MessageKey[]) {
    if (key.startsWith('hosted.')) out[key.slice('hosted.'.length)] = t(key);
  }
  return out;
}

export function registerConnectApp(web: FastifyInstance): void {
  web.get('/connect', { schema: { hide: true } }, async function web_connect_app(request, reply) {
    const { lang, t } = languageOf(request);
    const raw = (request.query as Record<string, unknown>).fp_cot;
    const token = typeof raw === 'string' && isConnectTokenId(raw) ? raw : null;
    if (token === null) {
      const error = t('hosted.noToken');
      return render(reply, 'message.eta', { t, lang, title: t('hosted.title'), error }, 400);
    }
    return render(reply, 'connect-app.eta', {
      t,
      lang,
      title: t('hosted.title'),
      connectApp: true,
      token,
      messages: JSON.stringify(scriptMessages(t)),
    });
  });
}
