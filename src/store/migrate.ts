import { Migrator, type MigrationProvider } from 'kysely';
import { migrations } from './migrations/index.ts';
import type { Db } from './schema.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Applies every pending migration. Safe to run from several nodes at once: Kysely serialises
 * migrators with a lock held only for the duration of the migration.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
