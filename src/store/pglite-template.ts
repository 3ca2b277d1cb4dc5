// The pre-initialised PGlite data directory a new data directory starts from
// [decision:compiled-start]. `npm install` makes it (scripts/build.mjs runs `offpeak
// pglite-template`): initdb, every migration and the starting catalogue (the same rows for every
// install, no account's), and nothing else: no account, key or secret, which the first start
// makes. Copying it takes 0.1–0.6 s, with the disk; initdb took seconds and a second WASM instance
// of several hundred MB. The install also leaves a spare copy of it, which the first new data
// directory takes by renames instead of copying [decision:pglite-spare].
//
// It is used only when its stamp matches the installed PGlite, the migration sources and what
// the starting catalogue is made from (catalogue/ and its importers) as they are now, so an edited
// migration or catalogue never starts from an older one: a mismatched or missing template is
// ignored (PGlite runs initdb, the migrations run and the catalogue loads, as without one).
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  type Dirent,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processAlive } from './data-dir-lock.ts';

/** Where the template lives: dist/ of the checkout, beside the bundle (git ignores it). */
export const PGLITE_TEMPLATE_DIR = fileURLToPath(new URL('../../dist/pglite-template/', import.meta.url));
const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** The starting catalogue's files and the code that turns them into rows. */
const CATALOGUE_INPUTS = [
  fileURLToPath(new URL('../../catalogue/', import.meta.url)),
  fileURLToPath(new URL('../core/catalogue/', import.meta.url)),
];
const STAMP = 'offpeak-template.json';
/** Bumped when what the template holds changes other than through its inputs (2: no template databases). */
const TEMPLATE_FORMAT = 2;
/** PG_VERSION marks a directory as holding a cluster: it is copied last. */
const MARKER = 'PG_VERSION';

function pgliteVersion(): string {
  // the package exports no package.json: it is found beside dist/, where its entry points are
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/** The files under `dir` (recursively) that are not tests, by path from `dir`, sorted. */
function sourceFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) =>
      relative(dir, join(entry.parentPath ?? entry.path, entry.name))
        .split(sep)
        .join('/'),
    )
    .sort();
}

/**
 * A digest of what the template's contents depend on: PGlite's version, the migration files and
 * the starting catalogue's files and importers.
 */
export function templateFingerprint(): string {
  const hash = createHash('sha256').update(`format ${TEMPLATE_FORMAT}\npglite ${pgliteVersion()}\n`);
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort();
  for (const name of files) hash.update(`${name}\n`).update(readFileSync(join(MIGRATIONS_DIR, name)));
  for (const dir of CATALOGUE_INPUTS) {
    for (const name of sourceFiles(dir)) hash.update(`${name}\n`).update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
}

function stampOf(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as { fingerprint?: string }).fingerprint;
  } catch {
    return undefined;
  }
}

/** Whether the template is there and made from the current PGlite and migrations. */
export function templateCurrent(template: string = PGLITE_TEMPLATE_DIR): boolean {
  return stampOf(template) === templateFingerprint();
}

/**
 * Fills a data directory holding no cluster from the template, when a current one exists: by
 * moving the spare copy in, when there is one, else by copying the template. Answers whether it
 * did. A copy cut short (no PG_VERSION yet) is simply made again.
 */
export function seedFromTemplate(dataDir: string, template: string = PGLITE_TEMPLATE_DIR): boolean {
  if (existsSync(join(dataDir, MARKER)) || !templateCurrent(template)) return false;
  if (takeSpare(dataDir, template)) return true;
  copyTree(template, dataDir, (name) => name !== MARKER && name !== STAMP);
  copyFileSync(join(template, MARKER), join(dataDir, MARKER));
  return true;
}

/**
 * The spare: a whole copy of the template beside it, made by `npm install` (makeSpare), which the
 * first new data directory after it takes by renaming its top-level entries into place, a few
 * dozen renames instead of writing some 500 files [decision:pglite-spare]. One start takes it.
 */
export function spareOf(template: string = PGLITE_TEMPLATE_DIR): string {
  return `${template.replace(/[\\/]+$/, '')}.spare`;
}

/**
 * Moves a current spare's contents into `dataDir`, PG_VERSION last. Answers whether it did; on
 * any failure (none there, another start took it, a stale one, another file system) the caller
 * copies the template, over whatever was moved already (the same files).
 */
function takeSpare(dataDir: string, template: string): boolean {
  const claimed = `${spareOf(template)}.${process.pid}.claimed`;
  try {
    // atomic: of two starts at once, one gets it
    renameSync(spareOf(template), claimed);
  } catch {
    return false;
  }
  try {
    if (stampOf(claimed) !== stampOf(template) || !existsSync(join(claimed, MARKER))) return false;
    for (const name of readdirSync(claimed)) {
      if (name !== MARKER && name !== STAMP) renameSync(join(claimed, name), join(dataDir, name));
    }
    renameSync(join(claimed, MARKER), join(dataDir, MARKER));
    return true;
  } catch {
    return false;
  } finally {
    rmSync(claimed, { recursive: true, force: true });
  }
}

/**
 * Makes the spare from a current template unless a current one exists (`npm install`, through
 * `offpeak pglite-template`); first removes what a start or an install killed half-way left beside
 * it. Answers whether it made one.
 */
export function makeSpare(template: string = PGLITE_TEMPLATE_DIR): boolean {
  const spare = spareOf(template);
  removeLeftovers(spare);
  if (!templateCurrent(template)) return false;
  if (stampOf(spare) === stampOf(template) && existsSync(join(spare, MARKER))) return false;
  const draft = `${spare}.${process.pid}.tmp`;
  rmSync(draft, { recursive: true, force: true });
  try {
    copyTree(template, draft);
    rmSync(spare, { recursive: true, force: true });
    renameSync(draft, spare);
  } finally {
    rmSync(draft, { recursive: true, force: true });
  }
  return true;
}

/** Drafts and claimed spares (`<spare>.<pid>.tmp|claimed`) of processes that are gone. */
function removeLeftovers(spare: string): void {
  const prefix = `${basename(spare)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(spare));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^(\d+)\.(tmp|claimed)$/.exec(name.slice(prefix.length))?.[1];
    if (!name.startsWith(prefix) || pid === undefined || processAlive(Number(pid))) continue;
    rmSync(join(dirname(spare), name), { recursive: true, force: true });
  }
}

/**
 * Copies a directory tree file by file (about a thousand files): `cpSync` took up to twice as
 * long, checking each entry in more system calls than a copy needs.
 */
function copyTree(from: string, to: string, include: (name: string) => boolean = () => true): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (!include(entry.name)) continue;
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name));
    else copyFileSync(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * Rebuilds the template unless it is current: `prepare(draft)` makes a migrated cluster in an
 * empty directory, which then replaces the template whole. Answers whether it rebuilt.
 */
export async function refreshTemplate(
  prepare: (dir: string) => Promise<void>,
  template: string = PGLITE_TEMPLATE_DIR,
): Promise<boolean> {
  if (templateCurrent(template)) return false;
  const fingerprint = templateFingerprint();
  const draft = `${template.replace(/[\\/]+$/, '')}.${process.pid}.tmp`;
  rmSync(draft, { recursive: true, force: true });
  try {
    await prepare(draft);
    rmSync(join(draft, 'offpeak.lock'), { force: true });
    writeFileSync(join(draft, STAMP), `${JSON.stringify({ fingerprint })}\n`);
    rmSync(template, { recursive: true, force: true });
    renameSync(draft, template);
  } finally {
    rmSync(draft, { recursive: true, force: true });
  }
  return true;
}
