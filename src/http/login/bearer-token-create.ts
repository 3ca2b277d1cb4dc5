import { Type } from 'typebox';
import { parseBasic } from '../auth.ts';
import type { App, HttpDeps } from '../types.ts';

const AuthToken = Type.Object(
  {
    bearer_token: Type.String(),
    expires_in: Type.Integer({ examples: [3600] }),
    live_mode: Type.Boolean(),
  },
  { title: 'AuthToken' },
);

export function registerLogin(app: App, { authenticator }: HttpDeps): void {
  app.get(
    '/login',
    {
      config: { operation: 'bearer_token_create', auth: 'basic' },
      schema: {
        tags: ['Login'],
        summary: 'Exchange an account ID and API key (HTTP Basic) for a bearer token',
        security: [{ basicAuth: [] }],
        response: { 200: AuthToken },
      },
    },
    async function bearer_token_create(request) {
      const { user, password } = parseBasic(request);
      const token = await authenticator.login(user, password);
      return { bearer_token: token.bearerToken, expires_in: token.expiresIn, live_mode: token.liveMode };
    },
  );
}
