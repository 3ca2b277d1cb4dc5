// The wire shapes of the test helpers' clock and reset [decision:test-clocks], and their presenters.
import { Type, type Static } from 'typebox';
import type { AdvanceSummary, AdvanceTarget, TestClock } from '../../core/test-clocks/test-clocks.ts';
import { ValidationError } from '../../core/errors.ts';

/** The tag every test helper is published under, an Offpeak extension of the Flatpeak API. */
export const TEST_HELPERS_TAG = 'Test helpers';

const MAX_ADVANCE_SECONDS = 400 * 86_400;

const Instant = (description: string, example: string) =>
  Type.String({ format: 'date-time', description, examples: [example] });

const clockFields = {
  object: Type.Literal('test_clock'),
  now: Instant("The clock's time (RFC 3339, UTC)", '2026-12-03T10:00:00.000Z'),
  frozen: Type.Boolean({
    description: 'Whether the clock stands still; a clock that is not frozen runs at real speed',
  }),
};

export const TestClockSchema = Type.Object(clockFields, {
  description: "The clock of the calling account's test mode",
});

export const AdvancedTestClockSchema = Type.Object(
  {
    ...clockFields,
    advanced: Type.Object(
      {
        from: Instant("The clock's time before the advance", '2026-12-03T10:00:00.000Z'),
        tariff_expiring: Type.Integer({ description: '`tariff.expiring` events written' }),
        tariff_expired: Type.Integer({ description: '`tariff.expired` events written' }),
        market_publications: Type.Integer({
          description: "Day-ahead publications of the simulated markets the account's locations take",
        }),
        location_updates: Type.Integer({
          description: '`location.update` events written for those publications',
        }),
        connections_connected: Type.Integer({
          description: 'Pending Connect DIRECT connections that got their tariff',
        }),
        connections_failed: Type.Integer({
          description: 'Pending connections given up (`tariff.fetch.failed`)',
        }),
        webhook_deliveries_shifted: Type.Integer({
          description:
            'Pending webhook deliveries brought forward with the clock; due ones are sent right after this answer',
        }),
      },
      {
        description:
          'What became due between the old and the new time, written in time order before the answer',
      },
    ),
  },
  { description: 'The clock after an advance, with what the advance wrote' },
);

export const AdvanceBody = Type.Object(
  {
    to: Type.Optional(
      Instant(
        'The time to move the clock to: at or after its time, at most 400 days ahead',
        '2026-12-06T10:00:00Z',
      ),
    ),
    by_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_ADVANCE_SECONDS,
        description: 'Seconds to move the clock forward, at most 400 days',
        examples: [3600],
      }),
    ),
  },
  { additionalProperties: false, description: 'Exactly one of `to` and `by_seconds`' },
);

export const ResetSchema = Type.Object(
  {
    object: Type.Literal('test_mode_reset'),
    clock: TestClockSchema,
    deleted: Type.Record(Type.String(), Type.Integer(), {
      description: 'Rows removed per kind of object (customers, locations, tariffs, events, …)',
    }),
  },
  { description: "The account's test mode emptied, its clock back on real time" },
);

const iso = (ms: number) => new Date(ms).toISOString();

export function toApiTestClock(clock: TestClock): Static<typeof TestClockSchema> {
  return { object: 'test_clock', now: iso(clock.now), frozen: clock.frozen };
}

export function toApiAdvancedTestClock(summary: AdvanceSummary): Static<typeof AdvancedTestClockSchema> {
  return {
    ...toApiTestClock(summary.clock),
    advanced: {
      from: iso(summary.from),
      tariff_expiring: summary.tariffExpiring,
      tariff_expired: summary.tariffExpired,
      market_publications: summary.marketPublications,
      location_updates: summary.locationUpdates,
      connections_connected: summary.connectionsConnected,
      connections_failed: summary.connectionsFailed,
      webhook_deliveries_shifted: summary.webhookDeliveriesShifted,
    },
  };
}

/** Exactly one of `to` and `by_seconds`. */
export function fromApiAdvanceBody(body: Static<typeof AdvanceBody>): AdvanceTarget {
  if (body.to !== undefined && body.by_seconds !== undefined) {
    throw new ValidationError('by_seconds_invalid', 'Give either to or by_seconds, not both');
  }
  if (body.to !== undefined) {
    const to = Date.parse(body.to);
    if (!Number.isFinite(to)) throw new ValidationError('to_invalid', 'to must be an RFC 3339 date-time');
    return { to };
  }
  if (body.by_seconds !== undefined) return { bySeconds: body.by_seconds };
  throw new ValidationError('to_missing', 'An advance needs to (an RFC 3339 time) or by_seconds');
}
