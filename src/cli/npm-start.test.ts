import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNpmStart, readNpmStart } from '../../scripts/npm-start.mjs';

describe('npm start as the benchmarks and the bundle test read it', () => {
  it("splits this checkout's start script into its variables, Node's flags and the command", () => {
    const start = readNpmStart(new URL('../../', import.meta.url));
    // malloc's huge pages are a variable of the process, not a flag: only npm start sets them
    assert.deepEqual(start.env, { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
    assert.deepEqual(start.nodeArgs, ['--max-semi-space-size=64', '--v8-pool-size=1']);
    assert.deepEqual(start.command, ['bin/offpeak.js', 'serve']);
  });

  it('reads several assignments, a value holding "=", and a script without flags', () => {
    assert.deepEqual(parseNpmStart('  A=1 B_2=x=y:z  node  bin/x.js run '), {
      env: { A: '1', B_2: 'x=y:z' },
      nodeArgs: [],
      command: ['bin/x.js', 'run'],
    });
  });

  it('refuses what it would start wrongly: shell syntax, another program, no script', () => {
    for (const script of [
      'GLIBC_TUNABLES=$GLIBC_TUNABLES:x node bin/offpeak.js serve',
      'node "bin/offpeak.js" serve',
      'node bin/offpeak.js serve && echo done',
      'tsx src/cli/main.ts serve',
      'A=1 node --flag',
      '',
    ]) {
      assert.throws(() => parseNpmStart(script), /npm start/, script);
    }
  });
});
