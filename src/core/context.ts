import type { Db } from '../store/database.ts';

export type { Scope } from '../lib/scope.ts';

/** What every use-case needs: the database and a clock. `now` is injected so tests can move time. */
export interface CoreContext {
  db: Db;
  now(): number;
}
