// Market scenarios of the test-mode market (migration 0013) [decision:market-scenarios]. Test mode
// only: every query is keyed by account.
import type { ColumnType, Selectable } from 'kysely';
import { selectKeysetPage, type KeysetRequest } from './pages.ts';
import type { Db } from './schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MarketScenarioRow {
  account_id: string;
  id: string;
  source_id: string;
  type: 'negative' | 'spike' | 'flat' | 'missing' | 'late';
  /** Local days of the market's zone, `YYYY-MM-DD`, inclusive. */
  start_date: string;
  end_date: string;
  delay_minutes: number | null;
  created_at: Timestamp;
}

export type MarketScenarioRecord = Selectable<MarketScenarioRow>;

const withScenarios = (db: Db) => db.withTables<{ market_scenarios: MarketScenarioRow }>();

const scoped = (db: Db, accountId: string) =>
  withScenarios(db).selectFrom('market_scenarios').selectAll().where('account_id', '=', accountId);

export async function insertMarketScenario(db: Db, row: MarketScenarioRecord): Promise<void> {
  await withScenarios(db).insertInto('market_scenarios').values(row).execute();
}

export async function selectMarketScenarioById(
  db: Db,
  accountId: string,
  id: string,
): Promise<MarketScenarioRecord | undefined> {
  return scoped(db, accountId).where('id', '=', id).executeTakeFirst();
}

export async function selectMarketScenariosPage(
  db: Db,
  accountId: string,
  filter: { sourceId?: string | undefined },
  page: KeysetRequest,
): Promise<{ rows: MarketScenarioRecord[]; hasMore: boolean }> {
  let query = scoped(db, accountId);
  if (filter.sourceId !== undefined) query = query.where('source_id', '=', filter.sourceId);
  const cursor = (id: string) =>
    withScenarios(db)
      .selectFrom('market_scenarios')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', '=', id);
  return selectKeysetPage(query, cursor, page);
}

/** The scenarios of one account and source whose days reach `fromDate` or later (`YYYY-MM-DD`). */
export async function selectMarketScenariosOfSource(
  db: Db,
  accountId: string,
  sourceId: string,
  fromDate: string,
): Promise<MarketScenarioRecord[]> {
  return scoped(db, accountId)
    .where('source_id', '=', sourceId)
    .where('end_date', '>=', fromDate)
    .orderBy('id')
    .execute();
}

/** Deletes one scenario; false when the account has none of that ID. */
export async function deleteMarketScenarioById(db: Db, accountId: string, id: string): Promise<boolean> {
  const result = await withScenarios(db)
    .deleteFrom('market_scenarios')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Deletes every market scenario of an account (`POST /test_helpers/reset`). */
export async function deleteMarketScenarios(db: Db, accountId: string): Promise<number> {
  const result = await withScenarios(db)
    .deleteFrom('market_scenarios')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
