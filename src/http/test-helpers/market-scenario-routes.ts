// Market scenarios, an Offpeak extension for test mode [decision:market-scenarios]: an integrator
// makes its own test-mode market publish a negative, spiking or flat day, or publish late, or not
// at all. Live keys get the 404 of an unknown route [decision:test-helpers-live-mode].
import { Type } from 'typebox';
import {
  createMarketScenario,
  deleteMarketScenario,
  listMarketScenarios,
} from '../../core/market-data/market-scenarios.ts';
import {
  Accepted,
  idParams,
  listOf,
  PageQuerySchema,
  sendAccepted,
  toApiList,
  toPageQuery,
} from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { answerLiveAsUnknown } from './live-as-unknown.ts';
import { TEST_HELPERS_TAG } from './test-clock-schema.ts';
import {
  fromApiMarketScenarioBody,
  MarketScenarioBody,
  MarketScenarioQuery,
  MarketScenarioSchema,
  toApiMarketScenario,
} from './market-scenario-schema.ts';

const tags = [TEST_HELPERS_TAG];
const params = idParams('msc', 'msc_6930a1f2c0ffee0000000001');
const PATH = '/test_helpers/market_scenarios';

export function registerMarketScenarios(app: App, { ctx }: HttpDeps): void {
  app.post(
    PATH,
    {
      config: { operation: 'market_scenario_create' },
      onRequest: answerLiveAsUnknown,
      schema: {
        tags,
        summary: "Create a scenario of the test-mode market (Offpeak extension): days of a source's prices",
        body: MarketScenarioBody,
        response: { 201: MarketScenarioSchema },
      },
    },
    async function market_scenario_create(request, reply) {
      const scenario = await createMarketScenario(
        ctx,
        scopeOf(request),
        fromApiMarketScenarioBody(request.body),
      );
      return reply.code(201).send(toApiMarketScenario(scenario));
    },
  );

  app.get(
    PATH,
    {
      config: { operation: 'market_scenario_list' },
      onRequest: answerLiveAsUnknown,
      schema: {
        tags,
        summary: 'List the scenarios of the test-mode market (Offpeak extension), newest first',
        querystring: Type.Object({ ...PageQuerySchema, ...MarketScenarioQuery }),
        response: { 200: listOf(MarketScenarioSchema, PATH) },
      },
    },
    async function market_scenario_list(request) {
      const page = await listMarketScenarios(
        ctx,
        scopeOf(request),
        { sourceId: request.query.source_id },
        toPageQuery(request.query),
      );
      return toApiList(PATH, page, toApiMarketScenario);
    },
  );

  app.delete(
    `${PATH}/:id`,
    {
      config: { operation: 'market_scenario_delete' },
      onRequest: answerLiveAsUnknown,
      schema: {
        tags,
        summary:
          'Delete a scenario of the test-mode market (Offpeak extension): its days are as simulated again',
        params,
        response: { 202: Accepted },
      },
    },
    async function market_scenario_delete(request, reply) {
      await deleteMarketScenario(ctx, scopeOf(request), request.params.id);
      return sendAccepted(reply);
    },
  );
}
