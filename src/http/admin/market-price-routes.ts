import { Type } from 'typebox';
import { FEED_FORMATS } from '../../core/market-data/formats/index.ts';
import { importMarketPrices } from '../../core/market-data/import-market-prices.ts';
import { idOf, stringEnum } from '../schemas.ts';
import type { App, HttpDeps } from '../types.ts';
import { MarketPriceImportSchema, toApiMarketPriceImport } from './admin-schema.ts';

/** A year of quarter-hour ENTSO-E XML is about 4 MB; the rest of the API keeps its 1 MiB limit. */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * `POST /admin/market-prices/import`: the body is the feed file as downloaded (XML or JSON), so
 * this route has a scope of its own where every content type is read as text.
 */
export function registerMarketPriceRoutes(app: App, { ctx }: HttpDeps): void {
  void app.register(async (instance) => {
    const scope = instance as unknown as App;
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/admin/market-prices/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        // The app reads an empty write body as {}; here it is an empty feed (core: feed_missing).
        preValidation: async (request) => {
          if (typeof request.body !== 'string') request.body = '';
        },
        config: { operation: 'admin_market_price_import', auth: 'admin', rateLimit: false },
        schema: {
          tags: ['Admin'],
          security: [{ adminToken: [] }],
          summary: 'Import a day-ahead price feed for a market source',
          description:
            'The body is the feed file as published (ENTSO-E A44 XML, Nord Pool, Octopus, Energi Data Service or ' +
            'EnergyZero JSON). Intervals already stored for the source are replaced. 201 when the import added ' +
            'intervals, 200 when it only replaced stored ones.',
          consumes: ['application/xml', 'application/json', 'text/plain'],
          querystring: Type.Object({
            source_id: idOf('mrs', 'mrs_65792b4ef61b16685ebd2ea3'),
            format: stringEnum(FEED_FORMATS),
            area: Type.Optional(
              Type.String({ maxLength: 32, description: 'The area to read from a feed covering several' }),
            ),
          }),
          body: Type.String({ description: 'The feed file' }),
          response: { 200: MarketPriceImportSchema, 201: MarketPriceImportSchema },
        },
      },
      async function admin_market_price_import(request, reply) {
        const result = await importMarketPrices(ctx, {
          sourceId: request.query.source_id,
          format: request.query.format,
          area: request.query.area,
          text: request.body,
        });
        return reply.code(result.created > 0 ? 201 : 200).send(toApiMarketPriceImport(result));
      },
    );
  });
}
