import { Migrator, sql, type MigrationProvider } from 'kysely';
import { migrations } from './migrations/index.ts';
import type { Db } from './schema.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Applies every pending migration. Safe to run from several nodes at once: Kysely serialises
 * migrators with a lock held only for the duration of the migration.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which: name the one the
  // connection works in (its search_path), so that a database holding Offpeak twice stays apart.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrationTableSchema = rows[0]?.schema ?? 'public';
  const migrator = new Migrator({ db, provider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
