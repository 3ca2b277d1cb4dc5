#!/usr/bin/env node
// Runs dist/offpeak.cjs, the sources bundled once by scripts/build.mjs (at `npm install`), and
// rebuilds it first when a source file is newer, so there is no build step to forget and no
// TypeScript transpiled at every start [decision:compiled-start]. The bundle runs with V8's code
// cache of an earlier start [decision:bundle-code-cache].
import { ensureBuilt, BUNDLE, CODE_CACHE } from '../scripts/build.mjs';
import { runWithCodeCache } from '../scripts/code-cache.mjs';
import { closeSync, fstatSync, openSync, read, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// `offpeak serve` on PGlite: PGlite's WebAssembly is compiled on another thread while the main one
// loads the bundle; src/store/database.ts takes it and the file bundle (PGLITE_ARTIFACTS there) and
// falls back to PGlite's own loading when they are absent or failed. The WebAssembly is read
// synchronously, so that the compilation starts now: the callback of an asynchronous read would
// wait for the main thread to finish loading the bundle. The file bundle (6 MB, needed only once
// the bundle is loaded) is read by one read on libuv's thread pool meanwhile, off the main
// thread [decision:compiled-start].
if (process.argv[2] === 'serve' && !process.env.DATABASE_URL?.trim()) {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    const data = readWhole(join(dist, 'pglite.data'));
    const wasm = WebAssembly.compile(readFileSync(join(dist, 'pglite.wasm')));
    globalThis[Symbol.for('offpeak.pglite-artifacts')] = {
      wasm: wasm.catch(() => undefined),
      data: data.catch(() => undefined),
    };
  } catch {
    // PGlite loads them itself
  }
}

/**
 * A file's bytes, read on the thread pool: one `read` of the whole size (more only if the
 * kernel returns less), where fs.promises.readFile would come back to the busy main thread
 * between chunks of 512 kB. A buffer of its own, as readFileSync gives: PGlite reads its
 * ArrayBuffer.
 */
function readWhole(path) {
  const fd = openSync(path, 'r');
  return new Promise((resolve, reject) => {
    const done = (error, buffer) => {
      closeSync(fd);
      if (error) reject(error);
      else resolve(buffer);
    };
    try {
      const size = fstatSync(fd).size;
      const buffer = Buffer.allocUnsafeSlow(size);
      const next = (offset) =>
        read(fd, buffer, offset, size - offset, offset, (error, bytes) => {
          if (error) done(error);
          else if (offset + bytes === size) done(undefined, buffer);
          else if (bytes === 0) done(new Error(`${path}: shorter than it was`));
          else next(offset + bytes);
        });
      next(0);
    } catch (error) {
      done(error);
    }
  });
}

await ensureBuilt({ log: (message) => process.stderr.write(`offpeak: ${message}\n`) });
// `offpeak serve` calls this a while after it listens (src/cli/serve.ts): by then V8 has compiled
// the functions a start and its first requests run, and the cache holds them too. Written only
// when there was no usable cache; other commands run with the cache but never write one.
let bundle;
globalThis[Symbol.for('offpeak.save-code-cache')] = () => bundle?.save();
// for OFFPEAK_TRACE_STARTUP: whether this start ran from the cache
globalThis[Symbol.for('offpeak.code-cache-state')] = () =>
  bundle?.used ? 'used' : bundle?.rejected ? 'rejected' : 'none';
bundle = runWithCodeCache(BUNDLE, CODE_CACHE);
