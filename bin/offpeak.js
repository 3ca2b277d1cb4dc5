#!/usr/bin/env node
// Runs dist/offpeak.mjs, the sources bundled once by scripts/build.mjs (at `npm install`), and
// rebuilds it first when a source file is newer, so there is no build step to forget and no
// TypeScript transpiled at every start [decision:compiled-start].
import { ensureBuilt, BUNDLE } from '../scripts/build.mjs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// `offpeak serve` on PGlite: PGlite's WebAssembly is read and compiled, and its file bundle read,
// on other threads while the main one loads the bundle; src/store/database.ts takes them
// (PGLITE_ARTIFACTS there) and falls back to PGlite's own loading when they are absent or failed.
if (process.argv[2] === 'serve' && !process.env.DATABASE_URL?.trim()) {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const wasm = readFile(join(dist, 'pglite.wasm')).then((bytes) => WebAssembly.compile(bytes));
    const data = readFile(join(dist, 'pglite.data'));
    globalThis[Symbol.for('offpeak.pglite-artifacts')] = {
      wasm: wasm.catch(() => undefined),
      data: data.catch(() => undefined),
    };
  } catch {
    // PGlite loads them itself
  }
}

await ensureBuilt({ log: (message) => process.stderr.write(`offpeak: ${message}\n`) });
await import(pathToFileURL(BUNDLE).href);
