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
  /**
   * Latencies in milliseconds of the measured 2xx responses, each as autocannon times it (to the
   * microsecond), not autocannon's own histogram, which keeps whole milliseconds: at the list's 2–6
   * ms that moved a p99 by up to a fifth, and the faster side of a comparison the most.
   */
  latency: { average: number; p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Mean response bytes per second (bodies and headers). */
  bytesPerSecond: number;
  /** CPU used by this process during the measurement, in cores. */
  loadCores: number;
}

/** One autocannon run, with the latency of every 2xx response as its `response` event gives it. */
function measure(options: autocannon.Options): Promise<{ result: autocannon.Result; latencies: number[] }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) =>
      error
        ? reject(error instanceof Error ? error : new Error(String(error)))
        : resolve({ result, latencies }),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
      // as autocannon's own histogram: 2xx only
      if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
    });
  });
}

/** Mean, nearest-rank percentiles and maximum of the latencies (NaN for none). */
function latencyOf(latencies: number[]): LoadResult['latency'] {
  const sorted = Float64Array.from(latencies).sort();
  const rank = (q: number) =>
    sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    average: sorted.length === 0 ? NaN : sum / sorted.length,
    p50: rank(0.5),
    p97_5: rank(0.975),
    p99: rank(0.99),
    max: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
  };
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
  const { result, latencies } = await measure({ ...base, duration: spec.durationSeconds });
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  const outcome: LoadResult = {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    latency: latencyOf(latencies),
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
