import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A database of a test's own, for tests whose subject works across accounts (background sweeps)
 * and so cannot share a database with tests that isolate themselves by account. On PostgreSQL
 * (TEST_DATABASE_URL) a fresh schema, reached through a URL whose connections use it; on PGlite
 * an in-memory database (`url` undefined). `drop` removes the schema.
 */
export async function scratchDatabase(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return { url: undefined, drop: async () => {} };
  const schema = `scratch_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin(`drop schema ${schema} cascade`) };
}
