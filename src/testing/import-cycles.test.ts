import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importCycles, importGraph } from './import-cycles.ts';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('import cycles', () => {
  const planted = mkdtempSync(join(tmpdir(), 'offpeak-cycles-'));
  after(() => rmSync(planted, { recursive: true, force: true }));
  const plant = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(planted, path)), { recursive: true });
      writeFileSync(join(planted, path), text);
    }
  };

  it('finds none in src', () => {
    const graph = importGraph(SRC);
    assert.ok(graph.size > 100, `read ${graph.size} files`);
    assert.ok((graph.get('core/tariffs/tariffs.ts') ?? []).includes('core/locations/locations.ts'));
    assert.deepEqual(importCycles(graph), []);
  });

  it('reports a planted cycle through type imports, re-exports and dynamic imports', () => {
    plant({
      'core/a.ts': "import type { B } from '../core/b.ts';\nexport type A = B;\n",
      'core/b.ts': "export { c } from './deep/c.ts';\nexport type B = number;\n",
      'core/deep/c.ts': "export const c = () => import('../a.ts');\n",
      'core/d.ts': "import { c } from './deep/c.ts';\nexport const d = c;\n",
      'core/self.ts': "import './self.ts';\n",
    });
    assert.deepEqual(importCycles(importGraph(planted)), [
      ['core/a.ts', 'core/b.ts', 'core/deep/c.ts'],
      ['core/self.ts'],
    ]);
  });
});
