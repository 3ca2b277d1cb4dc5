import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatDecimal } from '../../engine/decimal.ts';
import { newId } from '../../lib/ids.ts';
import { openDatabase, type Database } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import type { CoreContext } from '../context.ts';
import { importMarketPrices } from './import-market-prices.ts';
import { loadMarketPrices } from './market-prices.ts';
import { at, readRecordedFeed } from './test-support.ts';

/** The real store (PGlite, or TEST_DATABASE_URL); each test uses sources of its own. */
let database: Database;
let clock = at('2025-12-01T12:00:00Z');
let ctx: CoreContext;
before(async () => {
  database = await openDatabase({ url: process.env.TEST_DATABASE_URL, dataDir: 'memory://', poolSize: 4 });
  await migrateToLatest(database.db);
  ctx = { db: database.db, now: () => clock };
});
after(() => database.close());

const freshSource = () => newId('mrs', Date.now());
const perMwh = (
  prices: { start: number; pricePerMwh: Parameters<typeof formatDecimal>[0] }[],
  instant: string,
) => {
  const found = prices.find((p) => p.start === at(instant));
  return found && formatDecimal(found.pricePerMwh);
};
const live = (sourceId: string, start: string, end: string, timezone?: string) =>
  loadMarketPrices(ctx, { sourceId, liveMode: true, start: at(start), end: at(end), timezone });

describe('loadMarketPrices', () => {
  it('forecasts from the last published day with confidence 0.5 when live prices run out', async () => {
    const sourceId = freshSource();
    clock = at('2025-11-26T15:00:00Z');
    await importMarketPrices(ctx, {
      sourceId,
      format: 'entsoe',
      text: readRecordedFeed('entsoe/response-PT60M.xml'),
    });
    const series = await live(sourceId, '2025-11-26T23:00:00Z', '2025-11-28T23:00:00Z', 'Europe/Zurich');
    assert.equal(series.prices.length, 48);
    assert.ok(series.prices.slice(0, 24).every((p) => p.confidence === 1));
    assert.ok(series.prices.slice(24).every((p) => p.confidence === 0.5));
    assert.equal(perMwh(series.prices, '2025-11-27T23:00:00Z'), '110.63'); // 00:00 local repeats 27 Nov 00:00
    assert.equal(series.lastUpdated, clock);
    // 28 November is due at 12:45 Zurich time on the 27th.
    assert.equal(series.nextUpdate, at('2025-11-27T11:45:00Z'));
  });

  it('answers with no prices when a live source has none', async () => {
    const series = await live(freshSource(), '2025-11-26T23:00:00Z', '2025-11-27T23:00:00Z');
    assert.deepEqual(series.prices, []);
    assert.equal(series.lastUpdated, null);
    assert.equal(series.currency, '');
  });

  it('simulates a known region in its own currency and resolution when in test mode', async () => {
    clock = at('2025-11-12T13:00:00Z');
    const se3 = await loadMarketPrices(ctx, {
      sourceId: 'mrs_65792b4ef61b16685ebd2ea3',
      liveMode: false,
      start: at('2025-11-12T23:00:00Z'),
      end: at('2025-11-13T23:00:00Z'),
    });
    assert.equal(se3.currency, 'SEK');
    assert.equal(se3.prices.length, 96);
    assert.ok(se3.prices.every((p) => p.confidence === 1));
    assert.equal(se3.nextUpdate, at('2025-11-13T11:45:00Z'));
    const gb = await loadMarketPrices(ctx, {
      sourceId: 'mrs_65792b4ef61b16685ebd2ec9',
      liveMode: false,
      start: at('2025-11-13T00:00:00Z'),
      end: at('2025-11-14T00:00:00Z'),
    });
    assert.equal(gb.currency, 'GBP');
    assert.equal(gb.prices.length, 24);
  });

  it("simulates an operator-defined source in the caller's zone and its stored currency when in test mode", async () => {
    const sourceId = freshSource();
    await importMarketPrices(ctx, {
      sourceId,
      format: 'nordpool',
      text: readRecordedFeed('nordpool/indices_15.json'),
    });
    const series = await loadMarketPrices(ctx, {
      sourceId,
      liveMode: false,
      start: at('2025-06-01T22:00:00Z'),
      end: at('2025-06-02T22:00:00Z'),
      timezone: 'Europe/Stockholm',
    });
    assert.equal(series.currency, 'SEK');
    assert.equal(series.prices.length, 24);
  });

  it('refuses an ID that is not a market source', async () => {
    await assert.rejects(loadMarketPrices(ctx, { sourceId: 'SE3', liveMode: true, start: 0, end: 1 }), {
      code: 'source_id_invalid',
    });
  });
});
