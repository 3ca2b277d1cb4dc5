import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

const root = mkdtempSync(join(tmpdir(), 'offpeak-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
/** A data directory of the test's own, with `lock` (if given) as a lock file left behind. */
function dataDir(lock?: string): string {
  const dir = join(root, `d${dirs++}`);
  if (lock !== undefined) {
    lockDataDir(dir)(); // creates the directory
    writeFileSync(join(dir, 'offpeak.lock'), lock);
  }
  return dir;
}

const lockOf = (dir: string) => readFileSync(join(dir, 'offpeak.lock'), 'utf8');

/** The PID of a process that has run and exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('lockDataDir', () => {
  it('writes this process as the owner and removes the lock on release when the directory is free', () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    assert.equal(lockOf(dir), `${process.pid}@${hostname()}`);
    assert.deepEqual(readdirSync(dir), ['offpeak.lock']);
    release();
    assert.equal(existsSync(join(dir, 'offpeak.lock')), false);
  });

  it('refuses a second lock when this process already holds the directory', () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    assert.throws(() => lockDataDir(dir), DataDirLockedError);
    release();
    lockDataDir(dir)();
  });

  it('refuses when the lock names a live process on this host', () => {
    const dir = dataDir(`${process.ppid}@${hostname()}`);
    assert.throws(
      () => lockDataDir(dir),
      (error: Error) => {
        assert.ok(error instanceof DataDirLockedError);
        assert.match(error.message, new RegExp(`in use by process ${process.ppid}@`));
        return true;
      },
    );
    assert.equal(lockOf(dir), `${process.ppid}@${hostname()}`);
  });

  it('refuses when the lock belongs to another host, whose processes it cannot see', () => {
    const dir = dataDir(`${deadPid()}@not-${hostname()}`);
    assert.throws(() => lockDataDir(dir), DataDirLockedError);
  });

  it('takes the lock over when the process that held it was killed', () => {
    const dir = dataDir(`${deadPid()}@${hostname()}`);
    const release = lockDataDir(dir);
    assert.equal(lockOf(dir), `${process.pid}@${hostname()}`);
    release();
  });

  it('takes the lock over when it names this process but was left by an earlier one with the same PID', () => {
    // a container restarted after a kill: the server is PID 1 (or 7…) again
    const dir = dataDir(`${process.pid}@${hostname()}`);
    const release = lockDataDir(dir);
    assert.equal(lockOf(dir), `${process.pid}@${hostname()}`);
    release();
  });

  it('takes the lock over when the lock file is empty, left by a process killed while creating it', () => {
    const dir = dataDir('');
    lockDataDir(dir)();
  });

  it('leaves a lock it does not own in place when released after another process took it over', () => {
    const dir = dataDir();
    const release = lockDataDir(dir);
    writeFileSync(join(dir, 'offpeak.lock'), `${process.ppid}@${hostname()}`);
    release();
    assert.equal(lockOf(dir), `${process.ppid}@${hostname()}`);
  });
});
