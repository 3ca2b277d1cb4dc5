import { createDurationSchedule, createLimitSchedule } from '../../core/schedules/schedules.ts';
import { ValidationError } from '../../core/errors.ts';
import { createAmountSchedule } from '../../core/schedules/amount.ts';
import { AmountBody, AmountScheduleSchema, fromApiAmountBody, toApiAmountSchedule } from './amount-schema.ts';
import { newId } from '../../lib/ids.ts';
import { idParams, timeOf } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import {
  DurationBody,
  DurationScheduleSchema,
  LimitBody,
  LimitScheduleSchema,
  toApiLimitSchedule,
  scheduleDirectionOf,
  segmentOf,
  toApiDurationSchedule,
} from './schedule-schema.ts';

const params = idParams('loc', 'loc_65e42ce4d3b813479b252160');
const tags = ['Schedules'];

export function registerSchedules(app: App, { ctx }: HttpDeps): void {
  app.post(
    '/schedules/duration/:id',
    {
      config: { operation: 'schedule_duration_create' },
      schema: {
        tags,
        summary:
          'The cheapest (LOW) or most expensive (HIGH) time of a given length in a window of up to 3 days',
        params,
        body: DurationBody,
        response: { 200: DurationScheduleSchema },
      },
    },
    async function schedule_duration_create(request) {
      const body = request.body;
      const start = timeOf(body.start_time, 'start_time');
      const end = timeOf(body.end_time, 'end_time');
      const segment = segmentOf(body.segment);
      if (body.duration === undefined)
        throw new ValidationError('duration_missing', 'duration is required, in minutes');
      if (!(body.duration > 0) || !Number.isFinite(body.duration)) {
        throw new ValidationError('duration_invalid', 'duration must be a positive number of minutes');
      }
      const direction = scheduleDirectionOf(body);
      const contiguous = body.contiguous ?? false;
      const durationMs = Math.round(body.duration * 60_000);
      const schedule = await createDurationSchedule(ctx, scopeOf(request), request.params.id, {
        start: start.ms,
        end: end.ms,
        direction,
        segment,
        durationMs,
        contiguous,
      });
      const now = ctx.now(scopeOf(request));
      return toApiDurationSchedule(
        newId('std', now),
        schedule,
        { direction, segment, minutes: body.duration, start: start.ms, end: end.ms, contiguous },
        end.offsetMinutes,
        now,
      );
    },
  );

  app.post(
    '/schedules/limit/:id',
    {
      config: { operation: 'schedule_limit_create' },
      schema: {
        tags,
        summary:
          'The times of a window of up to 3 days priced at or below (LOW) or at or above (HIGH) a limit',
        params,
        body: LimitBody,
        response: { 200: LimitScheduleSchema },
      },
    },
    async function schedule_limit_create(request) {
      const body = request.body;
      const start = timeOf(body.start_time, 'start_time');
      const end = timeOf(body.end_time, 'end_time');
      const segment = segmentOf(body.segment);
      const direction = scheduleDirectionOf(body);
      const query = {
        start: start.ms,
        end: end.ms,
        direction,
        segment,
        absolute: body.absolute,
        relative: body.relative,
      };
      const schedule = await createLimitSchedule(ctx, scopeOf(request), request.params.id, query);
      const now = ctx.now(scopeOf(request));
      return toApiLimitSchedule(newId('spl', now), schedule, query, end.offsetMinutes, now);
    },
  );

  app.post(
    '/schedules/amount/:id',
    {
      config: { operation: 'schedule_amount_create' },
      schema: {
        tags,
        summary: 'When each device should move its energy before its deadline, under the site power limit',
        params,
        body: AmountBody,
        response: { 200: AmountScheduleSchema },
      },
    },
    async function schedule_amount_create(request) {
      const now = ctx.now(scopeOf(request));
      const { request: query, offset } = fromApiAmountBody(request.body, request.params.id, now);
      const plan = await createAmountSchedule(ctx, scopeOf(request), request.params.id, query);
      return toApiAmountSchedule(newId('sae', now), plan, request.body, offset, now);
    },
  );
}
