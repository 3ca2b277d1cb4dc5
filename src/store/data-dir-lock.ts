import { closeSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export class DataDirLockedError extends Error {}

const OWNER = /^(\d+)@(.+)$/;

/** Lock files this process holds, by absolute path. */
const held = new Set<string>();

/** Whether a process of this machine is running (EPERM: it is, someone else's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Creates the lock file whole or not at all: the owner is written to a file of this process's
 * own, which is then hard-linked into place. link() fails if the name exists, like O_EXCL, and a
 * process killed at any moment never leaves a lock file without its owner in it.
 */
function tryCreate(path: string, owner: string): boolean {
  const draft = `${path}.${process.pid}`;
  const fd = openSync(draft, 'w');
  try {
    writeSync(fd, owner);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return tryCreateExclusive(path, owner);
    throw error;
  } finally {
    unlinkIfPresent(draft);
  }
}

/** For file systems without hard links: O_EXCL, then the owner (a kill in between leaves it empty). */
function tryCreateExclusive(path: string, owner: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, owner);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Whether a lock file written by another process can be taken over. Not when it names a
 * process alive on this host, nor one on another host (its liveness cannot be seen from here).
 * A lock naming this process's own PID was left by an earlier process that had the same PID —
 * in a container restarted after a kill, the server often gets the same PID again — since the
 * locks this process holds are refused before this is asked. A lock without a readable owner
 * was left by a process killed while creating it the O_EXCL way (earlier versions, or a file
 * system without hard links), which writes the owner a moment after creating the file.
 */
function isStale(holder: string): boolean {
  const match = OWNER.exec(holder);
  if (!match) return true;
  const pid = Number(match[1]);
  if (match[2] !== hostname()) return false;
  return pid === process.pid || !processAlive(pid);
}

/**
 * PGlite does not lock its data directory, and two processes writing to one directory lose
 * data. This takes an exclusive lock file holding the owner's `pid@host`; a lock left by a
 * process that no longer runs on this host (killed, say) is taken over.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = resolve(join(dir, 'offpeak.lock'));
  if (held.has(path)) {
    throw new DataDirLockedError(`The data directory ${dir} is already open in this process.`);
  }
  const owner = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, owner)) {
      held.add(path);
      return () => {
        held.delete(path);
        try {
          if (readFileSync(path, 'utf8') === owner) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    }
    let holder: string;
    try {
      holder = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      throw error;
    }
    if (!isStale(holder)) {
      throw new DataDirLockedError(
        `The data directory ${dir} is in use by process ${holder}. PGlite allows one process per ` +
          `directory: stop that process, or administer it through its admin HTTP API.`,
      );
    }
    unlinkIfPresent(path);
  }
  throw new DataDirLockedError(`Could not lock the data directory ${dir}`);
}
