import { parseArgs } from 'node:util';
import { formatReport } from './report.ts';
import { runFuzz } from './run.ts';

/**
 * `npm run fuzz -- --requests N --seed S [--concurrency C]`: fuzzes every operation of a fresh
 * server (PGlite in memory, or the PostgreSQL of TEST_DATABASE_URL), prints the tables and every
 * failing request with its answer, and exits 1 if anything failed.
 */
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    concurrency: { type: 'string', default: '4' },
  },
});

const report = await runFuzz({
  requests: Number(values.requests),
  seed: Number(values.seed),
  concurrency: Number(values.concurrency),
  onProgress: (done, total) => {
    if (done % 1_000 === 0) process.stderr.write(`fuzz: ${done}/${total}\n`);
  },
});
process.stdout.write(`${formatReport(report)}\n`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
