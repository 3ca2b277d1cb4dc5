/**
 * `startup`: how long `npm start` takes to its first answers and how much memory it then holds,
 * beside Stoplight Prism 5.14.2 started and measured the same way in the same run.
 *
 * Each round starts, in an order that alternates between rounds: Prism on the seed document; Offpeak
 * on a fresh PGlite data directory with dist/ as an install leaves it (the bundle's code cache made
 * by the install's warm-up start, the PGlite template's spare copy), then again on that directory
 * (a restart); the same on a fresh PostgreSQL database. A start is timed from spawn to the first
 * 200 of `GET /health` and to the first 200 of `GET /login` with the key the first start printed
 * (Prism: its first 200 of `GET /customers?limit=30`), polling every 20 ms. The memory is the resident set of the process
 * tree after it has been idle for a while. Each target compares medians over the rounds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { table } from './lib/format.ts';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.ts';
import { PRISM_VERSION, startPrism } from './lib/prism.ts';
import { freePort, npmStartLine, SERVER_COMMAND, SERVER_ENV, SERVER_NODE_ARGS } from './lib/server.ts';
import { summarize } from './lib/stats.ts';
import type { Backend, BenchContext, BenchModule, BenchReport, Check } from './types.ts';

/** Alternating rounds (BENCH_STARTUP_ROUNDS, default 5); each target compares the medians. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_STARTUP_ROUNDS ?? 5) || 5);
/** How long a server sits idle before its memory is read: past PGlite's first ANALYZE (5 s). */
const IDLE_MS = 6000;
const POLL_MS = 20;
const START_DEADLINE_MS = 120_000;

/** The targets, as ratios to Prism measured in the same run. */
const FRESH_TARGET = 1;
const RESTART_TARGET = 0.5;
const RSS_PGLITE_TARGET = 1.5;
const RSS_POSTGRES_TARGET = 1;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident set of a process and its descendants, in MB (Linux /proc). */
function treeRssMb(pid: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the command name may hold spaces: the fields after it start at the last ')'
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  let kb = 0;
  for (const member of tree) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${member}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  }
}

interface Credentials {
  account: string;
  key: string;
}

interface StartSample {
  healthMs: number;
  loginMs: number;
  rssMb: number;
  /** OFFPEAK_TRACE_STARTUP: ms since process start at the end of each step, and memory then. */
  steps: Record<string, number>;
  memoryMb: Record<string, number>;
  /** Whether the bundle ran from its code cache (used, rejected, none). */
  codeCache: string;
}

/**
 * Starts Offpeak as `npm start` does (Node flags, then bin/offpeak.js serve) on the given store,
 * times the first 200s, reads the memory after IDLE_MS, and stops it.
 */
async function startOffpeak(
  root: string,
  store: { dataDir: string } | { databaseUrl: string },
  known: Credentials | undefined,
): Promise<{ sample: StartSample; credentials: Credentials }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...SERVER_ENV,
    PORT: String(port),
    HOST: '127.0.0.1',
    OFFPEAK_TRACE_STARTUP: 'on',
  };
  for (const name of ['DATABASE_URL', 'OFFPEAK_DATA_DIR', 'REDIS_URL', 'LOG_LEVEL', 'OFFPEAK_WORKERS'])
    delete env[name];
  if ('dataDir' in store) env.OFFPEAK_DATA_DIR = store.dataDir;
  else env.DATABASE_URL = store.databaseUrl;
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...SERVER_COMMAND], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => void (stdout += chunk.toString('utf8')));
  child.stderr?.on(
    'data',
    (chunk: Buffer) => void (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  let healthMs: number | undefined;
  let loginMs: number | undefined;
  let credentials = known;
  try {
    while (loginMs === undefined) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`Offpeak exited during start-up:\n${stdout}\n${stderr}`);
      if (performance.now() - started > START_DEADLINE_MS)
        throw new Error(`Offpeak did not answer within ${START_DEADLINE_MS / 1000} s:\n${stdout}\n${stderr}`);
      const printed = /curl -u (acc_\w+):(sk_\w+) /.exec(stdout);
      if (printed?.[1] && printed[2]) credentials = { account: printed[1], key: printed[2] };
      try {
        if (healthMs === undefined) {
          const reply = await fetch(`${baseUrl}/health`);
          await reply.arrayBuffer();
          if (reply.status === 200) healthMs = performance.now() - started;
        }
        if (healthMs !== undefined && credentials) {
          const basic = Buffer.from(`${credentials.account}:${credentials.key}`).toString('base64');
          const reply = await fetch(`${baseUrl}/login`, { headers: { authorization: `Basic ${basic}` } });
          await reply.arrayBuffer();
          if (reply.status === 200) loginMs = performance.now() - started;
        }
      } catch {
        // not listening yet
      }
      if (loginMs === undefined) await sleep(POLL_MS);
    }
    await sleep(IDLE_MS);
    const rssMb = treeRssMb(child.pid ?? 0);
    const trace = /offpeak startup: (\{.*\})/.exec(stderr)?.[1];
    const parsed = trace
      ? (JSON.parse(trace) as {
          steps: Record<string, number>;
          memoryMb: Record<string, number>;
          codeCache?: string;
        })
      : { steps: {}, memoryMb: {} };
    if (!credentials) throw new Error('no key: the first start did not print one');
    return {
      sample: {
        healthMs: healthMs ?? NaN,
        loginMs,
        rssMb,
        steps: parsed.steps,
        memoryMb: parsed.memoryMb,
        codeCache: parsed.codeCache ?? 'unknown',
      },
      credentials,
    };
  } finally {
    await stopChild(child);
  }
}

interface PrismSample {
  startMs: number;
  rssMb: number;
}

async function measurePrism(root: string, log: (m: string) => void): Promise<PrismSample> {
  const prism = await startPrism(root, log);
  try {
    await sleep(IDLE_MS);
    return { startMs: prism.startMs, rssMb: treeRssMb(prism.pid) };
  } finally {
    await prism.stop();
  }
}

type Scenario = `${Backend} ${'fresh' | 'restart'}`;

const median = (values: number[]) => summarize(values.filter((v) => Number.isFinite(v))).median;

/** The checkout's install steps (scripts/build.mjs). */
async function installSteps(root: string) {
  return (await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href)) as {
    ensureBuilt(options: { log: (m: string) => void; template: boolean }): Promise<void>;
    warmCodeCache(): Promise<boolean>;
  };
}

/** Builds dist/ as `npm install` does (the bundle, and the PGlite template), if it is not current. */
async function ensureInstalled(root: string, log: (m: string) => void): Promise<void> {
  await (await installSteps(root)).ensureBuilt({ log, template: true });
}

/**
 * dist/ as an install leaves it, made again before every fresh start: the bundle's code cache
 * removed and made by the install's warm-up start (warmCodeCache in scripts/build.mjs), then the
 * PGlite template's spare copy, which that start took, made again [decision:bundle-code-cache]
 * [decision:pglite-spare]. So every fresh start meets what a new user's first start meets.
 */
async function reinstall(root: string, log: (m: string) => void): Promise<void> {
  const build = await installSteps(root);
  await rm(join(root, 'dist', 'code-cache'), { recursive: true, force: true });
  await build.warmCodeCache();
  await build.ensureBuilt({ log, template: true });
}

/** How many starts of each scenario ran from the bundle's code cache, e.g. "pglite fresh used 5/5". */
function cacheStates(offpeak: Map<Scenario, StartSample[]>): string {
  return [...offpeak]
    .map(([scenario, samples]) => {
      const used = samples.filter((sample) => sample.codeCache === 'used').length;
      return `${scenario} used ${used}/${samples.length}`;
    })
    .join(', ');
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const { root, log, options } = ctx;
  await ensureInstalled(root, log);
  const backends = options.backends;
  // untimed: the first start after an install fills the OS file cache for both
  log('warm-up: one start of Prism and of Offpeak, not counted');
  await measurePrism(root, log);
  const warmDir = await mkdtemp(join(tmpdir(), 'offpeak-startup-'));
  try {
    await startOffpeak(root, { dataDir: join(warmDir, 'data') }, undefined);
  } finally {
    await rm(warmDir, { recursive: true, force: true });
  }

  const prism: PrismSample[] = [];
  const offpeak = new Map<Scenario, StartSample[]>();
  const add = (scenario: Scenario, sample: StartSample) =>
    offpeak.set(scenario, [...(offpeak.get(scenario) ?? []), sample]);
  const scratches: ScratchDatabase[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const runPrism = async () => {
        const sample = await measurePrism(root, log);
        prism.push(sample);
        log(`round ${round}: Prism ${Math.round(sample.startMs)} ms, ${Math.round(sample.rssMb)} MB`);
      };
      const runOffpeak = async (backend: Backend) => {
        let store: { dataDir: string } | { databaseUrl: string };
        let dir: string | undefined;
        if (backend === 'pglite') {
          dir = await mkdtemp(join(tmpdir(), 'offpeak-startup-'));
          store = { dataDir: join(dir, 'data') };
        } else {
          const scratch = await createScratchDatabase(options.postgresUrl);
          scratches.push(scratch);
          store = { databaseUrl: scratch.url };
        }
        try {
          // untimed: the install's part, before a new user's first start
          await reinstall(root, log);
          const fresh = await startOffpeak(root, store, undefined);
          add(`${backend} fresh`, fresh.sample);
          const again = await startOffpeak(root, store, fresh.credentials);
          add(`${backend} restart`, again.sample);
          log(
            `round ${round}: ${backend} fresh ${Math.round(fresh.sample.loginMs)} ms ` +
              `${Math.round(fresh.sample.rssMb)} MB, restart ${Math.round(again.sample.loginMs)} ms ` +
              `${Math.round(again.sample.rssMb)} MB`,
          );
        } finally {
          if (dir) await rm(dir, { recursive: true, force: true });
        }
      };
      // alternate who goes first, so that a slow patch of the machine does not favour one side
      if (round % 2 === 1) {
        await runPrism();
        for (const backend of backends) await runOffpeak(backend);
      } else {
        for (const backend of [...backends].reverse()) await runOffpeak(backend);
        await runPrism();
      }
    }
  } finally {
    for (const scratch of scratches) await scratch.drop().catch(() => {});
  }

  const prismStart = median(prism.map((p) => p.startMs));
  const prismRss = median(prism.map((p) => p.rssMb));
  const med = (scenario: Scenario, pick: (s: StartSample) => number) =>
    median((offpeak.get(scenario) ?? []).map(pick));
  const checks: Check[] = [];
  const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
  const check = (name: string, value: number, base: number, limit: number, unit: string) =>
    checks.push({
      name,
      actual: `${Math.round(value)} ${unit} vs Prism ${Math.round(base)} ${unit}: ${ratio(value, base)}`,
      pass: value <= limit * base,
    });
  if (backends.includes('pglite')) {
    check(
      'startup: fresh PGlite data directory to first 200 of /login ≤ Prism start',
      med('pglite fresh', (s) => s.loginMs),
      prismStart,
      FRESH_TARGET,
      'ms',
    );
    check(
      'startup: PGlite restart to first 200 of /login ≤ 0.5 × Prism start',
      med('pglite restart', (s) => s.loginMs),
      prismStart,
      RESTART_TARGET,
      'ms',
    );
    check(
      'startup: RSS idle after a fresh PGlite start ≤ 1.5 × Prism',
      med('pglite fresh', (s) => s.rssMb),
      prismRss,
      RSS_PGLITE_TARGET,
      'MB',
    );
    check(
      'startup: RSS idle after a PGlite restart ≤ 1.5 × Prism',
      med('pglite restart', (s) => s.rssMb),
      prismRss,
      RSS_PGLITE_TARGET,
      'MB',
    );
  }
  if (backends.includes('postgres')) {
    check(
      'startup: RSS idle on PostgreSQL (restart) ≤ Prism',
      med('postgres restart', (s) => s.rssMb),
      prismRss,
      RSS_POSTGRES_TARGET,
      'MB',
    );
  }

  const rows: string[][] = [
    [`Prism ${PRISM_VERSION}`, '–', fmt(prismStart), '1.00×', fmt(prismRss), '1.00×'],
  ];
  for (const scenario of offpeak.keys()) {
    const login = med(scenario, (s) => s.loginMs);
    const rss = med(scenario, (s) => s.rssMb);
    rows.push([
      `Offpeak, ${scenario.replace('pglite', 'PGlite').replace('postgres', 'PostgreSQL')}`,
      fmt(med(scenario, (s) => s.healthMs)),
      fmt(login),
      ratio(login, prismStart),
      fmt(rss),
      ratio(rss, prismRss),
    ]);
  }
  const spread = (values: number[]) => `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`;
  const stepNames = [
    ...new Set([...offpeak.values()].flatMap((samples) => samples.flatMap((s) => Object.keys(s.steps)))),
  ];
  const stepRows = stepNames.map((step, i) => [
    step,
    ...[...offpeak.keys()].map((scenario) => {
      const at = (s: StartSample) =>
        (s.steps[step] ?? NaN) - (i === 0 ? 0 : (s.steps[stepNames[i - 1] ?? ''] ?? NaN));
      return fmt(med(scenario, at));
    }),
  ]);
  const memoryNames = ['rss', 'heapUsed', 'heapTotal', 'external'];
  const memoryRows = memoryNames.map((name) => [
    name,
    ...[...offpeak.keys()].map((scenario) => fmt(med(scenario, (s) => s.memoryMb[name] ?? NaN))),
  ]);
  const scenarios = [...offpeak.keys()];
  const markdown = [
    '### startup: start-up time and memory beside Prism',
    '',
    `${ROUNDS} alternating rounds after an untimed warm-up of each; medians. A start is timed from spawn ` +
      `to the first 200 (polling every ${POLL_MS} ms); Offpeak runs as \`npm start\` does ` +
      `(\`${npmStartLine()}\`), to \`GET /health\` and to ` +
      '`GET /login` with the key its first start printed; Prism (`prism mock` on the seed document) to ' +
      '`GET /customers?limit=30`. A fresh start includes everything a first start does (data directory, ' +
      'migrations, starting catalogue, first account and key; its webhook signing keys are made 1 s after ' +
      'listening, within the idle time before RSS is read); before it, untimed, dist/ is put back as ' +
      '`npm install` leaves it: the bundle’s code cache removed and made again by the install’s warm-up ' +
      'start (`warmCodeCache`, scripts/build.mjs), then the PGlite template’s spare copy, which a new data ' +
      'directory takes by renames, made again. The restart uses the same cache. RSS: the process ' +
      `tree's resident set after ${IDLE_MS / 1000} s idle. Prism's start: ${spread(prism.map((p) => p.startMs))} ms. ` +
      `Code cache (OFFPEAK_TRACE_STARTUP) per start: ${cacheStates(offpeak)}.`,
    '',
    table(['', '/health (ms)', '/login (ms)', '× Prism start', 'RSS (MB)', '× Prism RSS'], rows, [
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
    ]),
    '',
    'Where the time goes (OFFPEAK_TRACE_STARTUP, median ms per step; the first step is from process start, ' +
      'the rest from the end of the step before; listening is Fastify compiling its routes and schemas):',
    '',
    table(['step', ...scenarios], stepRows, ['l', ...scenarios.map(() => 'r' as const)]),
    '',
    "Memory once listening (`process.memoryUsage()`, MB; `external` holds PGlite's WASM memory):",
    '',
    table(['', ...scenarios], memoryRows, ['l', ...scenarios.map(() => 'r' as const)]),
  ].join('\n');
  return { markdown, checks };
}

function fmt(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
}

export const startup: BenchModule = {
  name: 'startup',
  summary: 'npm start to the first 200 of /health and /login, fresh and restarted, RSS idle; beside Prism',
  run,
};
