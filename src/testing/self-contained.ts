// The repository stands alone: a clone with nothing beside it must build, test and read
// completely. This finds the references that break that (paths that leave the repository,
// decision citations that docs/decisions.md cannot resolve, the old numbered codes of a
// specification that is not part of the repository); self-contained.test.ts runs it in `npm test`.
//
// The patterns are assembled from pieces so that this file and its test do not match themselves.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ProblemKind =
  | 'outside-path' // names a place outside the repository (the old shared folder, a work path, a spec file)
  | 'climbs-above-root' // a relative path or symlink that resolves above the repository root
  | 'unknown-decision' // a decision citation with no heading in docs/decisions.md
  | 'bare-decision-code' // an old numbered decision or open-question code, or a spec section number
  | 'bad-decision-heading'; // a decision heading that is not kebab-case or not unique

export interface RepositoryFile {
  /** Relative to the repository root, '/'-separated. */
  readonly path: string;
  readonly text: string;
  /** Where a symlink points, as stored in it; absent for a regular file. */
  readonly linkTarget?: string;
}

export interface Problem {
  readonly file: string;
  /** 1-based; 0 for the file as a whole. */
  readonly line: number;
  readonly kind: ProblemKind;
  readonly text: string;
}

export const DECISIONS_FILE = 'docs/decisions.md';

/** The repository this file belongs to. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const OUTSIDE_MARKERS = [
  ['..', 'shared'].join('/'),
  ['shared', 'spec'].join('/'),
  ['shared', 'data'].join('/'),
  ['', 'work', ''].join('/'),
];
/** A path token that starts relative (`./`, `../`): import specifiers, URLs built from
 * import.meta.url, shell arguments, link targets. Not preceded by a path character, so the
 * tail of `a/../b` or of a URL is not read as a token of its own. */
const RELATIVE_TOKEN = /(?<![\w.\/@~-])(?:\.{1,2}\/)+[^\s'"`()<>[\]{},;|]*/g;
/** Markdown link and image targets, which may climb without starting with `./`. */
const LINK_TARGET = /\]\(([^)\s]+)\)/g;
const CITATION = new RegExp(['\\[', 'decision:([^\\]\\s]*)\\]'].join(''), 'g');
const DECISIONS_ANCHOR = /decisions\.md#([\w-]*)/g;
/** The old codes: D or Q and a number without a leading zero (`D03` is a charge type), the word
 * decision and a number, a section sign and a number. */
const BARE_CODES = [/\b[DQ][1-9]\d?\b/g, /\bdecisions? \d/gi, /\u00a7\s*\d/g];
/** The specification files the old codes pointed into; they are not part of the repository. */
const SPEC_FILES = ['platform', 'tariffs-and-prices', 'costs-meters-schedules', 'seed-list-customers'].map(
  (name) => `${name}.md`,
);
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Where prose and comments live; the fixtures' data keep their upstream bytes. */
const PROSE = /^(?:src|bench|docs)\/.*\.(?:ts|js|md)$|^[^/]+\.md$|^test\/.*\.md$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.offpeak']);

/** Every problem of a repository given as files; `DECISIONS_FILE` among them names the decisions. */
export function findProblems(files: readonly RepositoryFile[]): Problem[] {
  const decisions = files.find((f) => f.path === DECISIONS_FILE);
  const headings = decisions ? headingsOf(decisions.text) : { names: [], anchors: [] };
  const names = new Set(headings.names);
  const anchors = new Set([...headings.names, ...headings.anchors]);
  const present = new Set(files.map((f) => posix.basename(f.path)));
  const outside = [...OUTSIDE_MARKERS, ...SPEC_FILES.filter((name) => !present.has(name))];
  const problems: Problem[] = [];
  if (decisions) problems.push(...headingProblems(decisions.path, decisions.text));
  for (const file of files) {
    if (file.linkTarget !== undefined) {
      if (climbs(file.path, file.linkTarget) || file.linkTarget.startsWith('/'))
        problems.push({ file: file.path, line: 0, kind: 'climbs-above-root', text: file.linkTarget });
      continue;
    }
    const prose = PROSE.test(file.path);
    file.text.split('\n').forEach((content, i) => {
      const at = (kind: ProblemKind, text: string) =>
        problems.push({ file: file.path, line: i + 1, kind, text });
      for (const marker of outside) if (content.includes(marker)) at('outside-path', marker);
      const targets = [...matches(content, RELATIVE_TOKEN, 0), ...matches(content, LINK_TARGET, 1)];
      for (const target of new Set(targets)) if (climbs(file.path, target)) at('climbs-above-root', target);
      for (const name of matches(content, CITATION, 1)) if (!names.has(name)) at('unknown-decision', name);
      if (!prose) return;
      for (const anchor of matches(content, DECISIONS_ANCHOR, 1))
        if (!anchors.has(anchor)) at('unknown-decision', anchor);
      for (const pattern of BARE_CODES)
        for (const code of matches(content, pattern, 0)) at('bare-decision-code', code);
    });
  }
  return problems;
}

/** `###` headings are decisions (their text is the name); every heading gives an anchor. */
function headingsOf(text: string): { names: string[]; anchors: string[] } {
  const names: string[] = [];
  const anchors: string[] = [];
  for (const line of text.split('\n')) {
    const heading = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (!heading) continue;
    if (heading[1] === '###') names.push(heading[2]!);
    anchors.push(slug(heading[2]!));
  }
  return { names, anchors };
}

/** Lists and reads the repository under `root`: what git tracks or would track (untracked files
 * that are not ignored), or, outside a git checkout, every file but the skipped directories. */
export function readRepository(root: string): RepositoryFile[] {
  return listFiles(root).flatMap((path): RepositoryFile[] => {
    const full = join(root, path);
    if (isSymlink(full)) return [{ path, text: '', linkTarget: readlinkSync(full) }];
    if (!existsSync(full)) return []; // tracked, deleted in the worktree
    const bytes = readFileSync(full);
    if (bytes.subarray(0, 8000).includes(0)) return []; // binary
    return [{ path, text: bytes.toString('utf8') }];
  });
}

export function checkRepository(root: string = REPOSITORY_ROOT): Problem[] {
  return findProblems(readRepository(root));
}

function listFiles(root: string): string[] {
  if (existsSync(join(root, '.git'))) {
    try {
      const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      return [...new Set(out.split('\0').filter((p) => p !== ''))].sort();
    } catch {
      // no git on this machine: read the tree as if it were not a checkout
    }
  }
  return walk(root, root).sort();
}

function walk(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : walk(root, full);
    return entry.isFile() || entry.isSymbolicLink() ? [relative(root, full).split(sep).join('/')] : [];
  });
}

function headingProblems(path: string, text: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const name = /^###\s+(.*?)\s*$/.exec(line)?.[1];
    if (name === undefined) return;
    if (!KEBAB.test(name) || seen.has(name))
      problems.push({ file: path, line: i + 1, kind: 'bad-decision-heading', text: name });
    seen.add(name);
  });
  return problems;
}

/** True when `target`, read relative to the directory of `file`, resolves above the root. */
function climbs(file: string, target: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/') || target.startsWith('#')) return false;
  const path = target.split(/[?#]/)[0]!;
  return posix.normalize(posix.join(posix.dirname(file), path)).split('/')[0] === '..';
}

function matches(line: string, pattern: RegExp, group: number): string[] {
  return [...line.matchAll(pattern)].map((m) => m[group] ?? '');
}

function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
}

function isSymlink(full: string): boolean {
  try {
    return lstatSync(full).isSymbolicLink();
  } catch {
    return false;
  }
}

/** One line per problem, `file:line kind: text`, for an assertion message. */
export function describeProblem(problem: Problem): string {
  return `${problem.file}:${problem.line} ${problem.kind}: ${problem.text}`;
}
