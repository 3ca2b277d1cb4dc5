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
  if (await allApplied(db, migrationTableSchema)) return [];
  const migrator = new Migrator({ db, provider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether every known migration is recorded already: one query, where Kysely's migrator first
 * introspects the catalogue and takes its lock (about a second at start on PGlite, which runs its
 * catalogue queries in WASM). Any doubt (no table yet, a name missing or unknown) leaves it to the migrator.
 */
async function allApplied(db: Db, schema: string): Promise<boolean> {
  try {
    const { rows } = await sql<{
      name: string;
    }>`select name from ${sql.id(schema, 'kysely_migration')}`.execute(db);
    // exactly the known ones: a name this code does not know is the migrator's to refuse
    const applied = new Set(rows.map((row) => row.name));
    const known = Object.keys(migrations);
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false;
  }
}
