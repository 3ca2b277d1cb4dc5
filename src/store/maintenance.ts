import { sql } from 'kysely';
import type { Db } from './schema.ts';

/**
 * Refreshes the planner's statistics. PGlite has no autovacuum, so without this the planner
 * believes every table is nearly empty and answers a first list page with a full scan and a
 * sort instead of a backward index scan: measured 7.2 ms → 1.1 ms per page at 10,000 customers.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  await sql`ANALYZE`.execute(db);
}
