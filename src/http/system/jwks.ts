import { Type } from 'typebox';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../core/webhooks/settings.ts';
import { retrieveJwks } from '../../core/webhooks/signing-keys.ts';
import type { App, HttpDeps } from '../types.ts';

/** How long receivers may cache the JWKS: far below the rotation grace period (7 days by default). */
export const JWKS_MAX_AGE_SECONDS = 300;

const Jwk = Type.Object(
  {
    kty: Type.Literal('RSA'),
    kid: Type.String({ examples: ['wsk_test_65e421bed29d88d9012e0662'] }),
    alg: Type.Literal('PS256'),
    use: Type.Literal('sig'),
    n: Type.String(),
    e: Type.String({ examples: ['AQAB'] }),
  },
  { title: 'Jwk' },
);

/** `GET /jwks.json`: the public keys webhook receivers verify signatures with. No authentication. */
export function registerJwks(app: App, { ctx, webhooks }: HttpDeps): void {
  const settings = webhooks ?? DEFAULT_WEBHOOK_SETTINGS;
  app.get(
    '/jwks.json',
    {
      config: { operation: 'jwks_retrieve', auth: 'none', rateLimit: false },
      schema: {
        tags: ['System'],
        summary: 'The public keys of webhook signatures (JWKS): both modes, and rotated keys within grace',
        security: [],
        response: {
          200: Type.Object(
            { keys: Type.Array(Jwk) },
            { description: 'The JSON Web Key Set, cacheable for 300 s' },
          ),
        },
      },
    },
    async function jwks_retrieve(_request, reply) {
      const jwks = await retrieveJwks(ctx, settings);
      void reply.header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`);
      return jwks;
    },
  );
}
