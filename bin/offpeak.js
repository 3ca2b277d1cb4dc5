#!/usr/bin/env node
// Runs dist/offpeak.cjs, the sources bundled once by scripts/build.mjs (at `npm install`), and
// rebuilds it first when a source file is newer, so there is no build step to forget and no
// TypeScript transpiled at every start [decision:compiled-start]. The bundle runs with V8's code
// cache of an earlier start [decision:bundle-code-cache].
import { ensureBuilt, BUNDLE, CODE_CACHE } from '../scripts/build.mjs';
import { runWithCodeCache } from '../scripts/code-cache.mjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// `offpeak serve` on PGlite: PGlite's WebAssembly is compiled on another thread while the main one
// loads the bundle; src/store/database.ts takes it and the file bundle (PGLITE_ARTIFACTS there) and
// falls back to PGlite's own loading when they are absent or failed. Both files are read
// synchronously, so that the compilation starts now: the callback of an asynchronous read would
// wait for the main thread to finish loading the bundle [decision:compiled-start].
if (process.argv[2] === 'serve' && !process.env.DATABASE_URL?.trim()) {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const data = readFileSync(join(dist, 'pglite.data'));
    const wasm = WebAssembly.compile(readFileSync(join(dist, 'pglite.wasm')));
    globalThis[Symbol.for('offpeak.pglite-artifacts')] = {
      wasm: wasm.catch(() => undefined),
      data: Promise.resolve(data),
    };
  } catch {
    // PGlite loads them itself
  }
}

await ensureBuilt({ log: (message) => process.stderr.write(`offpeak: ${message}\n`) });
// `offpeak serve` calls this a while after it listens (src/cli/serve.ts): by then V8 has compiled
// the functions a start and its first requests run, and the cache holds them too. Written only
// when there was no usable cache; other commands run with the cache but never write one.
let bundle;
globalThis[Symbol.for('offpeak.save-code-cache')] = () => bundle?.save();
bundle = runWithCodeCache(BUNDLE, CODE_CACHE);
