/**
 * The load generator, run as its own process so that it does not share an event loop (or a
 * core's worth of scheduling) with the orchestrator: `node --import tsx bench/load.ts`, with a
 * LoadSpec as JSON on stdin. It prints one JSON line per event on stdout:
 * `{"event":"start"}` when the warm-up is over and the measurement begins, then
 * `{"event":"result", …LoadResult}`.
 */
import autocannon from 'autocannon';
import { text } from 'node:stream/consumers';

export interface LoadSpec {
  url: string;
  /** GET unless given. */
  method?: 'GET' | 'POST';
  /** Sent as is with every request (set a content-type header with it). */
  body?: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  /** Mean of the per-second request counts, as autocannon reports it. */
  requestsPerSecond: number;
  total: number;
  /** Latencies in milliseconds (autocannon records whole milliseconds). */
  latency: { average: number; p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Mean response bytes per second (bodies and headers). */
  bytesPerSecond: number;
  /** CPU used by this process during the measurement, in cores. */
  loadCores: number;
}

function emit(value: object): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function main(): Promise<void> {
  const spec = JSON.parse(await text(process.stdin)) as LoadSpec;
  const base = {
    url: spec.url,
    headers: spec.headers,
    connections: spec.connections,
    pipelining: 1,
    ...(spec.method ? { method: spec.method } : {}),
    ...(spec.body === undefined ? {} : { body: spec.body }),
  };
  if (spec.warmupSeconds > 0) await autocannon({ ...base, duration: spec.warmupSeconds });
  emit({ event: 'start' });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({ ...base, duration: spec.durationSeconds });
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  const outcome: LoadResult = {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    latency: {
      average: result.latency.average,
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerSecond: result.throughput.average,
    loadCores: (used.user + used.system) / 1e6 / seconds,
  };
  emit({ event: 'result', ...outcome });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
