import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import type { BenchContext } from '../types.ts';
import { cpuBetween, snapshot, type CpuSnapshot } from './cpu.ts';

export interface ChildRun<R> {
  result: R;
  /** Cores the child used over its life, and cores everything else on the machine used meanwhile. */
  selfCores: number | undefined;
  otherCores: number | undefined;
  seconds: number;
}

/**
 * Runs `node <nodeArgs> --import tsx <script>` with `spec` as JSON on stdin; the child prints JSON
 * lines: `{"event":"log","message"}` (forwarded to ctx.log with `prefix`) and one
 * `{"event":"result",…}`, which is returned with the CPU the child and the rest of the machine used.
 */
export async function runJsonChild<R>(
  ctx: BenchContext,
  script: string,
  nodeArgs: readonly string[],
  spec: object,
  prefix: string,
): Promise<ChildRun<R>> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: ctx.root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const before: CpuSnapshot = snapshot(child.pid ?? 0);
  child.stdin.end(JSON.stringify(spec));
  let result: R | undefined;
  let after: CpuSnapshot | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    const message = JSON.parse(line) as { event: string; message?: string };
    if (message.event === 'log') ctx.log(`${prefix}: ${message.message ?? ''}`);
    if (message.event === 'result') {
      after = snapshot(child.pid ?? 0);
      const { event: _event, ...rest } = message;
      result = rest as R;
    }
  }
  const code = await exit;
  if (code !== 0 || !result || !after) throw new Error(`${script} failed (exit ${code}):\n${stderr}`);
  const cpu = cpuBetween(before, after);
  return {
    result,
    selfCores: cpu.serverCores,
    otherCores:
      cpu.machineBusy === undefined || cpu.serverCores === undefined
        ? undefined
        : cpu.machineBusy * availableParallelism() - cpu.serverCores,
    seconds: (performance.now() - started) / 1000,
  };
}
