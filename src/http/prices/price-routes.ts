import type { Static } from 'typebox';
import { auditPrices } from '../../core/prices/audit.ts';
import { retrievePrices } from '../../core/prices/prices.ts';
import { newId } from '../../lib/ids.ts';
import { idParams } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import {
  fromApiPriceBody,
  PriceAuditSchema,
  PriceBody,
  PriceSchema,
  priceAnswer,
  toApiPriceAudit,
} from './price-schema.ts';
import { writePriceAnswer } from './price-json.ts';

/** What Fastify sends JSON as. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const params = idParams('loc', 'loc_66879edb94bf861548cb7428');

export function registerPrices(app: App, { ctx }: HttpDeps): void {
  app.post(
    '/prices/:id',
    {
      config: { operation: 'price_retrieve' },
      schema: {
        tags: ['Prices'],
        summary: "A location's price per kWh over a window of up to 90 days",
        params,
        body: PriceBody,
        response: { 200: PriceSchema },
      },
    },
    async function price_retrieve(request, reply) {
      const now = ctx.now(scopeOf(request));
      const query = fromApiPriceBody(request.body, now);
      const prices = await retrievePrices(ctx, scopeOf(request), request.params.id, query);
      // the answer is large (~76 KB for a week of quarter-hours): written as bytes, see price-json.ts
      const bytes = writePriceAnswer(priceAnswer(newId('prs', now), prices, query, now));
      // a Buffer goes out as it is, past the serializer; send's type knows only the schema's shape
      return reply.type(JSON_CONTENT_TYPE).send(bytes as unknown as Static<typeof PriceSchema>);
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
    async function price_audit(request) {
      const now = ctx.now(scopeOf(request));
      const query = fromApiPriceBody(request.body, now);
      const prices = await auditPrices(ctx, scopeOf(request), request.params.id, query);
      return toApiPriceAudit(newId('tra', now), prices, query, now);
    },
  );
}
