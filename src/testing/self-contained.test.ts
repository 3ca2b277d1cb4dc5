import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  checkRepository,
  describeProblem,
  findProblems,
  type ProblemKind,
  type RepositoryFile,
} from './self-contained.ts';

// Planted references are assembled from pieces, so that this file itself stays clean.
const up = (times: number) => '../'.repeat(times);
const cite = (name: string) => ['[decision', `:${name}]`].join('');
const code = (letter: 'D' | 'Q', n: number) => `${letter}${n}`;
const DECISIONS: RepositoryFile = {
  path: 'docs/decisions.md',
  text: '# Decisions\n\n## Meters\n\n### tier-counter\n\nOne counter per month.\n',
};

/** The kinds of problem found in one planted file beside a valid decisions file. */
const kindsIn = (path: string, text: string): ProblemKind[] =>
  findProblems([DECISIONS, { path, text }]).map((p) => p.kind);

describe('self-contained check', () => {
  it('finds no problem when the real repository is checked', () => {
    const problems = checkRepository();
    assert.deepEqual(
      problems.map((p) => describeProblem(p)),
      [],
    );
  });

  it('reports an import that climbs above the root when a source file plants one', () => {
    assert.deepEqual(kindsIn('src/core/a.ts', `import { x } from '${up(3)}elsewhere/x.ts';`), [
      'climbs-above-root',
    ]);
    assert.deepEqual(kindsIn('src/a.ts', `const dir = new URL('${up(2)}data/', import.meta.url);`), [
      'climbs-above-root',
    ]);
  });

  it('reports a markdown link that climbs above the root even without a leading ./', () => {
    assert.deepEqual(kindsIn('docs/a.md', `See [the spec](spec/${up(3)}notes.md).`), ['climbs-above-root']);
    assert.deepEqual(kindsIn('README.md', `See [notes](${up(1)}notes.md).`), ['climbs-above-root']);
  });

  it('accepts relative paths when they stay inside the repository', () => {
    assert.deepEqual(kindsIn('src/core/a.ts', `import { x } from '${up(1)}lib/x.ts';\nimport './b.ts';`), []);
    assert.deepEqual(kindsIn('src/engine/README.md', `[decisions](${up(2)}docs/decisions.md)`), []);
    assert.deepEqual(kindsIn('docs/a.md', 'a URL https://example.com/a/../b and a/../b stay put'), []);
  });

  it('reports each outside marker when a file names the old shared folders', () => {
    const planted = [
      ['..', 'shared', 'x'].join('/'),
      ['spec', 'shared', 'spec', 'a.md'].join('/'),
      ['shared', 'data', 'b.json'].join('/'),
      ['', 'work', 'notes'].join('/'),
    ];
    for (const text of planted) assert.ok(kindsIn('bench/a.ts', `// ${text}`).includes('outside-path'), text);
    const specFile = ['tariffs-and-prices', 'md'].join('.');
    assert.deepEqual(kindsIn('src/engine/a.ts', `// as ${specFile} says`), ['outside-path']);
    assert.deepEqual(findProblems([DECISIONS, { path: `docs/${specFile}`, text: `see ${specFile}` }]), []);
    assert.ok(kindsIn('test/fixtures/x.json', planted[3]!).includes('outside-path'));
  });

  it('reports a citation when docs/decisions.md has no heading of its name', () => {
    assert.deepEqual(kindsIn('src/a.ts', `// ${cite('tier-counter')}`), []);
    assert.deepEqual(kindsIn('src/a.ts', `// ${cite('no-such-rule')}`), ['unknown-decision']);
    const link = (anchor: string) => `[x](decisions.md${'#'}${anchor})`;
    assert.deepEqual(kindsIn('docs/a.md', `${link('tier-counter')}, ${link('meters')}`), []);
    assert.deepEqual(kindsIn('docs/a.md', link('no-such-rule')), ['unknown-decision']);
  });

  it('reports old numbered codes and section numbers when they remain in prose', () => {
    assert.deepEqual(kindsIn('src/engine/a.ts', `// the rounding (${code('D', 12)})`), [
      'bare-decision-code',
    ]);
    assert.deepEqual(kindsIn('docs/a.md', `forecasts (${code('Q', 14)})`), ['bare-decision-code']);
    assert.deepEqual(kindsIn('bench/a.ts', `// ${['decision', '9'].join(' ')} precedence`), [
      'bare-decision-code',
    ]);
    assert.deepEqual(kindsIn('src/a.ts', `// as in ${String.fromCharCode(0xa7)}12.1`), [
      'bare-decision-code',
    ]);
    assert.deepEqual(kindsIn('test/fixtures/a.json', `{"tier": "${code('Q', 14)}"}`), []);
    assert.deepEqual(kindsIn('test/fixtures/README.md', 'charge type D03'), []);
  });

  it('reports decision headings when they repeat or are not kebab-case', () => {
    const decisions = {
      path: 'docs/decisions.md',
      text: '### tier-counter\n### tier-counter\n### Tier Counter\n',
    };
    assert.deepEqual(
      findProblems([decisions]).map((p) => [p.line, p.kind]),
      [
        [2, 'bad-decision-heading'],
        [3, 'bad-decision-heading'],
      ],
    );
  });
});

describe('self-contained check on a directory', () => {
  const plant = (root: string, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  };
  const inTemporary = (run: (root: string) => void) => {
    const root = mkdtempSync(join(tmpdir(), 'offpeak-self-contained-'));
    try {
      run(join(root, 'repo'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it('reports a planted reference and skips dependencies when the tree is not a git checkout', () => {
    inTemporary((root) => {
      plant(root, {
        'docs/decisions.md': DECISIONS.text,
        'src/a.ts': `import '${up(2)}outside.ts';\n`,
        'node_modules/dep/index.js': `require('${up(4)}x');\n`,
        '.offpeak/note.md': ['', 'work', ''].join('/'),
      });
      assert.deepEqual(
        checkRepository(root).map((p) => [p.file, p.kind]),
        [['src/a.ts', 'climbs-above-root']],
      );
    });
  });

  it('reports a symlink when it points outside the repository', () => {
    inTemporary((root) => {
      plant(root, { 'docs/decisions.md': DECISIONS.text });
      symlinkSync(join(up(2), 'elsewhere'), join(root, 'docs', 'linked'));
      assert.deepEqual(
        checkRepository(root).map((p) => [p.file, p.kind]),
        [['docs/linked', 'climbs-above-root']],
      );
    });
  });

  it('reads untracked files but not ignored ones when the tree is a git checkout', () => {
    inTemporary((root) => {
      plant(root, {
        '.gitignore': 'ignored/\n',
        'docs/decisions.md': DECISIONS.text,
        'docs/a.md': `${code('D', 10)}\n`,
        'ignored/b.md': `${code('D', 11)}\n`,
      });
      execFileSync('git', ['init', '-q'], { cwd: root });
      assert.deepEqual(
        checkRepository(root).map((p) => [p.file, p.kind, p.text]),
        [['docs/a.md', 'bare-decision-code', code('D', 10)]],
      );
    });
  });
});
