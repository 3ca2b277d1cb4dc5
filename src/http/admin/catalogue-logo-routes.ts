import { Type } from 'typebox';
import { LOGO_PATH_PREFIX } from '../../core/catalogue/catalogue.ts';
import { retrieveProviderLogo } from '../../core/catalogue/logos.ts';
import type { App, HttpDeps } from '../types.ts';

/** Logos change rarely; a day's caching, revalidated by ETag. */
const CACHE_CONTROL = 'public, max-age=86400';

/**
 * `GET /catalogue/logos/{provider_id}.svg`: a provider's logo, the target of every `logo_url`
 * [decision:catalogue-logo-urls]. Public (no credentials): Connect pages and apps show it as an image.
 */
export function registerCatalogueLogoRoutes(app: App, { ctx }: HttpDeps): void {
  app.get(
    `${LOGO_PATH_PREFIX}:file`,
    {
      config: { operation: 'catalogue_logo_retrieve', auth: 'none', rateLimit: false },
      schema: {
        tags: ['Catalogue'],
        summary: "A provider's logo (SVG)",
        description:
          "The provider's own SVG when the catalogue has one, else a monogram of its name. Cacheable for a day; " +
          'answers 304 to a matching If-None-Match.',
        params: Type.Object({
          file: Type.String({
            pattern: '^prv_[0-9a-f]{24,32}\\.svg$',
            examples: ['prv_1bb46bdc353187ef52b95d51.svg'],
            description: 'The provider ID followed by `.svg`',
          }),
        }),
        response: {
          200: {
            description: 'The logo',
            content: { 'image/svg+xml': { schema: { type: 'string' } } },
          },
          304: { description: 'Not modified: the cached logo is current', type: 'null' },
        },
      },
    },
    async function catalogue_logo_retrieve(request, reply) {
      const logo = await retrieveProviderLogo(ctx, request.params.file.slice(0, -'.svg'.length));
      void reply
        .header('cache-control', CACHE_CONTROL)
        .header('etag', logo.etag)
        .header('x-content-type-options', 'nosniff')
        // an operator's own SVG is shown as an image; opened directly it may not run anything
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      if (request.headers['if-none-match'] === logo.etag) return reply.code(304).send(null);
      return reply.type('image/svg+xml').send(logo.svg);
    },
  );
}
