// scripts/code-cache.mjs: bin/offpeak.js runs the bundle with V8's code cache; whatever state the
// cache is in (none, valid, corrupt, of another bundle, not writable), the bundle runs
// [decision:bundle-code-cache]. Each load runs in a child process, as a start does: within one
// process V8 would answer a second compilation of the same text from memory.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const LOADER = pathToFileURL(fileURLToPath(new URL('../../scripts/code-cache.mjs', import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), 'offpeak-code-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Load {
  used: boolean;
  rejected: boolean;
  saved: boolean;
  exports: { answer: number; filename: string; dynamic: string; text: string };
}

/** Runs `bundle` through runWithCodeCache in a new process, calls save(), reports what happened. */
function load(bundle: string, cacheDir: string): Load {
  const code = `
    const { runWithCodeCache } = await import(${JSON.stringify(LOADER)});
    const run = runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)});
    const exports = { ...run.exports, dynamic: await run.exports.dynamic };
    process.stdout.write(JSON.stringify({ used: run.used, rejected: run.rejected, saved: run.save(), exports }));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Load;
}

/**
 * A small CommonJS "bundle" written as scripts/build.mjs writes the real one, inside the module
 * wrapper: strict, uses require and __filename as the real one does, and an import() as esbuild
 * compiles it for the real one (to require).
 */
function writeBundle(path: string, answer: number, text = 'ascii'): void {
  writeFileSync(
    path,
    `(function (exports, require, module, __filename, __dirname) { 'use strict';
const { basename } = require('node:path');
function compute() { return ${answer}; }
module.exports = {
  answer: compute(),
  filename: basename(__filename),
  text: ${JSON.stringify(text)},
  dynamic: Promise.resolve().then(() => require('node:path')).then((path) => path.sep),
};
})`,
  );
}

test('no cache: the bundle runs, and save() writes one that the next run uses', () => {
  const bundle = join(dir, 'a.cjs');
  const cache = join(dir, 'cache-a');
  writeBundle(bundle, 41);
  const first = load(bundle, cache);
  assert.deepEqual(first, {
    used: false,
    rejected: false,
    saved: true,
    exports: { answer: 41, filename: 'a.cjs', dynamic: '/', text: 'ascii' },
  });
  assert.equal(readdirSync(cache).length, 1);
  const second = load(bundle, cache);
  assert.equal(second.used, true);
  assert.equal(second.saved, false, 'a usable cache is not written again');
  assert.equal(second.exports.answer, 41);
});

test('a corrupt cache is refused by V8: the bundle still runs and save() replaces it', () => {
  const bundle = join(dir, 'b.cjs');
  const cache = join(dir, 'cache-b');
  writeBundle(bundle, 7);
  load(bundle, cache);
  const [file] = readdirSync(cache);
  assert.ok(file);
  writeFileSync(join(cache, file), Buffer.alloc(4096, 0xab));
  const corrupt = load(bundle, cache);
  assert.equal(corrupt.used, false);
  assert.equal(corrupt.rejected, true);
  assert.equal(corrupt.saved, true);
  assert.equal(corrupt.exports.answer, 7);
  assert.equal(load(bundle, cache).used, true);
});

test("a changed bundle never runs with the old bundle's cache, even at the same length", () => {
  const bundle = join(dir, 'c.cjs');
  const cache = join(dir, 'cache-c');
  writeBundle(bundle, 1);
  load(bundle, cache);
  writeBundle(bundle, 2);
  const changed = load(bundle, cache);
  assert.equal(changed.used, false);
  assert.equal(changed.rejected, false);
  assert.equal(changed.exports.answer, 2);
  assert.deepEqual(readdirSync(cache).length, 1, "the old bundle's cache is removed");
});

test('an unwritable cache directory: the bundle runs, save() gives up quietly', () => {
  const bundle = join(dir, 'd.cjs');
  writeBundle(bundle, 3);
  const notADirectory = join(dir, 'file');
  writeFileSync(notADirectory, '');
  const run = load(bundle, join(notADirectory, 'cache'));
  assert.equal(run.saved, false);
  assert.equal(run.exports.answer, 3);
});

test('a bundle that is not ASCII is read as UTF-8', () => {
  const bundle = join(dir, 'e.cjs');
  writeBundle(bundle, 5, 'Wärting ’');
  const cache = join(dir, 'cache-e');
  assert.equal(load(bundle, cache).exports.text, 'Wärting ’');
  const cached = load(bundle, cache);
  assert.equal(cached.used, true);
  assert.equal(cached.exports.text, 'Wärting ’');
});
