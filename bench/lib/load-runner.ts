import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LoadResult, LoadSpec } from '../load.ts';
import { cpuBetween, snapshot, type CpuSnapshot, type CpuUse } from './cpu.ts';

export type Measurement = LoadResult & { cpu: CpuUse };

/**
 * Runs bench/load.ts in a child process against a server and returns its result together with
 * the CPU the server, PostgreSQL and the whole machine used during the measured seconds.
 */
export async function runLoad(
  root: string,
  spec: LoadSpec,
  watch: { serverPid: number; postgresDatabase?: string | undefined },
): Promise<Measurement> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The spec (with its bearer token) goes through stdin, not argv, so it is not visible in `ps`.
  child.stdin.end(JSON.stringify(spec));

  let start: CpuSnapshot | undefined;
  let result: Measurement | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    const message = JSON.parse(line) as { event: string } & LoadResult;
    if (message.event === 'start') start = snapshot(watch.serverPid, watch.postgresDatabase);
    if (message.event === 'result') {
      const end = snapshot(watch.serverPid, watch.postgresDatabase);
      const { event: _event, ...load } = message;
      result = { ...load, cpu: start ? cpuBetween(start, end) : cpuBetween(end, end) };
    }
  }
  const code = await exit;
  if (code !== 0 || !result) throw new Error(`the load generator failed (exit ${code}):\n${stderr}`);
  return result;
}
