import type { Migration } from 'kysely';
import * as initial from './0001-initial.ts';
import * as tariffs from './0002-tariffs.ts';
import * as marketPrices from './0003-market-prices.ts';
import * as meterRecords from './0004-meter-records.ts';
import * as marketFetchJobs from './0005-market-fetch-jobs.ts';
import * as tariffNotices from './0006-tariff-notices.ts';
import * as tariffMarketSourceDerived from './0007-tariff-market-source-derived.ts';
import * as webhooks from './0008-webhooks.ts';
import * as catalogue from './0009-catalogue.ts';
import * as connectTokens from './0010-connect-tokens.ts';
import * as connectConnections from './0011-connect-connections.ts';
import * as testClocks from './0012-test-clocks.ts';
import * as marketScenarios from './0013-market-scenarios.ts';
import * as customerLocationIds from './0014-customer-location-ids.ts';

/** Forward-only migrations, applied in name order. Never edit one that has shipped: add the next. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-tariffs': tariffs,
  '0003-market-prices': marketPrices,
  '0004-meter-records': meterRecords,
  '0005-market-fetch-jobs': marketFetchJobs,
  '0006-tariff-notices': tariffNotices,
  '0007-tariff-market-source-derived': tariffMarketSourceDerived,
  '0008-webhooks': webhooks,
  '0009-catalogue': catalogue,
  '0010-connect-tokens': connectTokens,
  '0011-connect-connections': connectConnections,
  '0012-test-clocks': testClocks,
  '0013-market-scenarios': marketScenarios,
  '0014-customer-location-ids': customerLocationIds,
};
