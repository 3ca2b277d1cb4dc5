/**
 * The contract between bench/run.ts and the benchmark modules it runs. A module measures one
 * thing (the HTTP list endpoints, later the tariff engine, …), prints progress through `log`,
 * and hands back a markdown section plus the targets it was held to. run.ts prints the
 * targets as PASS/MISS and writes every section to docs/benchmarks.md.
 */
export interface BenchOptions {
  /** Seconds measured per scenario. */
  durationSeconds: number;
  /** Seconds of load before each measurement, not counted. */
  warmupSeconds: number;
  /** Concurrent HTTP connections of the load generator. */
  connections: number;
  /** Customers seeded before the list scenarios. */
  customers: number;
  /** Which stores to run the HTTP scenarios on. */
  backends: Backend[];
  /** Admin URL of a PostgreSQL server; the bench creates and drops its own database there. */
  postgresUrl: string;
  /** Run ANALYZE on the PostgreSQL database after seeding (the steady state autovacuum gives). */
  analyze: boolean;
  /** Measured runs per in-process timing set (engine module), after a warm-up. */
  iterations: number;
  /** Measured runs of the naive expansion over a whole year, when one is predicted to take ≤ ~10 s. */
  naiveYearRuns: number;
  /** The tariff of the prices module: the test-mode market tariff when it can be priced (auto). */
  pricesTariff: 'auto' | 'market' | 'tou';
  /** Server processes on PostgreSQL (OFFPEAK_WORKERS); PGlite servers always run one. */
  workers: number;
  /** Alternating rounds of Offpeak and Prism per store and page (http module). */
  rounds: number;
}

export type Backend = 'pglite' | 'postgres';

export interface BenchContext {
  options: BenchOptions;
  /** The repository root: the server is started from here. */
  root: string;
  log(message: string): void;
}

export interface Check {
  /** What is compared, e.g. "PostgreSQL first page: ≥ 5,000 req/s". */
  name: string;
  /** The measured value, formatted, e.g. "6,120 req/s, p99 9 ms". */
  actual: string;
  pass: boolean;
}

export interface BenchReport {
  /** Markdown for docs/benchmarks.md, without the run heading (run.ts adds it). */
  markdown: string;
  checks: Check[];
}

export interface BenchModule {
  /** The name used with `--only`. */
  name: string;
  summary: string;
  run(ctx: BenchContext): Promise<BenchReport>;
}
