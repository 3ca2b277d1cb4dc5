import {
  advanceTestClock,
  freezeTestClock,
  resetTestMode,
  retrieveTestClock,
  unfreezeTestClock,
} from '../../core/test-clocks/test-clocks.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { answerLiveAsUnknown } from './live-as-unknown.ts';
import {
  AdvanceBody,
  AdvancedTestClockSchema,
  fromApiAdvanceBody,
  ResetSchema,
  TEST_HELPERS_TAG,
  TestClockSchema,
  toApiAdvancedTestClock,
  toApiTestClock,
} from './test-clock-schema.ts';

const tags = [TEST_HELPERS_TAG];

/**
 * The test clock of the calling account's test mode and the reset of its test mode
 * [decision:test-clocks]. Test keys only: a live key gets the 404 of an unknown route.
 */
export function registerTestClockRoutes(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/test_helpers/clock',
    {
      config: { operation: 'test_clock_retrieve' },
      onRequest: answerLiveAsUnknown,
      schema: {
        tags,
        summary: "Retrieve the test clock of the account's test mode (Offpeak extension)",
        response: { 200: TestClockSchema },
      },
    },
    async function test_clock_retrieve(request) {
      return toApiTestClock(await retrieveTestClock(ctx, scopeOf(request)));
    },
  );

  app.post(
    '/test_helpers/clock/advance',
    {
      config: { operation: 'test_clock_advance' },
      onRequest: answerLiveAsUnknown,
      schema: {
        tags,
        summary: 'Move the test clock forward, writing everything that became due (Offpeak extension)',
        body: AdvanceBody,
        response: { 200: AdvancedTestClockSchema },
      },
    },
    async function test_clock_advance(request) {
      const target = fromApiAdvanceBody(request.body);
      return toApiAdvancedTestClock(await advanceTestClock(ctx, scopeOf(request), target));
    },
  );

  app.post(
    '/test_helpers/clock/freeze',
    {
      config: { operation: 'test_clock_freeze' },
      onRequest: answerLiveAsUnknown,
      schema: {
        tags,
        summary: 'Stop the test clock where it is (Offpeak extension)',
        response: { 200: TestClockSchema },
      },
    },
    async function test_clock_freeze(request) {
      return toApiTestClock(await freezeTestClock(ctx, scopeOf(request)));
    },
  );

  app.post(
    '/test_helpers/clock/unfreeze',
    {
      config: { operation: 'test_clock_unfreeze' },
      onRequest: answerLiveAsUnknown,
      schema: {
        tags,
        summary: 'Let the test clock run again from where it stands (Offpeak extension)',
        response: { 200: TestClockSchema },
      },
    },
    async function test_clock_unfreeze(request) {
      return toApiTestClock(await unfreezeTestClock(ctx, scopeOf(request)));
    },
  );

  app.post(
    '/test_helpers/reset',
    {
      config: { operation: 'test_mode_reset' },
      onRequest: answerLiveAsUnknown,
      schema: {
        tags,
        summary:
          'Delete every test-mode object of the account and put its clock back on real time (Offpeak extension)',
        response: { 200: ResetSchema },
      },
    },
    async function test_mode_reset(request) {
      const { clock, removed } = await resetTestMode(ctx, scopeOf(request));
      return { object: 'test_mode_reset' as const, clock: toApiTestClock(clock), deleted: removed };
    },
  );
}
