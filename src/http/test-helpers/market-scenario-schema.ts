import { Type, type Static } from 'typebox';
import type { MarketScenarioInput, StoredMarketScenario } from '../../core/market-data/market-scenarios.ts';
import { MARKET_SCENARIO_TYPES } from '../../engine/market-scenarios.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { stringEnum } from '../schemas.ts';

/** The Netherlands' day-ahead source, the example of the docs and the OpenAPI document. */
export const EXAMPLE_SOURCE = 'mrs_65792b4ef61b16685ebd2ec7';

const TYPE_DESCRIPTION =
  '`negative`: 10:00–16:00 local priced at minus the absolute base price; `spike`: 17:00–20:00 ' +
  'local at 5 × the absolute base price; `flat`: every interval at the day’s mean base price; ' +
  '`missing`: never published (prices answer `422 no_price_data`); `late`: published ' +
  '`delay_minutes` after 12:45 local on the day before';

export const MarketScenarioSchema = Type.Object(
  {
    id: Type.String({ examples: ['msc_6930a1f2c0ffee0000000001'] }),
    object: Type.Literal('market_scenario'),
    live_mode: Type.Literal(false),
    source_id: Type.String({ examples: [EXAMPLE_SOURCE] }),
    type: stringEnum(MARKET_SCENARIO_TYPES, { description: TYPE_DESCRIPTION }),
    start_date: Type.String({ format: 'date', examples: ['2026-03-29'] }),
    end_date: Type.String({ format: 'date', examples: ['2026-03-29'] }),
    delay_minutes: Type.Optional(Type.Integer({ examples: [90] })),
    time_created: Type.String({ format: 'date-time' }),
  },
  {
    title: 'MarketScenario',
    description: "An Offpeak extension: a scenario of the account's test-mode day-ahead market",
  },
);

export const MarketScenarioBody = Type.Object(
  {
    source_id: Type.String({ description: 'A market source (`mrs_…`)', examples: [EXAMPLE_SOURCE] }),
    type: stringEnum(MARKET_SCENARIO_TYPES, { description: TYPE_DESCRIPTION }),
    start_date: Type.String({
      description: "The first delivery day, YYYY-MM-DD, a local day of the market's zone",
      examples: ['2026-03-29'],
    }),
    end_date: Type.String({
      description: 'The last delivery day, inclusive (at most 366 days after start_date)',
      examples: ['2026-03-29'],
    }),
    delay_minutes: Type.Optional(
      Type.Integer({ description: '`late` only, and required there: 1 to 1440 minutes', examples: [90] }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      { source_id: EXAMPLE_SOURCE, type: 'spike', start_date: '2026-03-29', end_date: '2026-03-29' },
    ],
  },
);

export const MarketScenarioQuery = {
  source_id: Type.Optional(Type.String({ description: 'Only the scenarios of this market source' })),
};

export function fromApiMarketScenarioBody(body: Static<typeof MarketScenarioBody>): MarketScenarioInput {
  return {
    sourceId: body.source_id,
    type: body.type,
    startDate: body.start_date,
    endDate: body.end_date,
    delayMinutes: body.delay_minutes,
  };
}

export function toApiMarketScenario(scenario: StoredMarketScenario): Static<typeof MarketScenarioSchema> {
  return {
    id: scenario.id,
    object: 'market_scenario',
    live_mode: false,
    source_id: scenario.sourceId,
    type: scenario.type,
    start_date: scenario.startDate,
    end_date: scenario.endDate,
    ...(scenario.delayMinutes !== null ? { delay_minutes: scenario.delayMinutes } : {}),
    time_created: formatUtcSeconds(scenario.createdAt),
  };
}
