#!/usr/bin/env node
// Runs dist/offpeak.mjs, the sources bundled once by scripts/build.mjs (at `npm install`), and
// rebuilds it first when a source file is newer, so there is no build step to forget and no
// TypeScript transpiled at every start [decision:compiled-start].
import { ensureBuilt, BUNDLE } from '../scripts/build.mjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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
await import(pathToFileURL(BUNDLE).href);
