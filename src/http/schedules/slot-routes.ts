import { Type, type Static } from 'typebox';
import { ValidationError } from '../../core/errors.ts';
import { MAX_PRICE_WINDOW_MS } from '../../core/prices/prices.ts';
import {
  createDurationSchedule,
  createLimitSchedule,
  type LimitSchedule,
} from '../../core/schedules/schedules.ts';
import type { MergedSlot } from '../../engine/index.ts';
import { newId } from '../../lib/ids.ts';
import { formatInOffset, formatUtcSeconds } from '../../lib/time.ts';
import { currencyOf, idParams, moneyOf, timeOf } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { DECIMAL_TEXT } from '../validation.ts';
import { scheduleDirectionField, scheduleDirectionOf, segmentField, segmentOf } from './schedule-schema.ts';

/**
 * The zero-era slot endpoints, kept for older clients: the same searches as
 * /schedules/duration (split) and /schedules/limit, over up to 90 days, in zero's shapes
 * (`direction`, `tariff.rate_avg`).
 */
const params = idParams('loc', 'loc_65e42ce4d3b813479b252160');
const tags = ['Slots (zero)'];

const text = (description: string) => Type.Optional(Type.String({ description }));
const SlotQuery = {
  start_time: text('RFC 3339; default now'),
  end_time: Type.String({ description: 'RFC 3339; at most 90 days after start_time' }),
  direction: scheduleDirectionField('IMPORT (default) or EXPORT'),
  segment: segmentField('LOW (cheapest) or HIGH (dearest)'),
};

const LegacySlot = Type.Object({
  start_time: Type.String({ format: 'date-time' }),
  end_time: Type.String({ format: 'date-time' }),
  tariff: Type.Object({ rate_avg: Type.Number(), confidence: Type.Number() }),
});

const common = {
  live_mode: Type.Boolean(),
  location_id: Type.String(),
  location_timezone: Type.String(),
  currency_code: Type.String(),
  direction: Type.String(),
  next_update: Type.String({ format: 'date-time' }),
};

const SlotTimeSchema = Type.Object(
  {
    id: Type.String({ examples: ['sta_65e42cdd73e9f861edda35d7'] }),
    object: Type.Literal('slot_time'),
    ...common,
    request: Type.Record(Type.String(), Type.Unknown()),
    data: Type.Array(LegacySlot),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'SlotTime' },
);

const SlotThresholdSchema = Type.Object(
  {
    id: Type.String({ examples: ['slt_65e42cdd73e9f861edda35d7'] }),
    object: Type.Literal('slot_threshold'),
    ...common,
    duration: Type.Number(),
    request: Type.Record(Type.String(), Type.Unknown()),
    data: Type.Array(LegacySlot),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'SlotThreshold' },
);

const toLegacySlots = (slots: MergedSlot[], at: (ms: number) => string): Static<typeof LegacySlot>[] =>
  slots.map((s) => ({
    start_time: at(s.start),
    end_time: at(s.end),
    tariff: { rate_avg: moneyOf(s.averagePrice), confidence: s.confidence },
  }));

function numberOf(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!DECIMAL_TEXT.test(value) || !Number.isFinite(n))
    throw new ValidationError(`${field}_invalid`, `${field} must be a number`);
  return n;
}

/** The query fields both slot endpoints share: the window (start defaults to now), segment, direction. */
function slotQueryOf(q: { [K in keyof typeof SlotQuery]?: string | undefined }, now: number) {
  const end = timeOf(q.end_time, 'end_time');
  const start = q.start_time === undefined ? { ms: now } : timeOf(q.start_time, 'start_time');
  return {
    start,
    end,
    segment: segmentOf(q.segment),
    direction: scheduleDirectionOf({ direction: q.direction }),
  };
}

function header(location: LimitSchedule['location'], direction: string, next: string) {
  return {
    live_mode: location.liveMode,
    location_id: location.id,
    location_timezone: location.timezone,
    currency_code: currencyOf(location),
    direction,
    next_update: next,
  };
}

export function registerSlots(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/slots/time/:id',
    {
      config: { operation: 'slot_time_retrieve' },
      schema: {
        tags,
        summary: 'Zero: the cheapest (LOW) or dearest (HIGH) time of a length; use /schedules/duration',
        params,
        querystring: Type.Object({ ...SlotQuery, duration: Type.String({ description: 'Minutes' }) }),
        response: { 200: SlotTimeSchema },
      },
    },
    async function slot_time_retrieve(request) {
      const q = request.query;
      const now = ctx.now(scopeOf(request));
      const { start, end, segment, direction } = slotQueryOf(q, now);
      const minutes = numberOf(q.duration, 'duration');
      if (minutes === undefined)
        throw new ValidationError('duration_missing', 'duration is required, in minutes');
      if (!(minutes > 0))
        throw new ValidationError('duration_invalid', 'duration must be a positive number of minutes');
      const schedule = await createDurationSchedule(ctx, scopeOf(request), request.params.id, {
        start: start.ms,
        end: end.ms,
        direction,
        segment,
        durationMs: Math.round(minutes * 60_000),
        contiguous: false,
        maxWindowMs: MAX_PRICE_WINDOW_MS,
      });
      const at = (ms: number) => formatInOffset(ms, end.offsetMinutes);
      return {
        id: newId('sta', now),
        object: 'slot_time' as const,
        ...header(schedule.location, direction, at(schedule.nextUpdate)),
        request: { direction, segment, duration: minutes, start_time: at(start.ms), end_time: at(end.ms) },
        data: toLegacySlots(schedule.slots, at),
        time_created: formatUtcSeconds(now),
        account_id: schedule.location.accountId,
      };
    },
  );

  app.get(
    '/slots/threshold/:id',
    {
      config: { operation: 'slot_threshold_retrieve' },
      schema: {
        tags,
        summary: 'Zero: the times under or over a price limit; use /schedules/limit',
        params,
        querystring: Type.Object({
          ...SlotQuery,
          relative: text('0.01 to 1'),
          absolute: text('Price per kWh'),
        }),
        response: { 200: SlotThresholdSchema },
      },
    },
    async function slot_threshold_retrieve(request) {
      const q = request.query;
      const now = ctx.now(scopeOf(request));
      const { start, end, segment, direction } = slotQueryOf(q, now);
      const absolute = numberOf(q.absolute, 'absolute');
      const relative = numberOf(q.relative, 'relative');
      const schedule = await createLimitSchedule(ctx, scopeOf(request), request.params.id, {
        start: start.ms,
        end: end.ms,
        direction,
        segment,
        absolute,
        relative,
        maxWindowMs: MAX_PRICE_WINDOW_MS,
      });
      const at = (ms: number) => formatInOffset(ms, end.offsetMinutes);
      return {
        id: newId('slt', now),
        object: 'slot_threshold' as const,
        ...header(schedule.location, direction, at(schedule.nextUpdate)),
        duration: schedule.durationMs / 60_000,
        request: {
          direction,
          segment,
          ...(absolute !== undefined ? { absolute } : {}),
          ...(relative !== undefined ? { relative } : {}),
          start_time: at(start.ms),
          end_time: at(end.ms),
        },
        data: toLegacySlots(schedule.slots, at),
        time_created: formatUtcSeconds(now),
        account_id: schedule.location.accountId,
      };
    },
  );
}
