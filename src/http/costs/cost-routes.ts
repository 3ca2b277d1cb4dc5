import { Type } from 'typebox';
import { calculateInstantCost, reportIntervalCost, calculateSessionCost } from '../../core/costs/costs.ts';
import { ValidationError } from '../../core/errors.ts';
import { newId } from '../../lib/ids.ts';
import { fromApiMeterRecord } from '../meters/meter-schema.ts';
import { idParams, timeOf } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import {
  EnergyCostSchema,
  InstantCostBody,
  InstantCostQuery,
  IntervalCostBody,
  IntervalCostQuery,
  MeterRecordSchema,
  queryOrBody,
  SessionCostBody,
  SessionCostQuery,
  tariffDirectionOf,
  toApiEnergyCost,
  toApiMeterRecord,
} from './cost-schema.ts';

const tags = ['Costs'];

export function registerCosts(app: App, { ctx }: HttpDeps): void {
  app.post(
    '/costs/instant',
    {
      config: { operation: 'cost_instant_calculate' },
      schema: {
        tags,
        summary: 'Price one meter record now',
        querystring: InstantCostQuery,
        body: InstantCostBody,
        response: { 200: MeterRecordSchema },
      },
    },
    async function cost_instant_calculate(request) {
      const { non_persistent, ...record } = request.body;
      const scope = scopeOf(request);
      const result = await calculateInstantCost(
        ctx,
        scope,
        fromApiMeterRecord(record),
        queryOrBody('non_persistent', request.query.non_persistent, non_persistent) ?? false,
      );
      const offset =
        typeof record.end_time === 'string' ? timeOf(record.end_time, 'end_time').offsetMinutes : null;
      return toApiMeterRecord(result, scope, offset);
    },
  );

  app.post(
    '/costs/interval/:id',
    {
      config: { operation: 'cost_interval_report' },
      schema: {
        tags,
        summary:
          'The cost of the records of a location or device over a window, per record or per DAY or MONTH',
        params: idParams('loc', 'loc_641b90b758fb8e6293716e40'),
        querystring: IntervalCostQuery,
        body: IntervalCostBody,
        response: { 200: EnergyCostSchema },
      },
    },
    async function cost_interval_report(request) {
      const body = request.body;
      const start = timeOf(body.start_time, 'start_time');
      const end = timeOf(body.end_time, 'end_time');
      const aggregation = queryOrBody('aggregation', request.query.aggregation, body.aggregation);
      if (aggregation !== undefined && aggregation !== 'DAY' && aggregation !== 'MONTH') {
        throw new ValidationError('aggregation_invalid', 'aggregation must be DAY or MONTH');
      }
      const scope = scopeOf(request);
      const report = await reportIntervalCost(ctx, scope, request.params.id, {
        start: start.ms,
        end: end.ms,
        direction: tariffDirectionOf(request.query, body),
        aggregation,
      });
      return toApiEnergyCost(
        newId('ecs', ctx.now(scope)),
        report,
        scope,
        end.offsetMinutes,
        aggregation !== undefined,
      );
    },
  );

  app.post(
    '/costs/session/:id',
    {
      config: { operation: 'cost_session_calculate' },
      schema: {
        tags,
        summary: 'The cost of every record of a session (session_reference_id)',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 255, examples: ['SESSION1234567890'] }),
        }),
        querystring: SessionCostQuery,
        body: SessionCostBody,
        response: { 200: EnergyCostSchema },
      },
    },
    async function cost_session_calculate(request) {
      const scope = scopeOf(request);
      const direction = tariffDirectionOf(request.query, request.body);
      const report = await calculateSessionCost(ctx, scope, request.params.id, direction);
      return toApiEnergyCost(newId('ecs', ctx.now(scope)), report, scope, null, false);
    },
  );
}
