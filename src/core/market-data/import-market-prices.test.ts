import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatDecimal } from '../../engine/decimal.ts';
import { newId } from '../../lib/ids.ts';
import { openDatabase, type Database } from '../../store/database.ts';
import { selectMarketPricesOverlapping } from '../../store/market-prices.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import type { CoreContext } from '../context.ts';
import { importMarketPrices, type ImportProgress } from './import-market-prices.ts';
import { loadMarketPrices } from './market-prices.ts';
import { at, NOT_PRICE_FEEDS, readRecordedFeed, RECORDED_FEEDS, fixtureFiles } from './test-support.ts';

/** The real store (PGlite, or TEST_DATABASE_URL); each test uses sources of its own. */
let database: Database;
const clock = at('2025-12-01T12:00:00Z');
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

describe('importMarketPrices', () => {
  it('classifies every fixture file as a price feed or as something else', () => {
    assert.deepEqual(fixtureFiles(), [...RECORDED_FEEDS.map((f) => f.file), ...NOT_PRICE_FEEDS].sort());
  });

  for (const { file, format, count } of RECORDED_FEEDS) {
    it(`imports all ${count} intervals of ${file} when its format is ${format}`, async () => {
      const result = await importMarketPrices(ctx, {
        sourceId: freshSource(),
        format,
        text: readRecordedFeed(file),
      });
      assert.equal(result.count, count);
      assert.equal(result.created, count);
      assert.equal(result.replaced, 0);
    });
  }

  it('reads the stored values back per MWh in major units, exactly, when they were published otherwise', async () => {
    const load = async (
      file: string,
      format: (typeof RECORDED_FEEDS)[number]['format'],
      start: string,
      end: string,
    ) => {
      const sourceId = freshSource();
      await importMarketPrices(ctx, { sourceId, format, text: readRecordedFeed(file) });
      return live(sourceId, start, end);
    };
    const nl = await load(
      'nordpool/delivery_period_nl.json',
      'nordpool',
      '2024-11-04T23:00:00Z',
      '2024-11-05T23:00:00Z',
    );
    assert.equal(nl.currency, 'EUR');
    assert.equal(nl.prices.length, 24);
    assert.equal(perMwh(nl.prices, '2024-11-04T23:00:00Z'), '83.63');
    assert.equal(perMwh(nl.prices, '2024-11-05T22:00:00Z'), '110.03');

    const se3 = await load(
      'nordpool/indices_15.json',
      'nordpool',
      '2025-09-30T22:00:00Z',
      '2025-10-01T22:00:00Z',
    );
    assert.equal(se3.currency, 'SEK');
    assert.equal(se3.prices.length, 96);
    assert.equal(perMwh(se3.prices, '2025-09-30T22:15:00Z'), '519.88');

    const agile = await load(
      'octopus-agile/large_response_46_results.json',
      'octopus',
      '2025-11-30T00:00:00Z',
      '2025-11-30T23:00:00Z',
    );
    assert.equal(agile.currency, 'GBP');
    assert.equal(perMwh(agile.prices, '2025-11-30T00:00:00Z'), '101.8'); // 10.18 p/kWh
    assert.equal(perMwh(agile.prices, '2025-11-30T22:30:00Z'), '137.3'); // 13.73 p/kWh

    const dk = await load(
      'energidataservice/DayAheadPrices20251104.json',
      'energidataservice',
      '2025-11-04T12:00:00Z',
      '2025-11-05T23:00:00Z',
    );
    assert.equal(dk.currency, 'DKK');
    assert.equal(perMwh(dk.prices, '2025-11-04T12:00:00Z'), '335.967339');
    assert.equal(perMwh(dk.prices, '2025-11-05T11:45:00Z'), '529.4528549999999');

    const zero = await load(
      'energyzero/today_energy.json',
      'energyzero',
      '2022-12-06T23:00:00Z',
      '2022-12-07T23:00:00Z',
    );
    assert.equal(perMwh(zero.prices, '2022-12-06T23:00:00Z'), '350');

    const de = await load(
      'entsoe/response-PT15M.xml',
      'entsoe',
      '2025-10-30T23:00:00Z',
      '2025-11-01T23:00:00Z',
    );
    assert.equal(de.prices.length, 192);
    assert.equal(perMwh(de.prices, '2025-10-31T08:45:00Z'), '66.15');
    assert.ok(de.prices.every((p) => p.confidence === 1));
  });

  it('keeps one copy and reports replacements when the same file is imported twice', async () => {
    const sourceId = freshSource();
    const text = readRecordedFeed('entsoe/response-PT60M.xml');
    await importMarketPrices(ctx, { sourceId, format: 'entsoe', text });
    const again = await importMarketPrices(ctx, { sourceId, format: 'entsoe', text });
    assert.deepEqual([again.count, again.created, again.replaced], [48, 0, 48]);
    const rows = await selectMarketPricesOverlapping(
      ctx.db,
      sourceId,
      new Date(0),
      new Date(at('2030-01-01T00:00:00Z')),
    );
    assert.equal(rows.length, 48);
    assert.deepEqual(
      [rows[0]?.unit, rows[0]?.currency, rows[0]?.feed, rows[0]?.area, rows[0]?.value],
      ['MWh', 'EUR', 'entsoe', '10YCH-SWISSGRIDZ', '104.06'],
    );
    assert.equal(rows[0]?.published_at.getTime(), at('2025-11-26T14:16:15Z'));
  });

  it('replaces overlapping intervals of another resolution when a day is re-imported quarter-hourly', async () => {
    const sourceId = freshSource();
    await importMarketPrices(ctx, {
      sourceId,
      format: 'entsoe',
      text: readRecordedFeed('entsoe/response-PT60M.xml'),
    });
    const quarters = Array.from({ length: 8 }, (_, i) => ({
      start: `2025-11-26T0${Math.floor(i / 4)}:${String((i % 4) * 15).padStart(2, '0')}:00Z`,
      spotPrice: `0.1${i}`,
    }));
    const text = JSON.stringify(quarters).replace(/"(0\.1\d)"/g, '$1');
    // Energi Data Service is in DKK: a source holds one currency, so this goes to an EUR copy instead.
    await assert.rejects(importMarketPrices(ctx, { sourceId, format: 'energidataservice', text }), {
      code: 'currency_mismatch',
    });
    const eur = JSON.stringify({
      Prices: quarters.map((q) => ({ readingDate: q.start, price: q.spotPrice })),
    }).replace(/"(0\.1\d)"/g, '$1');
    const result = await importMarketPrices(ctx, { sourceId, format: 'energyzero', text: eur });
    assert.deepEqual([result.count, result.created, result.replaced], [8, 6, 2]);
    const series = await live(sourceId, '2025-11-25T23:00:00Z', '2025-11-26T03:00:00Z');
    assert.deepEqual(
      series.prices.map((p) => [new Date(p.start).toISOString().slice(11, 16), formatDecimal(p.pricePerMwh)]),
      [
        ['23:00', '104.06'],
        ['00:00', '100'],
        ['00:15', '110'],
        ['00:30', '120'],
        ['00:45', '130'],
        ['01:00', '140'],
        ['01:15', '150'],
        ['01:30', '160'],
        ['01:45', '170'],
        ['02:00', '99.8'],
      ],
    );
  });

  it('stores nothing when the import fails part-way', async () => {
    const sourceId = freshSource();
    const starts = Array.from({ length: 1200 }, (_, i) => ({
      start: new Date(at('2025-01-01T00:00:00Z') + i * 900_000).toISOString(),
      spotPrice: 0.5,
    }));
    const progress: ImportProgress[] = [];
    await assert.rejects(
      importMarketPrices(ctx, {
        sourceId,
        format: 'energidataservice',
        text: JSON.stringify(starts),
        onProgress: (p) => {
          progress.push(p);
          if (p.done > 500) throw new Error('interrupted');
        },
      }),
      /interrupted/,
    );
    assert.deepEqual(progress, [
      { done: 500, total: 1200 },
      { done: 1000, total: 1200 },
    ]);
    const series = await live(sourceId, '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z');
    assert.deepEqual(series.prices, []);
  });

  it('refuses bad input with a code that names it', async () => {
    const text = readRecordedFeed('energyzero/today_energy.json');
    await assert.rejects(importMarketPrices(ctx, { sourceId: 'nl', format: 'energyzero', text }), {
      code: 'source_id_invalid',
    });
    await assert.rejects(
      importMarketPrices(ctx, { sourceId: 'cus_65792b4ef61b16685ebd2ec7', format: 'energyzero', text }),
      {
        code: 'source_id_invalid',
      },
    );
    await assert.rejects(importMarketPrices(ctx, { sourceId: freshSource(), format: 'csv', text }), {
      code: 'format_invalid',
    });
    await assert.rejects(
      importMarketPrices(ctx, { sourceId: freshSource(), format: 'energyzero', text: ' ' }),
      { code: 'feed_missing' },
    );
    await assert.rejects(importMarketPrices(ctx, { sourceId: freshSource(), format: 'entsoe', text }), {
      code: 'feed_invalid',
    });
    await assert.rejects(
      importMarketPrices(ctx, {
        sourceId: freshSource(),
        format: 'energidataservice',
        text: readRecordedFeed('energidataservice/DatahubPricelistN1.json'),
      }),
      { code: 'feed_invalid' },
    );
  });
});
