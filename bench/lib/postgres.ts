import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throwaway database on a PostgreSQL server, created for one benchmark and dropped after it. */
export interface ScratchDatabase {
  name: string;
  url: string;
  /** The server's autovacuum setting: when off, tables are never analysed unless someone runs ANALYZE. */
  autovacuum: string;
  serverVersion: string;
  /** Collects planner statistics, as autovacuum would on a server that has it on. */
  analyze(): Promise<void>;
  drop(): Promise<void>;
}

async function withClient(url: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const name = `offpeak_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let serverVersion: string;
  let autovacuum: string;
  try {
    serverVersion =
      (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
    autovacuum = (await admin.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0]?.autovacuum ?? '?';
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    serverVersion,
    autovacuum,
    analyze: () => withClient(url.toString(), (client) => client.query('ANALYZE')),
    drop: () =>
      withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
