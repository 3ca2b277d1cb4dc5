// Runs a CommonJS bundle with V8's code cache [decision:bundle-code-cache]: the functions V8
// compiled during an earlier start (the top level and those that ran by then) are read from a file
// instead of being parsed and compiled again. Node 20 has no compile cache of its own for modules
// (module.enableCompileCache is Node 22), so the bundle is compiled here as a vm.Script, which
// takes V8's cached data and can make it after the code has run.
//
// The bundle must not call import(): a script compiled from cached data cannot run one on Node 20
// (scripts/build.mjs has esbuild turn them into require()).
//
// The cache file is named after a digest of the bundle's text, of Node's version and of the flags
// V8 was started with: V8 itself checks only the length of the source, and refuses data made under
// other flags. Whatever goes wrong with the cache (missing, unreadable, refused by V8, not
// writable) only costs the time it would have saved: the bundle still runs, compiled from its text.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/**
 * The cache file for this bundle (its bytes) under this Node and these V8 flags: this process's,
 * or those a process started with `execArgv` would have (the install's warm-up start asks which
 * file `npm start` will read). NODE_OPTIONS counts too: it can carry V8 flags.
 */
export function cacheFileFor(cacheDir, bytes, execArgv = process.execArgv) {
  const key = createHash('sha256')
    .update(bytes)
    .update('\0')
    .update(`${process.version} ${process.arch}`)
    .update('\0')
    .update(execArgv.join(' '))
    .update('\0')
    .update(process.env.NODE_OPTIONS ?? '')
    .digest('hex')
    .slice(0, 32);
  return join(cacheDir, `${key}.v8`);
}

/**
 * Loads and runs the CommonJS code of `bundle`, a file whose text is the module wrapper function
 * (scripts/build.mjs writes it so), with the cached data in `cacheDir`, if any; returns
 * its exports, whether a cache was used or refused by V8, and a `save()` that writes the cache from the functions compiled so far (to
 * be called once the code has done the work worth caching). `save()` writes only when no usable
 * cache was found, replaces the other files of `cacheDir` (caches of older bundles or other flags
 * are not kept), and never throws.
 */
export function runWithCodeCache(bundle, cacheDir) {
  const bytes = readFileSync(bundle);
  // the build keeps the bundle ASCII, which is read as such without decoding UTF-8 (faster)
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cacheFile = cacheFileFor(cacheDir, bytes);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const script = new vm.Script(source, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const rejected = cachedData !== undefined && script.cachedDataRejected === true;
  const used = cachedData !== undefined && !rejected;
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  const run = script.runInThisContext();
  if (typeof run !== 'function') throw new Error(`${bundle} is not a bundle made by scripts/build.mjs`);
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;
  let saved = used;
  const save = () => {
    if (saved) return false;
    saved = true;
    try {
      const data = script.createCachedData();
      mkdirSync(cacheDir, { recursive: true });
      for (const name of readdirSync(cacheDir)) rmSync(join(cacheDir, name), { force: true });
      // renamed into place once complete: a concurrent start never reads half of one
      const draft = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(draft, data);
      renameSync(draft, cacheFile);
      return true;
    } catch {
      return false;
    }
  };
  return { exports: module.exports, used, rejected, cacheFile, save };
}
