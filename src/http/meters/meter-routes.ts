import { Type } from 'typebox';
import { submitCumulativeReads } from '../../core/meters/cumulative.ts';
import { retrieveMeterBatch, submitIntervalRecords } from '../../core/meters/meters.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import {
  CumulativeBody,
  fromApiMeterRecord,
  MeterBatchSchema,
  MeterIntervalBody,
  toApiMeterBatch,
} from './meter-schema.ts';

const tags = ['Meters'];
/** 10,000 records of a few hundred bytes each. */
const METER_BODY_LIMIT = 8 * 1024 * 1024;

export function registerMeters(app: App, { ctx }: HttpDeps): void {
  for (const method of ['PUT', 'POST'] as const) {
    app.route({
      method,
      url: '/meters/interval',
      bodyLimit: METER_BODY_LIMIT,
      config: { operation: 'meter_interval_submit' },
      schema: {
        tags,
        hide: method === 'POST',
        summary: 'Submit up to 10,000 interval records; bad ones are listed, the others stored',
        body: MeterIntervalBody,
        response: { 200: MeterBatchSchema },
      },
      handler: async function meter_interval_submit(request) {
        const body = request.body;
        const records = (Array.isArray(body) ? body : [body]).map((item) =>
          typeof item === 'object' && item !== null && !Array.isArray(item) ? fromApiMeterRecord(item) : null,
        );
        return toApiMeterBatch(await submitIntervalRecords(ctx, scopeOf(request), records));
      },
    });
  }

  for (const method of ['PUT', 'POST'] as const) {
    app.route({
      method,
      url: '/meters/cumulative/epoch',
      bodyLimit: METER_BODY_LIMIT,
      config: { operation: 'meter_cumulative_submit' },
      schema: {
        tags,
        hide: method === 'POST',
        summary: 'Submit cumulative register reads; they become interval records',
        body: CumulativeBody,
        response: { 200: MeterBatchSchema },
      },
      handler: async function meter_cumulative_submit(request) {
        const { data, units, ...rest } = request.body;
        const record = fromApiMeterRecord(rest);
        return toApiMeterBatch(
          await submitCumulativeReads(ctx, scopeOf(request), { ...record, units, data }),
        );
      },
    });
  }

  app.get(
    '/meters/batch',
    {
      config: { operation: 'meter_batch_retrieve' },
      schema: {
        tags,
        summary: 'Retrieve a submission batch',
        querystring: Type.Object({
          batch_id: Type.String({ examples: ['bat_65e42b7827c0526548432b9f'] }),
        }),
        response: { 200: MeterBatchSchema },
      },
    },
    async function meter_batch_retrieve(request) {
      // An absent batch_id is `400 batch_id_missing`, from the schema.
      return toApiMeterBatch(await retrieveMeterBatch(ctx, scopeOf(request), request.query.batch_id));
    },
  );
}
