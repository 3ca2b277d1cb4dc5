import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite does not lock its data directory, and two processes writing to one directory lose
 * data. This takes an exclusive lock file (created atomically with O_EXCL) holding the owner's
 * PID; a lock left by a process that no longer runs on this host is taken over.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'offpeak.lock');
  const owner = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, owner);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8') === owner) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readFileSync(path, 'utf8');
      const [pid, host] = holder.split('@');
      const stale = host === hostname() && !processAlive(Number(pid));
      if (!stale) {
        throw new DataDirLockedError(
          `The data directory ${dir} is in use by process ${holder}. PGlite allows one process per ` +
            `directory: stop that process, or administer it through its admin HTTP API.`,
        );
      }
      unlinkSync(path);
    }
  }
  throw new DataDirLockedError(`Could not lock the data directory ${dir}`);
}
