import { existsSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Check } from '../types.ts';
import { npmStartLine } from './server.ts';

/** What docs/benchmarks.md starts with when the bench has to create it. */
export const INTRO = `# Benchmarks

Run them with \`npm run bench\` (about four minutes; PostgreSQL is expected at
\`postgres://postgres@127.0.0.1:5432/postgres\`, or pass \`--postgres-url\`). Flags run a subset
(\`--only http,engine-expand\`, \`--backends postgres\`), shorten a run (\`--duration 3 --customers 2000\`) or
skip writing this file (\`--no-write\`); \`npm run bench -- --help\` lists them all. Each run
appends a section below with the machine, the date and the results: compare runs only on the
same machine, and distrust rows marked as disturbed by other work.

What the \`http\` module measures: the server runs as its own process (\`node bin/offpeak.js serve\`,
as \`npm start\` runs it, on 127.0.0.1) in its default production configuration: bearer
authentication, rate limiting (the bench account's limit is set far out of the way, but every
request is counted) and request logging (\`LOG_LEVEL=info\`, one line per request, written to a file as a service's
logs would be, not read back by the bench), no response cache. It runs once on a fresh PGlite data directory and once on a fresh
PostgreSQL database (analysed after seeding, as autovacuum would leave it; PGlite has no
autovacuum). The bench seeds 10,000 customers through the API, then
[autocannon](https://github.com/mcollina/autocannon), in a separate process, sends
\`GET /customers?limit=30\` (the first page) and \`GET /customers?limit=30&starting_after=…\` (a deep
page: the cursor is the 9,000th newest customer) with a bearer token over 32 connections, for
10 s after a 2 s warm-up each. Beside it, in the same run, [Stoplight
Prism](https://github.com/stoplightio/prism) 5.14.2 mocks the seed's own \`GET /customers\`
document (\`bench/prism\`) and gets the same requests with the same settings, in alternating
rounds (3 by default, \`--rounds\`): Offpeak first in odd rounds, Prism first in even ones, so that
a drift in the machine's other load weighs on both. Ratios are medians of the per-round ratios.
\`GET /health\` (no authentication, no database) on the first store gives the ceiling of the HTTP
stack. Latencies are each 2xx response's own, timed by autocannon to the microsecond (since
2026-12-06 evening; before, autocannon's histogram, which keeps whole milliseconds, so earlier p99s
read up to 1 ms low). The load generator, the server and PostgreSQL share
the machine, so the tables also show where the CPU went, in cores and per request: the server
process (with PGlite inside it), PostgreSQL's backends serving the bench database, Prism.

Targets (issue 16): on PostgreSQL at least 3× Prism's req/s with a p99 at most a third of
Prism's, on both pages; on PGlite at least 1.5× Prism's req/s; CPU per list request (server and
database together) at most 300 µs. Older targets still checked: the deep page and the first page
within ~15% of each other in req/s (keyset pagination should make every page cost the same),
and on PostgreSQL at least 5,000 req/s with a p99 under 20 ms at 32 connections.

What the \`http-prices\` module measures: \`POST /prices/{location_id}\` with
\`{start_time, end_time, tariff_direction}\` for a 7-day window, with the server and the load
generator as above, on PGlite and on PostgreSQL. A location and a tariff are created through the
API: a test-mode market tariff (\`market_rates: true\`) in Amsterdam, priced from the simulated
quarter-hourly EPEX market, so every response has 672 intervals (about 76 KB of JSON); the window
is the last 7 days before setup. If that tariff cannot be priced, the engine's complex
time-of-use tariff is used instead and the section says so (\`--prices-tariff tou\` forces it).
Otherwise the same request for a location with the complex time-of-use tariff follows as a
comparison row (a schedule alone, about 40 merged intervals per week), to show what the market
prices and the large answer cost.
Target: at least 2,000 req/s on PostgreSQL at 32 connections.

What the \`engine-expand\` module measures: no server; one child process per tariff
(\`node --expose-gc --import tsx bench/engine-timing.ts\`) times \`compileTariff\` and
\`expandTariff\` over the year 2025 at 15-minute resolution (35,040 quarter-hours) for the
complex time-of-use tariff (3 seasons, weekday/Saturday/Sunday, 5 periods, 2 special dates, 2
tiers) and for a market tariff fed a year of synthetic quarter-hourly market prices (built before
timing), 50 runs after a warm-up; and the naive per-interval rule scan \`expandTariffNaive\` over
14 days scaled to a year and, when that predicts at most 10 s, over the full year (3 runs).
Targets: a median of at most 2 ms per year, and at least 20× the naive scan.

What the \`http-costs\` module measures: on PGlite and on PostgreSQL, a London location with the
engine's complex time-of-use + tier tariff gets one record per quarter-hour of 2025 (35,040,
integer Wh) through \`PUT /meters/interval\` in 4 batches; then \`POST /costs/interval/{location_id}\`
for the whole year, per record (35,040 items, about 4.7 MB of JSON) and with \`aggregation: "MONTH"\`
(12 items), as sequential single requests (a warm-up, then up to 20, fewer when each takes
seconds, so that the module stays near three minutes); the first answer of each is compared item
by item with the engine's. Then \`PUT /meters/interval\` throughput with 10,000-record bodies: new
intervals over 1, 2 and 4 concurrent connections, and one stored batch sent again (the overwrite
path), in records per second end to end with the CPU of the server and PostgreSQL per record.
Targets: at most 250 ms per cost request (median), and at least 50,000 records/s on PostgreSQL.

What the \`engine-costs\` module measures: no server; \`priceRecords\` over the same 35,040 records
against the complex tariff's combined price series (built once, outside the timed region, as the
server builds it), and \`priceRecords\` followed by \`aggregateCosts(MONTH)\`, 50 runs after a warm-up,
in a child process with Node's default heap (the target) and with \`--max-semi-space-size=64\`.
Target: a median of at most 20 ms.

What the \`startup\` module measures: \`npm start\` (\`${npmStartLine()}\`) to the first 200 of \`GET /health\` and of \`GET /login\` with the key the first start
printed, on a fresh PGlite data directory and then again on it (a restart), and the same on a fresh
PostgreSQL database; the process tree's RSS after 6 s idle; beside Prism 5.14.2 (\`prism mock\` on
the seed's document, to its first 200 of \`GET /customers?limit=30\`) started and measured the same
way, in 5 alternating rounds (\`BENCH_STARTUP_ROUNDS\`), medians. Targets (issue 16): a fresh start
≤ Prism's start, a restart ≤ half of it, PGlite RSS ≤ 1.5 × Prism's, PostgreSQL RSS ≤ Prism's.

Every benchmarked server is started as \`npm start\` starts it, read from package.json
(bench/lib/server.ts): \`${npmStartLine()}\`.

<!-- Sections below are appended by bench/run.ts. -->
`;

export async function appendReport(path: string, section: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (!existsSync(path)) await writeFile(path, INTRO);
  await appendFile(path, `\n${section.trim()}\n`);
}

/** The check lines that end a module's section: `- **PASS** name: actual` (or MISS). */
export function checkLines(checks: readonly Check[]): string[] {
  return checks.map((c) => `- **${c.pass ? 'PASS' : 'MISS'}** ${c.name}: ${c.actual}`);
}
