// Market scenarios of an account's test-mode market [decision:market-scenarios]: create, list and
// delete them, and read those of a source for pricing. Live mode never reads or writes them.
import { civilFromEpochDay, DAY_MS, epochDayFromCivil } from '../../engine/calendar.ts';
import { MARKET_FORECAST_HISTORY_MS } from '../../engine/market-forecast.ts';
import {
  MARKET_SCENARIO_TYPES,
  MAX_PUBLICATION_DELAY_MINUTES,
  type MarketScenario,
  type MarketScenarioType,
} from '../../engine/market-scenarios.ts';
import { newId } from '../../lib/ids.ts';
import type { Scope } from '../../lib/scope.ts';
import {
  deleteMarketScenarioById,
  insertMarketScenario,
  selectMarketScenarioById,
  selectMarketScenariosOfSource,
  selectMarketScenariosPage,
  type MarketScenarioRecord,
} from '../../store/market-scenarios.ts';
import type { CoreContext } from '../context.ts';
import type { PricingCaches } from '../pricing/pricing-caches.ts';
import type { Db } from '../../store/database.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { selectPage, type Page, type PageQuery } from '../pagination.ts';
import { checkMarketSourceId } from './market-sources.ts';

/** The longest range of delivery days one scenario may cover (a leap year). */
export const MAX_SCENARIO_DAYS = 366;

export interface MarketScenarioInput {
  sourceId?: unknown;
  type?: unknown;
  startDate?: unknown;
  endDate?: unknown;
  delayMinutes?: unknown;
}

export interface StoredMarketScenario {
  id: string;
  sourceId: string;
  type: MarketScenarioType;
  /** Local days of the market's zone, `YYYY-MM-DD`, inclusive. */
  startDate: string;
  endDate: string;
  delayMinutes: number | null;
  createdAt: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local epoch day of a `YYYY-MM-DD` calendar date, or null when it is not a real date. */
export function epochDayOfDate(text: unknown): number | null {
  const match = typeof text === 'string' ? DATE.exec(text) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const epochDay = epochDayFromCivil(year, month, day);
  const back = civilFromEpochDay(epochDay);
  return back.year === year && back.month === month && back.day === day ? epochDay : null;
}

/** The `YYYY-MM-DD` text of a local epoch day. */
export function dateOfEpochDay(epochDay: number): string {
  const { year, month, day } = civilFromEpochDay(epochDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function checkDate(value: unknown, field: 'start_date' | 'end_date'): number {
  if (value === undefined || value === null || value === '') {
    throw new ValidationError(`${field}_missing`, `${field} is required (a delivery day, YYYY-MM-DD)`);
  }
  const day = epochDayOfDate(value);
  if (day === null) {
    throw new ValidationError(
      `${field}_invalid`,
      `${field} must be a calendar date YYYY-MM-DD, got ${String(value).slice(0, 64)}`,
    );
  }
  return day;
}

/** Checks a create body; every rule names its field. */
function checkInput(input: MarketScenarioInput) {
  const sourceId = checkMarketSourceId(input.sourceId);
  if (input.type === undefined || input.type === null || input.type === '') {
    throw new ValidationError('type_missing', `type is required: one of ${MARKET_SCENARIO_TYPES.join(', ')}`);
  }
  if (!MARKET_SCENARIO_TYPES.includes(input.type as MarketScenarioType)) {
    throw new ValidationError(
      'type_invalid',
      `type must be one of ${MARKET_SCENARIO_TYPES.join(', ')}, got ${String(input.type).slice(0, 64)}`,
    );
  }
  const type = input.type as MarketScenarioType;
  const first = checkDate(input.startDate, 'start_date');
  const last = checkDate(input.endDate, 'end_date');
  if (last < first) throw new ValidationError('end_date_invalid', 'end_date must not be before start_date');
  if (last - first + 1 > MAX_SCENARIO_DAYS) {
    throw new ValidationError('end_date_invalid', `A scenario covers at most ${MAX_SCENARIO_DAYS} days`);
  }
  let delayMinutes: number | null = null;
  if (type === 'late') {
    if (input.delayMinutes === undefined || input.delayMinutes === null) {
      throw new ValidationError('delay_minutes_missing', 'delay_minutes is required for a late publication');
    }
    const delay = input.delayMinutes;
    if (
      typeof delay !== 'number' ||
      !Number.isInteger(delay) ||
      delay < 1 ||
      delay > MAX_PUBLICATION_DELAY_MINUTES
    ) {
      throw new ValidationError(
        'delay_minutes_invalid',
        `delay_minutes must be a whole number of minutes from 1 to ${MAX_PUBLICATION_DELAY_MINUTES}`,
      );
    }
    delayMinutes = delay;
  } else if (input.delayMinutes !== undefined && input.delayMinutes !== null) {
    throw new ValidationError('delay_minutes_invalid', 'delay_minutes applies only to type late');
  }
  return { sourceId, type, first, last, delayMinutes };
}

function fromRecord(row: MarketScenarioRecord): StoredMarketScenario {
  return {
    id: row.id,
    sourceId: row.source_id,
    type: row.type,
    startDate: row.start_date,
    endDate: row.end_date,
    delayMinutes: row.delay_minutes,
    createdAt: row.created_at.getTime(),
  };
}

/** Test mode only: the HTTP layer answers live keys as if the route did not exist. */
function checkTestMode(scope: Scope): void {
  if (scope.liveMode) throw new NotFoundError('route', 'market_scenarios');
}

export async function createMarketScenario(
  ctx: CoreContext,
  scope: Scope,
  input: MarketScenarioInput,
): Promise<StoredMarketScenario> {
  checkTestMode(scope);
  const { sourceId, type, first, last, delayMinutes } = checkInput(input);
  const now = ctx.now(scope);
  const row: MarketScenarioRecord = {
    account_id: scope.accountId,
    id: newId('msc', now),
    source_id: sourceId,
    type,
    start_date: dateOfEpochDay(first),
    end_date: dateOfEpochDay(last),
    delay_minutes: delayMinutes,
    created_at: new Date(Math.floor(now / 1000) * 1000),
  };
  await insertMarketScenario(ctx.db, row);
  ctx.caches?.forgetMarketScenarios(scope.accountId);
  return fromRecord(row);
}

export async function listMarketScenarios(
  ctx: CoreContext,
  scope: Scope,
  filter: { sourceId?: string | undefined },
  page: PageQuery,
): Promise<Page<StoredMarketScenario>> {
  checkTestMode(scope);
  if (filter.sourceId !== undefined) checkMarketSourceId(filter.sourceId);
  const { rows, hasMore } = await selectPage(
    page,
    (keyset) => selectMarketScenariosPage(ctx.db, scope.accountId, filter, keyset),
    (id) => selectMarketScenarioById(ctx.db, scope.accountId, id),
  );
  return { data: rows.map(fromRecord), hasMore };
}

export async function deleteMarketScenario(ctx: CoreContext, scope: Scope, id: string): Promise<void> {
  checkTestMode(scope);
  const deleted = await deleteMarketScenarioById(ctx.db, scope.accountId, id);
  ctx.caches?.forgetMarketScenarios(scope.accountId);
  if (!deleted) throw new NotFoundError('market_scenario', id);
}

/**
 * The scenarios of an account's test-mode market of `sourceId` that can change prices of
 * [start, end) (UTC epoch ms), with the forecast's history before it, as the engine reads them.
 * With `caches`, this node's copy when fresh enough [decision:market-scenarios-cache].
 */
export async function loadMarketScenarios(
  db: Db,
  accountId: string,
  sourceId: string,
  start: number,
  caches?: PricingCaches,
): Promise<readonly MarketScenario[]> {
  // a local day can start up to 14 hours before its UTC namesake: one day of margin
  const fromDay = Math.floor((start - MARKET_FORECAST_HISTORY_MS) / DAY_MS) - 1;
  const fromDate = dateOfEpochDay(fromDay);
  const read = async (): Promise<MarketScenario[]> => {
    const rows = await selectMarketScenariosOfSource(db, accountId, sourceId, fromDate);
    return rows.map((row) => ({
      type: row.type,
      firstDay: epochDayOfDate(row.start_date) as number,
      lastDay: epochDayOfDate(row.end_date) as number,
      delayMinutes: row.delay_minutes ?? undefined,
      key: row.id,
    }));
  };
  return caches ? caches.marketScenarios(accountId, sourceId, fromDate, read) : read();
}
