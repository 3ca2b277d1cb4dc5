import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { API_VERSION } from '../schemas.ts';
import type { App } from '../types.ts';

/** OpenAPI 3.1 generated from the route schemas, served at /openapi.json and browsable at /docs. */
export async function registerDocs(app: App): Promise<void> {
  await app.register(swagger, {
    // Shared schemas keep their $id as their component name (`#/components/schemas/Error`).
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Offpeak: the Flatpeak API',
        version: API_VERSION,
        description: 'A self-hostable implementation of the Flatpeak API, version 2025-09-14.anode.',
      },
      tags: [
        {
          name: 'Test helpers',
          description:
            "An Offpeak extension, not part of Flatpeak's API: endpoints under /test_helpers/ that drive an " +
            "account's test mode (its clock, a reset) for end-to-end tests. Test keys only; a live key gets 404.",
        },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'The bearer_token from GET /login' },
          basicAuth: {
            type: 'http',
            scheme: 'basic',
            description: 'Account ID as user, API key as password',
          },
          adminToken: { type: 'http', scheme: 'bearer', description: 'OFFPEAK_ADMIN_TOKEN' },
        },
      },
      security: [{ bearerAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });
  app.get(
    '/openapi.json',
    { config: { operation: 'openapi_retrieve', auth: 'none', rateLimit: false }, schema: { hide: true } },
    async function openapi_retrieve() {
      return app.swagger();
    },
  );
}
