import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLocation } from '../core/locations/locations.ts';
import { readConfig } from '../config.ts';
import { readNpmStart } from '../../scripts/npm-start.mjs';
import { openRuntime } from '../main.ts';
import { scratchDatabase } from '../testing/scratch-database.ts';

/** The `offpeak` command, run as a user would run it, on a PGlite directory of its own. */
const dataDir = mkdtempSync(join(tmpdir(), 'offpeak-cli-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const env = { ...process.env, OFFPEAK_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', PORT: '0' };

function offpeak(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('offpeak command', () => {
  it('prints the OpenAPI document when asked for openapi', () => {
    const result = offpeak('openapi');
    assert.equal(result.status, 0, result.stderr);
    const document = JSON.parse(result.stdout);
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.paths['/customers'].get);
  });

  it('creates an account and keys, and revokes a key, on a data directory', () => {
    const account = JSON.parse(offpeak('accounts', 'create').stdout);
    assert.match(account.id, /^acc_[0-9a-f]{24}$/);
    const key = JSON.parse(offpeak('keys', 'create', '--account', account.id, '--mode', 'live').stdout);
    assert.match(key.key, /^sk_live_[0-9a-f]{32}$/);
    assert.equal(account.connect_local_enabled, true);
    const localOff = offpeak('accounts', 'connect-local', account.id, 'false');
    assert.equal(localOff.status, 0, localOff.stderr);
    assert.equal(JSON.parse(localOff.stdout).connect_local_enabled, false);
    assert.equal(offpeak('accounts', 'connect-local', account.id, 'maybe').status, 1);
    assert.equal(JSON.parse(offpeak('accounts', 'disable', account.id).stdout).status, 'disabled');
    assert.equal(JSON.parse(offpeak('keys', 'revoke', key.id).stdout).revoked, true);
    assert.equal(offpeak('keys', 'revoke', 'key_65e421d1daa4a24082b4f590').status, 1);
    const bad = offpeak('keys', 'create', '--account', account.id, '--mode', 'staging');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--mode test\|live/);
  });

  it('sets flex_allowed on a location of any account when asked for locations flex-allowed', async () => {
    const account = JSON.parse(offpeak('accounts', 'create').stdout);
    const runtime = await openRuntime(readConfig(env));
    let locationId: string;
    try {
      const location = await createLocation(
        runtime.ctx,
        { accountId: account.id, liveMode: true },
        { postalAddress: { city: 'London', country_code: 'GB' } },
      );
      assert.equal(location.flexAllowed, false);
      locationId = location.id;
    } finally {
      await runtime.close();
    }
    const on = offpeak('locations', 'flex-allowed', locationId, 'true');
    assert.equal(on.status, 0, on.stderr);
    const printed = JSON.parse(on.stdout);
    assert.equal(printed.id, locationId);
    assert.equal(printed.flex_allowed, true);
    const off = offpeak('locations', 'flex-allowed', locationId, 'false');
    assert.equal(JSON.parse(off.stdout).flex_allowed, false);
    const usage = offpeak('locations', 'flex-allowed', locationId, 'yes');
    assert.equal(usage.status, 1);
    assert.match(usage.stderr, /needs a location ID and true or false/);
    const unknown = offpeak('locations', 'flex-allowed', 'loc_65e421d1daa4a24082b4f590', 'true');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^not_found: /);
  });

  it('fetches a delivery day only when fetching is on, and says what prices fetch needs', () => {
    const usage = offpeak('prices', 'fetch', '--source', 'mrs_65792b4ef61b16685ebd2ea3');
    assert.equal(usage.status, 1);
    assert.match(usage.stderr, /prices fetch needs --source mrs_…, --from nordpool\|entsoe and --day/);
    const off = offpeak(
      'prices',
      'fetch',
      '--source',
      'mrs_65792b4ef61b16685ebd2ea3',
      '--from',
      'nordpool',
      '--day',
      '2025-10-01',
    );
    assert.equal(off.status, 1);
    assert.match(off.stderr, /^market_fetch_disabled: /);
  });

  it('refuses several workers on PGlite, which lives inside one process', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: { ...env, OFFPEAK_WORKERS: '2' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /OFFPEAK_WORKERS above 1 needs DATABASE_URL/);
  });

  it('serves from several worker processes on PostgreSQL and stops them all', async (t) => {
    if (!process.env.TEST_DATABASE_URL) return t.skip('needs TEST_DATABASE_URL (run by .ci/run)');
    const scratch = await scratchDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'offpeak-workers-'));
    try {
      const running = await start(dir, { DATABASE_URL: scratch.url ?? '', OFFPEAK_WORKERS: '2' });
      try {
        assert.match(running.output, /PostgreSQL, 2 workers/);
        const workers = spawnSync('ps', ['-o', 'pid=', '--ppid', String(running.server.pid)], {
          encoding: 'utf8',
        });
        assert.equal(workers.stdout.trim().split('\n').length, 2, workers.stdout);
        const account = /account: (acc_[0-9a-f]{24})/.exec(running.output)?.[1];
        const key = /key: +(sk_test_[0-9a-f]{32})/.exec(running.output)?.[1];
        assert.ok(account && key, running.output);
        const token = await loginToken(running.url, account, key);
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        // requests spread over both workers all see one database
        const created = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            fetch(`${running.url}/customers`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ reference_id: `W${i}` }),
            }),
          ),
        );
        assert.ok(created.every((r) => r.status === 201));
        const list = (await (await fetch(`${running.url}/customers?limit=20`, { headers })).json()) as {
          data: unknown[];
        };
        assert.equal(list.data.length, 8);
      } finally {
        await stop(running.server);
      }
      assert.equal(running.server.exitCode, 0);
      assert.equal(spawnSync('ps', ['-o', 'pid=', '--ppid', String(running.server.pid)]).stdout.length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await scratch.drop();
    }
  });

  it('starts a server that prints a working login, refuses a second process, and keeps data across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offpeak-serve-'));
    let running = await start(dir);
    try {
      const account = /account: (acc_[0-9a-f]{24})/.exec(running.output)?.[1];
      const key = /key: +(sk_test_[0-9a-f]{32})/.exec(running.output)?.[1];
      assert.ok(account && key, running.output);
      const token = await loginToken(running.url, account, key);

      const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
        env: { ...env, OFFPEAK_DATA_DIR: dir },
        encoding: 'utf8',
      });
      assert.equal(second.status, 1);
      assert.match(second.stderr, /in use by process/);

      const created = await fetch(`${running.url}/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reference_id: 'survives-restart' }),
      });
      assert.equal(created.status, 201);

      await stop(running.server);
      running = await start(dir);
      assert.doesNotMatch(running.output, /First start/);
      const list = await fetch(`${running.url}/customers?reference_id=survives-restart`, {
        headers: { authorization: `Bearer ${await loginToken(running.url, account, key)}` },
      });
      assert.equal(((await list.json()) as { data: unknown[] }).data.length, 1);
    } finally {
      await stop(running.server);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `offpeak serve` from the sources (tsx), or as `npm start` runs it: the bundle, through bin/offpeak.js. */
const SOURCES: Launch = { args: ['--import', 'tsx', 'src/cli/main.ts', 'serve'], env: {} };
/** package.json's `start` script, so the test runs what users run. */
const NPM_START: Launch = (() => {
  const start = readNpmStart(new URL('../../', import.meta.url));
  return { args: [...start.nodeArgs, ...start.command], env: start.env };
})();

/** The arguments after `node`, and the variables set before it. */
interface Launch {
  args: string[];
  env: Record<string, string>;
}

async function start(
  dir: string,
  extra: Record<string, string> = {},
  launch = SOURCES,
): Promise<{ server: ChildProcess; output: string; url: string }> {
  const server = spawn(process.execPath, launch.args, {
    env: { ...env, ...launch.env, OFFPEAK_DATA_DIR: dir, HOST: '127.0.0.1', ...extra },
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (
        /listening on \S+/.test(output) &&
        (!output.includes('First start') || output.includes('curl -u'))
      ) {
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  assert.ok(url, output);
  return { server, output, url };
}

describe('the bundle npm start runs', () => {
  // dist/offpeak.cjs is built by `npm ci` (the package's prepare script) and rebuilt by
  // bin/offpeak.js when a source is newer. The build patches pg and Fastify as it bundles
  // (scripts/build.mjs); every other test runs the sources, so only this one runs those patches.
  it('serves the API on a new data directory: login, create, list, update, delete, a CORS preflight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offpeak-bundle-'));
    const running = await start(dir, { OFFPEAK_CORS_ORIGINS: 'https://app.example' }, NPM_START);
    try {
      const account = /account: (acc_[0-9a-f]{24})/.exec(running.output)?.[1];
      const key = /key: +(sk_test_[0-9a-f]{32})/.exec(running.output)?.[1];
      assert.ok(account && key, running.output);
      const headers = {
        authorization: `Bearer ${await loginToken(running.url, account, key)}`,
        'content-type': 'application/json',
      };
      const health = await fetch(`${running.url}/health`);
      assert.equal(health.status, 200);

      const ids: string[] = [];
      for (const reference_id of ['B1', 'B2', 'B3']) {
        const reply = await fetch(`${running.url}/customers`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ reference_id }),
        });
        assert.equal(reply.status, 201);
        ids.push(((await reply.json()) as { id: string }).id);
      }
      type Page = { data: { id: string; reference_id: string }[]; has_more: boolean };
      const first = (await (await fetch(`${running.url}/customers?limit=2`, { headers })).json()) as Page;
      assert.equal(first.data.length, 2);
      assert.equal(first.has_more, true);
      const rest = (await (
        await fetch(`${running.url}/customers?limit=2&starting_after=${first.data[1]?.id}`, { headers })
      ).json()) as Page;
      assert.deepEqual(
        [...first.data, ...rest.data].map((c) => c.id).sort(),
        [...ids].sort(),
        'two pages hold each customer once',
      );

      const updated = await fetch(`${running.url}/customers/${ids[0]}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ reference_id: 'B1-renamed' }),
      });
      assert.equal(updated.status, 202);
      assert.equal(((await updated.json()) as { reference_id: string }).reference_id, 'B1-renamed');
      const deleted = await fetch(`${running.url}/customers/${ids[1]}`, { method: 'DELETE', headers });
      assert.equal(deleted.status, 202);
      const gone = await fetch(`${running.url}/customers/${ids[1]}`, { headers });
      assert.equal(gone.status, 404);
      assert.equal(((await gone.json()) as { object: string }).object, 'error');

      const preflight = await fetch(`${running.url}/customers`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'DELETE',
          'access-control-request-headers': 'authorization',
        },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
      assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /DELETE/);
    } finally {
      await stop(running.server);
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(running.server.exitCode, 0);
  });

  it('runs PGlite from the bundle, finding its own files: initdb and migrations in memory', () => {
    // Only `serve` gets PGlite's WebAssembly and data from the launcher; every other command has
    // the bundled PGlite find pglite.wasm, pglite.data and (with no template in memory) initdb.wasm
    // in the installed package itself (pgliteFiles in scripts/build.mjs).
    const result = spawnSync(process.execPath, ['bin/offpeak.js', 'migrate'], {
      env: { ...env, OFFPEAK_DATA_DIR: 'memory://' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const { applied } = JSON.parse(result.stdout) as { applied: string[] };
    assert.ok(applied.length > 0, result.stdout);
  });
});

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}

async function loginToken(url: string, account: string, key: string): Promise<string> {
  const reply = await fetch(`${url}/login`, {
    headers: { authorization: `Basic ${Buffer.from(`${account}:${key}`).toString('base64')}` },
  });
  assert.equal(reply.status, 200);
  return ((await reply.json()) as { bearer_token: string }).bearer_token;
}
