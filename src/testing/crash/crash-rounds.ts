import { randomBytes } from 'node:crypto';
import { ApiSession, logIn } from './http-client.ts';
import { Random } from './random.ts';
import { ServerProcess } from './server-process.ts';
import type { CrashStore } from './stores.ts';
import { verifyWriters, type Verification } from './verify.ts';
import { emptyTally, Writer, type Tally } from './writer.ts';

export interface CrashOptions {
  rounds: number;
  writers: number;
  seed: number;
  /** The kill comes at a random moment this long after the writers start, in milliseconds. */
  killAfterMs: { min: number; max: number };
  log(line: string): void;
}

export interface RoundResult {
  round: number;
  acknowledged: number;
  inFlight: number;
  refused: Record<string, number>;
  writingSeconds: number;
  restartSeconds: number;
  verified: number;
  verifySeconds: number;
  problems: string[];
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const since = (start: number) => (performance.now() - start) / 1000;

function sum(tallies: Tally[]): Tally {
  const total = emptyTally();
  for (const tally of tallies) {
    total.acknowledged += tally.acknowledged;
    total.unanswered += tally.unanswered;
    for (const [status, count] of Object.entries(tally.refused)) {
      total.refused[status] = (total.refused[status] ?? 0) + count;
    }
  }
  return total;
}

/** An account of the run's own, with a rate limit that never interferes, and a test key. */
async function createAccount(server: ServerProcess, adminToken: string) {
  const admin = new ApiSession(server.baseUrl, `Bearer ${adminToken}`);
  const account = await admin.expect<{ id: string }>('POST', '/admin/accounts', [201]);
  await admin.expect('PATCH', `/admin/accounts/${account.id}`, [200], {
    body: { rate_limit_per_minute: 100_000_000 },
  });
  const { key } = await admin.expect<{ key: string }>('POST', `/admin/accounts/${account.id}/keys`, [201], {
    body: { mode: 'test' },
  });
  return { accountId: account.id, key };
}

export function describeRound(store: CrashStore, rounds: number, r: RoundResult): string {
  const refused = Object.entries(r.refused)
    .map(([status, count]) => `${count}×${status}`)
    .join(', ');
  return (
    `${store.kind} round ${r.round}/${rounds}: ${r.acknowledged} writes acknowledged in ` +
    `${r.writingSeconds.toFixed(1)} s, ${r.inFlight} in flight at the kill` +
    `${refused ? `, refused: ${refused}` : ''}; restart ${r.restartSeconds.toFixed(1)} s; ` +
    `${r.verified} verified in ${r.verifySeconds.toFixed(1)} s, ${r.problems.length} problems; ` +
    `round ${r.seconds.toFixed(1)} s`
  );
}

/**
 * The crash test on one store: writers over real HTTP, SIGKILL of the server at a random
 * moment, a restart on the same data, and every acknowledged write looked for; `rounds` times,
 * the data of earlier rounds checked again each time. Stops after the first round with problems.
 */
export async function runCrashRounds(store: CrashStore, options: CrashOptions): Promise<RoundResult[]> {
  const adminToken = randomBytes(24).toString('hex');
  const runId = randomBytes(4).toString('hex');
  const random = new Random(options.seed);
  let server = await ServerProcess.start(store.env, adminToken);
  const results: RoundResult[] = [];
  try {
    const { accountId, key } = await createAccount(server, adminToken);
    let session = await logIn(server.baseUrl, accountId, key);
    const writers = Array.from(
      { length: options.writers },
      (_, i) => new Writer(i, new Random(options.seed * 1000 + i + 1), runId, session),
    );
    await Promise.all(writers.map((writer) => writer.setUp()));

    for (let round = 1; round <= options.rounds; round++) {
      const roundStart = performance.now();
      for (const writer of writers) writer.tally = emptyTally();
      const stop = { stopped: false };
      const running = writers.map((writer) => writer.run(stop));
      await sleep(random.int(options.killAfterMs.min, options.killAfterMs.max));
      const inFlight = writers.filter((writer) => writer.inFlight).length;
      await server.kill();
      const writingSeconds = since(roundStart);
      stop.stopped = true;
      await Promise.all(running);

      const restartStart = performance.now();
      server = await ServerProcess.start(store.env, adminToken);
      const restartSeconds = since(restartStart);
      const verifyStart = performance.now();
      const tally = sum(writers.map((writer) => writer.tally));
      // the account and its key were acknowledged before round 1: logging in again is their check
      const relogged = await logIn(server.baseUrl, accountId, key).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      );
      let verification: Verification;
      if (relogged instanceof Error) {
        const problem = `the acknowledged account and API key no longer log in: ${relogged.message}`;
        verification = { checked: 1, problems: [problem] };
      } else {
        session = relogged;
        for (const writer of writers) writer.session = session;
        verification = await verifyWriters(session, writers);
      }
      const refused = Object.entries(tally.refused).map(([status, n]) => `${n}×${status}`);
      if (refused.length > 0) {
        // every write of the workload is valid: a refusal is a server fault, whatever else holds
        verification.problems.push(`valid writes were refused while the server ran: ${refused.join(', ')}`);
      }
      const result: RoundResult = {
        round,
        acknowledged: tally.acknowledged,
        inFlight,
        refused: tally.refused,
        writingSeconds,
        restartSeconds,
        verified: verification.checked,
        verifySeconds: since(verifyStart),
        problems: verification.problems,
        seconds: since(roundStart),
      };
      results.push(result);
      options.log(describeRound(store, options.rounds, result));
      if (result.problems.length > 0) break;
    }
  } finally {
    await server.stop();
  }
  return results;
}
