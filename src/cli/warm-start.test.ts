// The install's warm-up start (warmCodeCache in scripts/build.mjs) [decision:bundle-code-cache]: it
// leaves the code cache that `npm start` reads, so that a new user's first start runs from it.
// Runs the real bundle (dist/, built by `npm ci`), started as package.json's start script says.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cacheFileFor } from '../../scripts/code-cache.mjs';
import { readNpmStart } from '../../scripts/npm-start.mjs';

const ROOT = new URL('../../', import.meta.url);
const build = (await import(new URL('scripts/build.mjs', ROOT).href)) as {
  BUNDLE: string;
  CODE_CACHE: string;
  ROOT: string;
  ensureBuilt(): Promise<void>;
  warmCodeCache(): Promise<boolean>;
};
const dir = mkdtempSync(join(tmpdir(), 'offpeak-warm-start-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the server as `npm start` does on a new data directory; answers its start-up trace. */
async function firstStartTrace(): Promise<{ codeCache?: string }> {
  const start = readNpmStart(ROOT);
  const env: NodeJS.ProcessEnv = { ...process.env, ...start.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'OFFPEAK_WORKERS']) delete env[name];
  Object.assign(env, {
    OFFPEAK_DATA_DIR: join(dir, 'data'),
    OFFPEAK_TRACE_STARTUP: 'on',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
  const server = spawn(process.execPath, [...start.nodeArgs, ...start.command], { cwd: build.ROOT, env });
  try {
    let stderr = '';
    return await new Promise((resolve, reject) => {
      server.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const trace = /offpeak startup: (\{.*\})\n/.exec(stderr)?.[1];
        if (trace) resolve(JSON.parse(trace) as { codeCache?: string });
      });
      server.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${stderr}`)));
    });
  } finally {
    // stopped before its data directory goes (after())
    const exited = new Promise((resolve) => server.once('exit', resolve));
    if (server.exitCode === null && server.kill('SIGTERM')) await exited;
  }
}

test('the warm-up start leaves the code cache npm start reads, and the first start runs from it', async () => {
  // the cache is named after the bundle's bytes: a checkout edited since its build rebuilds first
  await build.ensureBuilt();
  rmSync(build.CODE_CACHE, { recursive: true, force: true });
  const expected = cacheFileFor(build.CODE_CACHE, readFileSync(build.BUNDLE), readNpmStart(ROOT).nodeArgs);
  assert.equal(existsSync(expected), false);

  assert.equal(await build.warmCodeCache(), true);
  assert.ok(existsSync(expected), 'the cache file named for npm start’s Node flags');
  // made once: a second install step finds it
  assert.equal(await build.warmCodeCache(), false);

  // V8 takes it: the start says it ran from the cache (a refused one would say "rejected")
  const trace = await firstStartTrace();
  assert.equal(trace.codeCache, 'used');
});
