// The run-time build: what `npm start` and `offpeak` run instead of transpiling TypeScript at
// every start [decision:compiled-start].
//
// - dist/offpeak.cjs: src/cli/main.ts and everything it imports as one CommonJS file (esbuild, which
//   tsx already brings), npm packages included: resolving and loading hundreds of module files of
//   node_modules took longer than the rest of the start. A bundled package that finds files beside
//   its own code is pointed at the installed package's folder (the plugins below); the few left as
//   imports of node_modules are listed in EXTERNAL. CommonJS,
//   not an ES module, so that bin/offpeak.js can run it with V8's code cache
//   (scripts/code-cache.mjs, kept in dist/code-cache/) [decision:bundle-code-cache].
// - dist/pglite-template/: a PGlite cluster after initdb and the migrations (no account, key or
//   secret), copied into a new data directory instead of running initdb at first start
//   (src/store/pglite-template.ts), and dist/pglite-template.spare/, a copy of it that the first new
//   data directory takes by renames.
// - dist/code-cache/: V8's code cache of the bundle for `npm start`, made by one warm-up start
//   (warmCodeCache below), so that the first start does not compile the bundle either.
//
// `npm install`/`npm ci` build all three (the package's `prepare` script); bin/offpeak.js calls
// ensureBuilt() before every start, which rebuilds the bundle when a source file it was made from
// is newer than it, so an edited checkout never runs stale code.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheFileFor } from './code-cache.mjs';
import { readNpmStart } from './npm-start.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const BUNDLE = join(DIST, 'offpeak.cjs');
/**
 * V8's code cache of the bundle (scripts/code-cache.mjs): written by the install's warm-up start
 * (warmCodeCache below), or else by the first start after a build.
 */
export const CODE_CACHE = join(DIST, 'code-cache');
const MANIFEST = join(DIST, 'build.json');
const ENTRY = join(ROOT, 'src', 'cli', 'main.ts');

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Why the bundle must be rebuilt, or undefined when it is current: missing, made by another
 * version of this script, or older than one of the files it was made from (the manifest lists
 * them; a new file only enters the bundle through an edit of a file already listed).
 */
export function bundleStaleness() {
  const manifest = readJson(MANIFEST);
  if (!manifest || manifest.format !== FORMAT || !existsSync(BUNDLE)) return 'no build';
  const built = statSync(BUNDLE).mtimeMs;
  for (const input of manifest.inputs) {
    let mtime;
    try {
      mtime = statSync(join(ROOT, input)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (mtime > built) return `${input} changed`;
  }
  return undefined;
}

/** Bumped when the bundle's shape changes, so that an older build is redone. */
const FORMAT = 7;

/**
 * Packages loaded from node_modules at run time: ioredis names files by __dirname (its error
 * stacks) and is loaded only with REDIS_URL; `ws` and `pg-native` are optional packages of PGlite's
 * and pg's, never installed. The rest is bundled, so that it runs from the code cache (loading pino
 * and PGlite's module from node_modules took 25–30 ms each): the two swagger plugins (loaded file by
 * file with `yaml` they took a tenth of a second; swagger's package.json is only its fallback title
 * and version, which the options give; swagger-ui's folder is found through `swaggerUiDirs` below),
 * PGlite (its files are found through `pgliteFiles` below) and pino (Offpeak logs to stdout from
 * the main thread: pino's transports, which start workers from files beside its code, are not
 * used).
 */
const EXTERNAL = ['ioredis', 'ws', 'pg-native'];

/** npm rewrites its hidden lockfile on every install: a changed package rebuilds the bundle. */
const INSTALL_STAMPS = ['package-lock.json', 'node_modules/.package-lock.json'];

/**
 * Strict mode, as the ES modules the sources are (esbuild's own "use strict" comes after the
 * banner); the bundle's own file URL, which a source file's `import.meta.url` is resolved from;
 * require and require.resolve under names esbuild does not take for a module to bundle.
 */
const BANNER =
  "'use strict'; var offpeakBundleUrl = require('node:url').pathToFileURL(__filename).href," +
  ' offpeakRequire = require, offpeakResolve = require.resolve;';

/**
 * The bundle's text is one function expression, the CommonJS module wrapper as Node's loader
 * applies it, written around the code by the build: bin/offpeak.js compiles the file's text as it
 * is and calls the function, where joining the wrapper to 2.9 MB of text at every start made V8
 * copy all of it once more [decision:bundle-code-cache]. Node cannot run the file itself.
 */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_END = '\n})';

/**
 * esbuild plugin: a source file's `import.meta.url` keeps meaning that file (src/web reads its
 * templates beside itself, the catalogue is found from src/core/catalogue), not the bundle.
 */
const sourceUrls = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(DIST, args.path).split('\\').join('/');
      const url = `new URL(${JSON.stringify(rel)}, offpeakBundleUrl).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/**
 * esbuild plugin: @fastify/swagger-ui reads its logo and serves its static files from beside its
 * own code (`__dirname`); in the bundle that folder is the installed package's, resolved at run time.
 */
const swaggerUiDirs = {
  name: 'swagger-ui-dirs',
  setup(build) {
    build.onLoad({ filter: /[\\/]@fastify[\\/]swagger-ui[\\/](index|lib[\\/]routes)\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const root = "require('node:path').dirname(offpeakResolve('@fastify/swagger-ui'))";
      const dir = /index\.js$/.test(args.path) ? root : `require('node:path').join(${root}, 'lib')`;
      return { contents: text.replaceAll('__dirname', `(${dir})`), loader: 'js' };
    });
  },
};

/**
 * esbuild plugin: PGlite finds its WebAssembly, data and initdb files beside its own module, by
 * the module's file URL (`new URL('./pglite.wasm', url)`), which esbuild's CommonJS build of it
 * takes from `__filename`; in the bundle that URL is the installed package's, resolved at run time
 * [decision:compiled-start]. The build fails if PGlite no longer takes it so, or if it imports
 * anything but Node's own modules, so that an upgrade cannot send it looking for files in dist/.
 */
const pgliteFiles = {
  name: 'pglite-files',
  setup(build) {
    // its CommonJS build (an import would take the ES module one, whose `import.meta.url` a
    // CommonJS bundle cannot keep), which holds all of it in one file
    build.onResolve({ filter: /^@electric-sql\/pglite$/ }, () => ({
      path: createRequire(import.meta.url).resolve('@electric-sql/pglite'),
    }));
    build.onLoad({ filter: /[\\/]@electric-sql[\\/]pglite[\\/]dist[\\/]index\.cjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const own = 'new URL(`file:${__filename}`).href';
      if (text.split(own).length !== 2)
        throw new Error(`${args.path}: its own file URL not found once; see scripts/build.mjs`);
      const installed = "require('node:url').pathToFileURL(offpeakResolve('@electric-sql/pglite')).href";
      // Its import() calls (of Node's own modules) would become require() calls, which Emscripten's
      // code runs where it has declared a `require` of its own, not yet set; they take the bundle's.
      const imports = /\bimport\(("[^"]*")\)/g;
      for (const [, name] of text.matchAll(imports))
        if (!isBuiltin(JSON.parse(name)))
          throw new Error(
            `${args.path}: import(${name}) is not of a module of Node's; see scripts/build.mjs`,
          );
      return {
        contents: text.replace(own, installed).replace(imports, 'Promise.resolve(offpeakRequire($1))'),
        loader: 'js',
      };
    });
  },
};

/**
 * esbuild plugin: `pg` asks whether it runs in a Cloudflare Worker when it is loaded, by making a
 * fetch `Response`, which loads Node's whole fetch implementation (undici) at every start, for
 * nothing: this server runs on Node [decision:bundle-code-cache].
 */
const pgOnNode = {
  name: 'pg-on-node',
  setup(build) {
    build.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const probe = 'function isCloudflareRuntime() {';
      if (!text.includes(probe)) return undefined;
      return { contents: text.replace(probe, `${probe}\n  return false;`), loader: 'js' };
    });
  },
};

/**
 * esbuild plugin: Fastify's server module loads `node:http2` and `node:https` when it is loaded,
 * for the servers it makes only when given the `http2` or `https` option, which Offpeak never
 * gives; loading them (http2 above all) cost 15–20 ms of every start. They are loaded when first
 * used instead [decision:bundle-code-cache].
 */
const fastifyLazyServers = {
  name: 'fastify-lazy-servers',
  setup(build) {
    build.onLoad({ filter: /[\\/]fastify[\\/]lib[\\/]server\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = ["const https = require('node:https')\n", "const http2 = require('node:http2')\n"];
      if (!eager.every((line) => text.includes(line))) return undefined;
      const lazy =
        "const https = { createServer: (...args) => require('node:https').createServer(...args) }\n" +
        'const http2 = {\n' +
        "  createServer: (...args) => require('node:http2').createServer(...args),\n" +
        "  createSecureServer: (...args) => require('node:http2').createSecureServer(...args)\n" +
        '}\n';
      return { contents: text.replace(eager[0], '').replace(eager[1], lazy), loader: 'js' };
    });
  },
};

/**
 * esbuild plugin: `pg` copies every query object it is handed (so that it can add to the copy) by
 * recreating it from `Object.getOwnPropertyDescriptors`, which V8 does slowly and leaves the copy
 * in dictionary mode; on the customer list that was 1–1.5% of a request's server time. Offpeak
 * hands it object literals (`{ name, text, values }`, src/store/database.ts), for which a spread
 * is the same copy, so plain objects are spread and anything else still goes the long way
 * [decision:list-request-cpu]. The build fails if `pg` no longer has the function, so an upgrade
 * cannot drop the change silently.
 */
const pgPlainQueryCopy = {
  name: 'pg-plain-query-copy',
  setup(build) {
    build.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]utils\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const head = 'function cloneQueryConfig(config) {\n';
      if (!text.includes(head))
        throw new Error(`${args.path}: cloneQueryConfig not found; see scripts/build.mjs`);
      const plain =
        '  if (config != null && Object.getPrototypeOf(config) === Object.prototype) return { ...config }\n';
      return { contents: text.replace(head, head + plain), loader: 'js' };
    });
  },
};

/** Bundles src/cli/main.ts into dist/offpeak.cjs (0.5–1 s). */
export async function buildBundle() {
  const { build } = await import('esbuild');
  mkdirSync(DIST, { recursive: true });
  const result = await build({
    entryPoints: [ENTRY],
    outfile: BUNDLE,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // import() becomes require(): a script compiled from V8's code cache has lost what Node needs
    // to run an import() (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING) [decision:bundle-code-cache]
    supported: { 'dynamic-import': false },
    external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
    banner: { js: WRAPPER_START + BANNER },
    footer: { js: WRAPPER_END },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    // a third smaller (names kept): less for Node to read and parse at every start
    minifyWhitespace: true,
    minifySyntax: true,
    // The licence comments go to dist/offpeak.cjs.LEGAL.txt: one of them is not ASCII, and one
    // character outside ASCII makes V8 hold the whole text in two bytes a character.
    legalComments: 'external',
    plugins: [sourceUrls, swaggerUiDirs, pgliteFiles, pgOnNode, pgPlainQueryCopy, fastifyLazyServers],
  });
  // the code cache of the bundle before, and the ES module bundle of builds before this format
  rmSync(CODE_CACHE, { recursive: true, force: true });
  for (const old of ['offpeak.mjs', 'offpeak.mjs.map']) rmSync(join(DIST, old), { force: true });
  // each file is renamed into place only once complete: a concurrent start never reads half of one
  for (const file of result.outputFiles) {
    const draft = `${file.path}.${process.pid}.tmp`;
    writeFileSync(draft, file.contents);
    renameSync(draft, file.path);
  }
  // the sources by name; packages through the install stamps (node_modules may be a link elsewhere)
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.split('/').includes('node_modules'))
    .map((input) => relative(ROOT, join(process.cwd(), input)).split('\\').join('/'))
    .concat(INSTALL_STAMPS.filter((stamp) => existsSync(join(ROOT, stamp))));
  writeFileSync(MANIFEST, `${JSON.stringify({ format: FORMAT, inputs }, null, 1)}\n`);
}

/**
 * Makes dist/pglite-template through the bundle (`offpeak pglite-template`, run by bin/offpeak.js),
 * which keeps it as it is when it matches the installed PGlite and the migrations, and else
 * rebuilds it (seconds), and makes its spare copy when there is none [decision:pglite-spare].
 * Answers which of the two it made.
 */
export function buildTemplate() {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'offpeak.js'), 'pglite-template'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`offpeak pglite-template failed (${result.status ?? result.signal})`);
  const made = JSON.parse(result.stdout);
  return { rebuilt: made.rebuilt === true, spare: made.spare === true };
}

/** The warm-up gives up (and the first real start writes the cache instead) after this long. */
const DEADLINE_MS = 60_000;
/** The variables of the server's own configuration, left out so that the warm-up runs on defaults. */
const SERVER_SETTINGS = /^(OFFPEAK_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$|ENTSOE_)/;

/**
 * The install's warm-up start [decision:bundle-code-cache]: makes the code cache `npm start` will
 * read, unless it exists, so that a new user's first start already runs from V8's compiled code, as
 * every later start does, instead of parsing and compiling the bundle and PGlite's glue while they
 * wait. The cache holds no data, only V8's compiled functions of the bundle's text for this Node and
 * these flags. It starts the server as package.json's `start` script does (scripts/npm-start.mjs),
 * on a throw-away PGlite data directory and default settings, waits for its first-start lines,
 * requests `/health` and `/login` with the key it printed, waits until the server has written the
 * cache (3 s after listening, src/cli/serve.ts), and stops it. Answers whether it made one; throws
 * when the start fails.
 */
export async function warmCodeCache() {
  // the cache is named after the bundle's bytes: a stale bundle would be rebuilt by the start
  await ensureBuilt();
  const start = readNpmStart(pathToFileURL(join(ROOT, '/')));
  if (start.command.join(' ') !== 'bin/offpeak.js serve')
    throw new Error(`npm start runs "${start.command.join(' ')}", not bin/offpeak.js serve`);
  const cacheFile = cacheFileFor(CODE_CACHE, readFileSync(BUNDLE), start.nodeArgs);
  if (existsSync(cacheFile)) return false;

  const dataDir = mkdtempSync(join(tmpdir(), 'offpeak-warm-start-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SERVER_SETTINGS.test(name)));
  Object.assign(env, start.env, {
    OFFPEAK_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
  const child = spawn(process.execPath, [...start.nodeArgs, ...start.command], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => void (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk) => void (output = (output + chunk.toString('utf8')).slice(-8000)));
  const deadline = Date.now() + DEADLINE_MS;
  const alive = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server stopped (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`no code cache within ${DEADLINE_MS / 1000} s:\n${output}`);
  };
  try {
    let login;
    while (!(login = /curl -u (\S+) (http:\/\/\S+\/login)/.exec(output))) {
      alive();
      await sleep(20);
    }
    const [, credentials, loginUrl] = login;
    const health = await fetch(new URL('/health', loginUrl));
    await health.arrayBuffer();
    const reply = await fetch(loginUrl, {
      headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
    });
    await reply.arrayBuffer();
    if (health.status !== 200 || reply.status !== 200)
      throw new Error(`/health answered ${health.status}, /login ${reply.status}`);
    while (!existsSync(cacheFile)) {
      alive();
      await sleep(50);
    }
    return true;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes sure dist/ is current; builds what is missing or stale. Only the bundle is needed to
 * start: without a template the server runs initdb itself, as before.
 */
export async function ensureBuilt({ log = () => {}, template = false } = {}) {
  const stale = bundleStaleness();
  if (stale) {
    log(`building dist/offpeak.cjs (${stale})`);
    await buildBundle();
  }
  if (!template) return;
  try {
    const made = buildTemplate();
    if (made.rebuilt) log('built dist/pglite-template (initdb and the migrations)');
    if (made.spare) log('made dist/pglite-template.spare (the next new data directory takes it)');
  } catch (error) {
    // not fatal: without a template a new data directory is initialised by PGlite, as before
    log(`no PGlite template: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// `node scripts/build.mjs [--force]`: the `prepare` script.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const force = process.argv.includes('--force');
  const log = (message) => process.stderr.write(`offpeak build: ${message}\n`);
  if (force) await buildBundle();
  await ensureBuilt({ log, template: true });
  try {
    if (await warmCodeCache()) log('made the code cache npm start reads (one warm-up start)');
  } catch (error) {
    // not fatal: the first start compiles the bundle and writes the cache itself, as before
    log(`no code cache yet: ${error instanceof Error ? error.message : String(error)}`);
  }
  // the warm-up start took the template's spare copy: the next new data directory gets another
  await ensureBuilt({ log, template: true });
}
