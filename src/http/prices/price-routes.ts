import { computeLocationPrices } from '../../core/prices/prices.ts';
import { newId } from '../../lib/ids.ts';
import { idParams } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import {
  fromApiPriceBody,
  PriceAuditSchema,
  PriceBody,
  PriceSchema,
  stringifyPrice,
  toApiPrice,
  toApiPriceAudit,
} from './price-schema.ts';

const params = idParams('loc', 'loc_66879edb94bf861548cb7428');

export function registerPrices(app: App, { ctx }: HttpDeps): void {
  app.post(
    '/prices/:id',
    {
      config: { operation: 'price_retrieve' },
      // the answer is large (~76 KB for a week of quarter-hours): its own writer, see stringifyPrice
      serializerCompiler: ({ httpStatus }) =>
        httpStatus === '200'
          ? (data) => stringifyPrice(data as Parameters<typeof stringifyPrice>[0])
          : (data) => JSON.stringify(data),
      schema: {
        tags: ['Prices'],
        summary: "A location's price per kWh over a window of up to 90 days",
        params,
        body: PriceBody,
        response: { 200: PriceSchema },
      },
    },
    async (request) => {
      const now = ctx.now();
      const query = fromApiPriceBody(request.body, now);
      const prices = await computeLocationPrices(ctx, scopeOf(request), request.params.id, query);
      return toApiPrice(newId('prs', now), prices, query, now);
    },
  );

  app.post(
    '/audits/prices/:id',
    {
      config: { operation: 'price_audit' },
      schema: {
        tags: ['Prices'],
        summary: 'How each interval of a price is made up',
        params,
        body: PriceBody,
        response: { 200: PriceAuditSchema },
      },
    },
    async (request) => {
      const now = ctx.now();
      const query = fromApiPriceBody(request.body, now);
      const prices = await computeLocationPrices(ctx, scopeOf(request), request.params.id, query);
      return toApiPriceAudit(newId('tra', now), prices, query, now);
    },
  );
}
