import { SERVER } from '../../clock.ts';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ConfigError, readConfig } from '../../../config.ts';
import { createLogger, openRuntime, startBackgroundWork } from '../../../main.ts';
import { newId } from '../../../lib/ids.ts';
import { openDatabase, type Database } from '../../../store/database.ts';
import {
  claimMarketFetchJobs,
  insertMarketFetchJobs,
  selectMarketFetchJobs,
} from '../../../store/market-fetch-jobs.ts';
import { selectMarketPricesOverlapping } from '../../../store/market-prices.ts';
import { migrateToLatest } from '../../../store/migrate.ts';
import { scratchDatabase } from '../../../testing/scratch-database.ts';
import type { CoreContext } from '../../context.ts';
import { at, readRecordedFeed } from '../test-support.ts';
import type { MarketFetchConfig } from './fetch-feed.ts';
import { runMarketFetchTick, wantedDays, type MarketFetchSource } from './fetch-jobs.ts';

/**
 * A local Nord Pool that has published 2024-11-05 for NL (the recorded file) and nothing else;
 * area FAIL answers 500. Every request is counted by date and area.
 */
const requests: string[] = [];
let server: Server;
let config: MarketFetchConfig;
let database: Database;

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const area = url.searchParams.get('deliveryArea');
    const date = url.searchParams.get('date');
    requests.push(`${area} ${date}`);
    if (area === 'FAIL') return void res.writeHead(500).end('upstream trouble');
    if (url.pathname === '/nordpool/api/DayAheadPrices' && area === 'NL' && date === '2024-11-05') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(readRecordedFeed('nordpool/delivery_period_nl.json'));
    }
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config = {
    marketFetch: true,
    entsoeApiToken: undefined,
    entsoeBaseUrl: `${base}/entsoe/api`,
    nordPoolBaseUrl: `${base}/nordpool/api`,
  };
  database = await openDatabase({ url: process.env.TEST_DATABASE_URL, dataDir: 'memory://', poolSize: 4 });
  await migrateToLatest(database.db);
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

/** 14:00 in Amsterdam on 4 November 2024: the 5th was published at 12:45. */
const AFTER_PUBLICATION = at('2024-11-04T13:00:00Z');
const MINUTE = 60_000;

const clock = (start: number) => {
  let now = start;
  const ctx: CoreContext = { db: database.db, now: () => now };
  return { ctx, advance: (ms: number) => void (now += ms) };
};
/** A source of its own per test (the job table is shared), fetched from Nord Pool NL unless told. */
const nlSource = (area = 'NL'): MarketFetchSource => ({
  sourceId: newId('mrs', Date.now()),
  feed: 'nordpool',
  area,
});
const requestsFor = (area: string, date: string) => requests.filter((r) => r === `${area} ${date}`).length;
const storedIn = async (sourceId: string, from: string, to: string) =>
  (await selectMarketPricesOverlapping(database.db, sourceId, new Date(at(from)), new Date(at(to)))).length;

describe('wantedDays', () => {
  it('wants today, and tomorrow from 12:45 on the market’s clock', () => {
    const days = (iso: string) =>
      wantedDays('Europe/Amsterdam', at(iso)).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
    assert.deepEqual(days('2024-11-04T11:44:59Z'), ['2024-11-04']);
    assert.deepEqual(days('2024-11-04T11:45:00Z'), ['2024-11-04', '2024-11-05']);
    // 23:30 UTC is already the 5th in Amsterdam
    assert.deepEqual(days('2024-11-04T23:30:00Z'), ['2024-11-05']);
  });
});

describe('runMarketFetchTick', () => {
  it('stores a published day, keeps asking for one that is not, and leaves stored days alone', async () => {
    const { ctx, advance } = clock(AFTER_PUBLICATION);
    const source = nlSource();
    const first = await runMarketFetchTick(ctx, config, [source]);
    assert.equal(first.queued, 2);
    assert.deepEqual(
      first.outcomes.map((o) => [o.day, o.result, o.intervals]),
      [
        ['2024-11-04', 'not_published', undefined],
        ['2024-11-05', 'stored', 24],
      ],
    );
    assert.equal(await storedIn(source.sourceId, '2024-11-04T23:00:00Z', '2024-11-05T23:00:00Z'), 24);
    const jobs = await selectMarketFetchJobs(database.db, source.sourceId);
    assert.deepEqual(
      jobs.map((j) => [j.day, j.attempts, j.done_at !== null, j.last_error]),
      [
        ['2024-11-04', 1, false, 'not published yet'],
        ['2024-11-05', 1, true, null],
      ],
    );
    assert.equal(jobs[0]?.next_attempt_at.getTime(), AFTER_PUBLICATION + 10 * MINUTE);

    // five minutes on: nothing is due, nothing is asked
    advance(5 * MINUTE);
    const asked = requests.length;
    assert.deepEqual((await runMarketFetchTick(ctx, config, [source])).outcomes, []);
    assert.equal(requests.length, asked);

    // ten minutes on: the 4th is asked again; the stored 5th never is
    advance(6 * MINUTE);
    const again = await runMarketFetchTick(ctx, config, [source]);
    assert.deepEqual(
      again.outcomes.map((o) => [o.day, o.result]),
      [['2024-11-04', 'not_published']],
    );
    assert.equal(requestsFor('NL', '2024-11-05'), 1);
  });

  it('fetches each day once when several nodes tick at the same moment', async () => {
    const { ctx } = clock(AFTER_PUBLICATION);
    const source = nlSource();
    const before = requestsFor('NL', '2024-11-05');
    const ticks = await Promise.all([1, 2, 3].map(() => runMarketFetchTick(ctx, config, [source])));
    const outcomes = ticks.flatMap((t) => t.outcomes).map((o) => `${o.day} ${o.result}`);
    assert.deepEqual(outcomes.sort(), ['2024-11-04 not_published', '2024-11-05 stored']);
    assert.equal(requestsFor('NL', '2024-11-05') - before, 1);
  });

  it('backs off exponentially after failures and keeps the error', async () => {
    const { ctx, advance } = clock(AFTER_PUBLICATION);
    const source = nlSource('FAIL');
    const first = await runMarketFetchTick(ctx, config, [source]);
    assert.deepEqual(
      first.outcomes.map((o) => o.result),
      ['failed', 'failed'],
    );
    assert.match(first.outcomes[0]?.error ?? '', /Nord Pool.*500/);
    const waits = async () =>
      (await selectMarketFetchJobs(database.db, source.sourceId)).map(
        (j) => j.next_attempt_at.getTime() - ctx.now(SERVER),
      );
    assert.deepEqual(await waits(), [10 * MINUTE, 10 * MINUTE]);
    advance(10 * MINUTE);
    await runMarketFetchTick(ctx, config, [source]);
    assert.deepEqual(await waits(), [20 * MINUTE, 20 * MINUTE]);
    advance(20 * MINUTE);
    await runMarketFetchTick(ctx, config, [source]);
    assert.deepEqual(await waits(), [40 * MINUTE, 40 * MINUTE]);
    const jobs = await selectMarketFetchJobs(database.db, source.sourceId);
    assert.deepEqual(
      jobs.map((j) => j.attempts),
      [3, 3],
    );
  });

  it('gives a job back after its lease when the node that claimed it never finished', async () => {
    const { ctx, advance } = clock(AFTER_PUBLICATION);
    const source = nlSource();
    const now = new Date(ctx.now(SERVER));
    await insertMarketFetchJobs(database.db, [{ ...source, day: '2024-11-05', area: 'NL' }], now);
    // a node claims the job and dies
    const claimed = await claimMarketFetchJobs(database.db, now, new Date(ctx.now(SERVER) + 5 * MINUTE), 100);
    assert.ok(claimed.some((j) => j.source_id === source.sourceId));
    const during = await runMarketFetchTick(ctx, config, [source]);
    assert.deepEqual(
      during.outcomes.filter((o) => o.day === '2024-11-05'),
      [],
    );
    advance(5 * MINUTE);
    const later = await runMarketFetchTick(ctx, config, [source]);
    assert.deepEqual(
      later.outcomes.filter((o) => o.day === '2024-11-05').map((o) => o.result),
      ['stored'],
    );
  });

  it('gives up a day once it is more than a day over', async () => {
    const { ctx } = clock(AFTER_PUBLICATION);
    const source = nlSource();
    await insertMarketFetchJobs(
      database.db,
      [{ ...source, day: '2024-11-02', area: 'NL' }],
      new Date(ctx.now(SERVER) - 3 * 86_400_000),
    );
    const tick = await runMarketFetchTick(ctx, config, [source]);
    const old = tick.outcomes.find((o) => o.day === '2024-11-02');
    assert.equal(old?.result, 'abandoned');
    const job = (await selectMarketFetchJobs(database.db, source.sourceId))[0];
    assert.equal(job?.day, '2024-11-02');
    assert.ok(job?.done_at);
    assert.match(job?.last_error ?? '', /abandoned/);
    assert.equal(requestsFor('NL', '2024-11-02'), 0);
  });

  it('does nothing while OFFPEAK_MARKET_FETCH is off', async () => {
    const { ctx } = clock(AFTER_PUBLICATION);
    const source = nlSource();
    const asked = requests.length;
    const tick = await runMarketFetchTick(ctx, { ...config, marketFetch: false }, [source]);
    assert.deepEqual(tick, { queued: 0, outcomes: [] });
    assert.equal(requests.length, asked);
    assert.deepEqual(await selectMarketFetchJobs(database.db, source.sourceId), []);
  });
});

describe('startBackgroundWork', () => {
  // a database of its own: a serving node also sweeps tariff notices across every account
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  before(async () => {
    scratch = await scratchDatabase();
  });
  after(() => scratch.drop());

  it('runs the market fetcher on a serving node when it is switched on and has sources', async () => {
    const sourceId = newId('mrs', Date.now());
    const live = readConfig({
      OFFPEAK_DATA_DIR: 'memory://',
      DATABASE_URL: scratch.url,
      OFFPEAK_MARKET_FETCH: 'on',
      OFFPEAK_MARKET_FETCH_SOURCES: `${sourceId}=nordpool:NL`,
      OFFPEAK_NORDPOOL_URL: config.nordPoolBaseUrl,
    });
    const runtime = await openRuntime(live);
    try {
      // the source has no region, so its delivery days are Brussels days
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
      const stop = startBackgroundWork(live, runtime.ctx, createLogger({ logLevel: 'silent' }));
      // a generous deadline: under a loaded test run the first round can take seconds to start
      const deadline = Date.now() + 60_000;
      while (requestsFor('NL', today) === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await stop(); // waits for the round in flight, so every claimed job is finished
      const jobs = await selectMarketFetchJobs(runtime.database.db, sourceId);
      const seen = JSON.stringify(jobs.map((j) => [j.day, j.attempts, j.last_error]));
      assert.ok(requestsFor('NL', today) >= 1, `the stand-in was asked for today; jobs ${seen}`);
      assert.ok(jobs.length >= 1, 'today was queued');
      for (const j of jobs) assert.deepEqual([j.attempts, j.last_error], [1, 'not published yet'], seen);
    } finally {
      await runtime.close();
    }
  });

  it('does not start it while fetching is off', async () => {
    const sourceId = newId('mrs', Date.now());
    const off = readConfig({
      OFFPEAK_DATA_DIR: 'memory://',
      DATABASE_URL: scratch.url,
      OFFPEAK_MARKET_FETCH_SOURCES: `${sourceId}=nordpool:NL`,
      OFFPEAK_NORDPOOL_URL: config.nordPoolBaseUrl,
    });
    const runtime = await openRuntime(off);
    try {
      await startBackgroundWork(off, runtime.ctx, createLogger({ logLevel: 'silent' }))();
      assert.deepEqual(await selectMarketFetchJobs(runtime.database.db, sourceId), []);
    } finally {
      await runtime.close();
    }
  });
});

describe('OFFPEAK_MARKET_FETCH_SOURCES', () => {
  const SE3 = 'mrs_0123456789abcdef01234567';
  const NL = 'mrs_89abcdef0123456789abcdef';
  it('reads nordpool entries with or without an area and entsoe entries with an EIC code', () => {
    const config = readConfig({
      OFFPEAK_MARKET_FETCH: 'on',
      OFFPEAK_MARKET_FETCH_SOURCES: `${SE3}=nordpool, ${NL}=entsoe:10YNL----------L,${SE3}=nordpool:SE3`,
      ENTSOE_API_TOKEN: 'token',
    });
    assert.deepEqual(config.marketFetchSources, [
      { sourceId: SE3, feed: 'nordpool' },
      { sourceId: NL, feed: 'entsoe', area: '10YNL----------L' },
      { sourceId: SE3, feed: 'nordpool', area: 'SE3' },
    ]);
    assert.equal(config.marketFetchEverySeconds, 300);
  });

  it('refuses malformed entries, an entsoe entry without an area or a token', () => {
    for (const [value, message] of [
      [`${SE3}=epex`, /not mrs_…=nordpool/],
      [`loc_0123456789abcdef01234567=nordpool`, /not mrs_…=nordpool/],
      [`${NL}=entsoe`, /not mrs_…=nordpool/],
      [`${NL}=entsoe:10YNL----------L`, /ENTSOE_API_TOKEN is needed/],
    ] as const) {
      assert.throws(
        () => readConfig({ OFFPEAK_MARKET_FETCH_SOURCES: value }),
        (error: Error) => error instanceof ConfigError && message.test(error.message),
      );
    }
  });
});
