import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type StoreKind = 'pglite' | 'postgres';

/** Where one crash test keeps its data, kept across the server's lives. */
export interface CrashStore {
  kind: StoreKind;
  /** For the report: the directory, or the database. */
  description: string;
  /** The server's environment that points it at the data. */
  env: Record<string, string>;
  /** Removes the data; `keep` leaves it for inspection (after a failure) and says where it is. */
  dispose(keep: boolean): Promise<string | undefined>;
}

/** The PostgreSQL server the test creates its database on, unless TEST_DATABASE_URL names one. */
const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function withClient(url: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

async function pgliteStore(): Promise<CrashStore> {
  const root = await mkdtemp(join(tmpdir(), 'offpeak-crash-'));
  const dataDir = join(root, 'data');
  return {
    kind: 'pglite',
    description: `PGlite on disk at ${dataDir}`,
    env: { OFFPEAK_DATA_DIR: dataDir },
    dispose: async (keep) => {
      if (keep) return dataDir;
      await rm(root, { recursive: true, force: true });
      return undefined;
    },
  };
}

async function postgresStore(given: string | undefined): Promise<CrashStore> {
  if (given) {
    const name = new URL(given).pathname.slice(1);
    return {
      kind: 'postgres',
      description: `PostgreSQL database ${name} (TEST_DATABASE_URL)`,
      env: { DATABASE_URL: given },
      dispose: async () => undefined,
    };
  }
  const name = `offpeak_crash_${randomBytes(6).toString('hex')}`;
  await withClient(POSTGRES_ADMIN_URL, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    description: `PostgreSQL database ${name} on ${url.host}`,
    env: { DATABASE_URL: url.toString() },
    dispose: async (keep) => {
      if (keep) return url.toString();
      await withClient(POSTGRES_ADMIN_URL, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
      return undefined;
    },
  };
}

export function openCrashStore(kind: StoreKind): Promise<CrashStore> {
  return kind === 'pglite' ? pgliteStore() : postgresStore(process.env.TEST_DATABASE_URL || undefined);
}
