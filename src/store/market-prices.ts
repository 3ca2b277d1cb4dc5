import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { Db } from './schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/**
 * A published market price (migration 0003). Keyed by source, not by account: market prices are
 * shared reference data, the one exception to "every table starts with the account".
 */
export interface MarketPriceRow {
  source_id: string;
  start: Timestamp;
  end: Timestamp;
  /** Exact decimal text as published (`numeric`; both drivers return it as a string). */
  value: ColumnType<string, string, string>;
  unit: string;
  currency: string;
  feed: string;
  area: string | null;
  published_at: Timestamp;
  updated_at: Timestamp;
}

export type MarketPriceRecord = Selectable<MarketPriceRow>;

const withMarketPrices = (db: Db) => db.withTables<{ market_prices: MarketPriceRow }>();

/** Inserts rows, replacing any row of the same source and start (columns other than the key). */
export async function upsertMarketPrices(db: Db, rows: Insertable<MarketPriceRow>[]): Promise<void> {
  if (rows.length === 0) return;
  await withMarketPrices(db)
    .insertInto('market_prices')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['source_id', 'start']).doUpdateSet((eb) => ({
        end: eb.ref('excluded.end'),
        value: eb.ref('excluded.value'),
        unit: eb.ref('excluded.unit'),
        currency: eb.ref('excluded.currency'),
        feed: eb.ref('excluded.feed'),
        area: eb.ref('excluded.area'),
        published_at: eb.ref('excluded.published_at'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** Deletes a source's rows that overlap [start, end); returns the starts of those that went. */
export async function deleteMarketPricesOverlapping(
  db: Db,
  sourceId: string,
  start: Date,
  end: Date,
): Promise<Date[]> {
  const rows = await withMarketPrices(db)
    .deleteFrom('market_prices')
    .where('source_id', '=', sourceId)
    .where('start', '<', end)
    .where('end', '>', start)
    .returning('start')
    .execute();
  return rows.map((r) => r.start);
}

/** A source's rows that overlap [start, end), in start order. */
export async function selectMarketPricesOverlapping(
  db: Db,
  sourceId: string,
  start: Date,
  end: Date,
): Promise<MarketPriceRecord[]> {
  return withMarketPrices(db)
    .selectFrom('market_prices')
    .selectAll()
    .where('source_id', '=', sourceId)
    .where('start', '<', end)
    .where('end', '>', start)
    .orderBy('start')
    .execute();
}

/** Whether a source has any row overlapping [start, end). */
export async function hasMarketPricesOverlapping(
  db: Db,
  sourceId: string,
  start: Date,
  end: Date,
): Promise<boolean> {
  const row = await withMarketPrices(db)
    .selectFrom('market_prices')
    .select('start')
    .where('source_id', '=', sourceId)
    .where('start', '<', end)
    .where('end', '>', start)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A source's latest row (greatest start, hence greatest end: rows do not overlap), if any. */
export async function selectLatestMarketPrice(
  db: Db,
  sourceId: string,
): Promise<MarketPriceRecord | undefined> {
  return withMarketPrices(db)
    .selectFrom('market_prices')
    .selectAll()
    .where('source_id', '=', sourceId)
    .orderBy('start', 'desc')
    .limit(1)
    .executeTakeFirst();
}
