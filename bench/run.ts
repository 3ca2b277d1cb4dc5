/**
 * `npm run bench [-- flags]`: runs the registered benchmark modules, prints each target as
 * PASS/MISS and appends the results, with the machine and date, to docs/benchmarks.md.
 *
 * A new benchmark is a module exporting a BenchModule (see bench/types.ts), added to MODULES.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { engineCosts } from './engine-costs.ts';
import { engineExpand } from './engine-expand.ts';
import { engineSchedules } from './engine-schedules.ts';
import { httpCosts } from './http-costs.ts';
import { httpCustomers } from './http-customers.ts';
import { httpPrices } from './http-prices.ts';
import { httpSchedules } from './http-schedules.ts';
import { startup } from './startup.ts';
import { webhooks } from './webhooks.ts';
import { backgroundBusy } from './lib/cpu.ts';
import { describeMachine, machineLine } from './lib/machine.ts';
import { appendReport } from './lib/report.ts';
import type { Backend, BenchModule, BenchOptions, Check } from './types.ts';

const MODULES: BenchModule[] = [
  httpCustomers,
  httpPrices,
  httpCosts,
  httpSchedules,
  engineExpand,
  engineCosts,
  engineSchedules,
  webhooks,
  startup,
];

/** The share of the machine other work may use before a run is flagged as disturbed. */
const QUIET = 0.15;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = join(ROOT, 'docs', 'benchmarks.md');

const USAGE = `Usage: npm run bench -- [flags]

  --only <names>         comma-separated modules to run (default: all): ${MODULES.map((m) => m.name).join(', ')}
  --list                 list the modules and exit
  --backends <list>      stores for the HTTP modules: pglite,postgres (default: both)
  --postgres-url <url>   admin URL of PostgreSQL; a scratch database is created and dropped
                         (default: $BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --no-analyze           skip ANALYZE on PostgreSQL after seeding (measure without planner statistics)
  --duration <s>         measured seconds per scenario (default 10)
  --warmup <s>           warm-up seconds before each scenario (default 2)
  --connections <n>      concurrent connections (default 32)
  --customers <n>        customers to seed (default 10000)
  --iterations <n>       measured runs per engine timing set, after a warm-up (default 50;
                         engine-expand and engine-costs)
  --naive-year-runs <n>  full-year runs of the naive engine scan when one takes ≤ ~10 s (default 3;
                         0: scale the 14-day timing to a year only)
  --prices-tariff <t>    tariff of the http-prices module: auto (default: the test-mode market
                         tariff if /prices can price it, plus the complex ToU tariff as a
                         comparison row; else the ToU tariff alone), market, tou
  --workers <n>          server processes on PostgreSQL (OFFPEAK_WORKERS; default 1; PGlite: 1)
  --rounds <n>           alternating rounds of Offpeak and Prism per store and page (http; default 3)
  --wait-quiet <s>       wait up to this long for other work on the machine to finish (default 0)
  --no-write             print results only; leave docs/benchmarks.md alone
  --strict               exit with status 2 when a target is missed`;

class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  return value;
}

function pricesTariff(raw: string | undefined): BenchOptions['pricesTariff'] {
  if (raw === undefined) return 'auto';
  if (raw === 'auto' || raw === 'market' || raw === 'tou') return raw;
  throw new UsageError(`--prices-tariff must be auto, market or tou, got "${raw}"`);
}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        only: { type: 'string' },
        list: { type: 'boolean' },
        backends: { type: 'string' },
        'postgres-url': { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        customers: { type: 'string' },
        iterations: { type: 'string' },
        'naive-year-runs': { type: 'string' },
        'prices-tariff': { type: 'string' },
        workers: { type: 'string' },
        rounds: { type: 'string' },
        'no-write': { type: 'boolean' },
        'wait-quiet': { type: 'string' },
        'no-analyze': { type: 'boolean' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const backends = (values.backends ?? 'pglite,postgres').split(',').map((b) => b.trim()) as Backend[];
  for (const backend of backends) {
    if (backend !== 'pglite' && backend !== 'postgres') throw new UsageError(`unknown backend "${backend}"`);
  }
  const options: BenchOptions = {
    durationSeconds: Math.max(1, positiveInt('duration', values.duration, 10)),
    warmupSeconds: positiveInt('warmup', values.warmup, 2),
    connections: Math.max(1, positiveInt('connections', values.connections, 32)),
    customers: Math.max(1000, positiveInt('customers', values.customers, 10_000)),
    backends,
    postgresUrl:
      values['postgres-url'] ??
      process.env.BENCH_POSTGRES_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    analyze: !values['no-analyze'],
    iterations: Math.max(5, positiveInt('iterations', values.iterations, 50)),
    naiveYearRuns: positiveInt('naive-year-runs', values['naive-year-runs'], 3),
    pricesTariff: pricesTariff(values['prices-tariff']),
    workers: Math.max(1, positiveInt('workers', values.workers, 1)),
    rounds: Math.max(1, positiveInt('rounds', values.rounds, 3)),
  };
  const names = values.only
    ?.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names?.filter((n) => !MODULES.some((m) => m.name === n)) ?? [];
  if (unknown.length) throw new UsageError(`unknown module(s): ${unknown.join(', ')}`);
  const modules = names ? MODULES.filter((m) => names.includes(m.name)) : MODULES;
  return {
    options,
    modules,
    help: values.help,
    list: values.list,
    write: !values['no-write'],
    strict: values.strict,
    waitQuietSeconds: positiveInt('wait-quiet', values['wait-quiet'], 0),
  };
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.list) {
    for (const m of MODULES) console.log(`${m.name.padEnd(14)} ${m.summary}`);
    return 0;
  }
  const machine = describeMachine();
  const date = new Date();
  const t0 = performance.now();
  const log = (message: string) =>
    console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  log(`machine: ${machineLine(machine)}`);
  // Other work on the machine (a test run, a build) skews every number: say so in the report.
  let busy = await backgroundBusy(2000);
  const waitUntil = performance.now() + args.waitQuietSeconds * 1000;
  while (busy !== undefined && busy > QUIET && performance.now() < waitUntil) {
    log(`waiting for a quiet machine (${Math.round(busy * 100)}% busy)`);
    busy = await backgroundBusy(5000);
  }
  const disturbed = busy !== undefined && busy > QUIET;
  const quiet = busy === undefined ? 'unknown' : `${Math.round(busy * 100)}%`;
  if (disturbed) log(`warning: the machine is already ${quiet} busy; results will be noisy`);

  const sections: string[] = [];
  const checks: Check[] = [];
  for (const module of args.modules) {
    log(`module ${module.name}: ${module.summary}`);
    const report = await module.run({ options: args.options, root: ROOT, log });
    sections.push(report.markdown);
    checks.push(...report.checks);
  }

  console.log('');
  for (const check of checks) console.log(`${check.pass ? 'PASS' : 'MISS'}  ${check.name}: ${check.actual}`);
  console.log('');
  for (const section of sections) console.log(`${section}\n`);

  if (args.write) {
    const stamp = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const section = [
      `## ${stamp}: ${args.modules.map((m) => m.name).join(', ')}`,
      '',
      ...(process.argv.length > 2 ? [`Flags: \`${process.argv.slice(2).join(' ')}\``, ''] : []),
      `Machine: ${machineLine(machine)}. Background load before the run: ${quiet}` +
        `${disturbed ? ' (**disturbed**: other work was running, numbers are low)' : ''}. ` +
        `Total bench time ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
      '',
      sections.join('\n\n'),
    ].join('\n');
    await appendReport(REPORT, section);
    log(`results appended to ${REPORT}`);
  }
  return args.strict && checks.some((c) => !c.pass) ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
