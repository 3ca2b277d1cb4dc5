// `npm run test:crash`: no acknowledged write may be lost when the server is killed with SIGKILL.
// Options: --store pglite|postgres|both (both), --rounds N (3), --writers N (16), --seed N (random).
// PostgreSQL: a fresh database on 127.0.0.1:5432 (user postgres), or TEST_DATABASE_URL when set.
import { parseArgs } from 'node:util';
import { runCrashRounds, type RoundResult } from './crash-rounds.ts';
import { openCrashStore, type StoreKind } from './stores.ts';

/** Problems listed in full; the rest are counted. */
const SHOWN_PROBLEMS = 40;

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      store: { type: 'string', default: 'both' },
      rounds: { type: 'string' },
      writers: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const stores: StoreKind[] = values.store === 'both' ? ['pglite', 'postgres'] : [values.store as StoreKind];
  if (!stores.every((s) => s === 'pglite' || s === 'postgres')) {
    throw new Error(`--store must be pglite, postgres or both, got "${values.store}"`);
  }
  const options = {
    rounds: positive(values.rounds, 'rounds', 3),
    writers: positive(values.writers, 'writers', 16),
    seed: positive(values.seed, 'seed', 1 + Math.floor(Math.random() * 1e6)),
    killAfterMs: { min: 1000, max: 4000 },
    log,
  };
  log(`crash test: ${options.writers} writers, ${options.rounds} rounds per store, seed ${options.seed}`);

  let failed = false;
  for (const kind of stores) {
    const started = performance.now();
    const store = await openCrashStore(kind);
    log(`${kind}: ${store.description}`);
    let results: RoundResult[] = [];
    let error: unknown;
    try {
      results = await runCrashRounds(store, options);
    } catch (caught) {
      error = caught;
    }
    const problems = results.flatMap((r) => r.problems);
    const incomplete = error !== undefined || results.length < options.rounds;
    const kept = await store.dispose(problems.length > 0 || error !== undefined);
    const acknowledged = results.reduce((n, r) => n + r.acknowledged, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (error !== undefined) {
      failed = true;
      log(
        `${kind}: FAILED to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    if (problems.length > 0) {
      failed = true;
      log(
        `${kind}: FAILED: ${problems.length} problems (acknowledged writes missing or wrong, or valid writes refused):`,
      );
      for (const problem of problems.slice(0, SHOWN_PROBLEMS)) log(`  - ${problem}`);
      if (problems.length > SHOWN_PROBLEMS) log(`  … and ${problems.length - SHOWN_PROBLEMS} more`);
    } else if (!incomplete) {
      log(
        `${kind}: passed: ${results.length} kills, ${acknowledged} acknowledged writes, none lost (${seconds} s)`,
      );
    }
    if (kept) log(`${kind}: the data is kept at ${kept}`);
  }
  return failed ? 1 : 0;
}

// exit through process.exit, so that server-process.ts kills the servers still running
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
