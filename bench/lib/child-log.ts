import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Where a benchmarked server writes its stdout and stderr: a file, not a pipe to the harness. A
 * pipe makes this process read and decode every request log line (about 2 MB/s at 7,000 req/s),
 * which took a tenth of a core beside the server being measured; the kernel appends to a file for
 * far less. The file's end explains a failed start.
 */
export interface ChildLog {
  /** The descriptor to pass as the child's stdout and stderr. */
  fd: number;
  /** The last `bytes` of what the child wrote. */
  tail(bytes?: number): string;
  /** Closes and removes the file. */
  remove(): Promise<void>;
}

export function openChildLog(name: string): ChildLog {
  const path = join(tmpdir(), `${name}-${process.pid}-${randomBytes(4).toString('hex')}.log`);
  const fd = openSync(path, 'w+');
  let closed = false;
  return {
    fd,
    tail(bytes = 8000) {
      if (closed) return '';
      const size = fstatSync(fd).size;
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      return buffer.toString('utf8');
    },
    async remove() {
      if (!closed) closeSync(fd);
      closed = true;
      await rm(path, { force: true });
    },
  };
}
