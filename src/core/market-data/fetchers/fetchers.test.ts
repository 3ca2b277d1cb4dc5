import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { formatDecimal } from '../../../engine/decimal.ts';
import { newId } from '../../../lib/ids.ts';
import { openDatabase, type Database } from '../../../store/database.ts';
import { migrateToLatest } from '../../../store/migrate.ts';
import type { CoreContext } from '../../context.ts';
import { loadMarketPrices } from '../market-prices.ts';
import { at, readRecordedFeed } from '../test-support.ts';
import { entsoeDayAheadUrl, fetchEntsoeDayAhead } from './entsoe-fetcher.ts';
import { fetchAndImportMarketPrices } from './fetch-and-import.ts';
import type { MarketFetchConfig } from './fetch-feed.ts';
import { fetchNordPoolDayAhead } from './nordpool-fetcher.ts';

/**
 * A local stand-in for ENTSO-E and Nord Pool on 127.0.0.1 that replays the recorded files. It
 * answers only the requests the recordings belong to; anything else is "no data".
 */
const TOKEN = 'token-for-tests';
const requests: URL[] = [];
let server: Server;
let config: MarketFetchConfig;
let database: Database;
let ctx: CoreContext;

const ACK = `<?xml version="1.0" encoding="utf-8"?>
<Acknowledgement_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0">
  <mRID>ack</mRID><createdDateTime>2025-11-26T14:16:15Z</createdDateTime>
  <Reason><code>999</code><text>No matching data found for Data item Day-ahead Prices</text></Reason>
</Acknowledgement_MarketDocument>`;

function replay(url: URL): { status: number; type?: string; body?: string } {
  const q = url.searchParams;
  if (url.pathname === '/entsoe/api') {
    if (q.get('securityToken') !== TOKEN)
      return { status: 401, type: 'text/html', body: '<html>Unauthorized</html>' };
    if (
      q.get('documentType') === 'A44' &&
      q.get('in_Domain') === '10YCH-SWISSGRIDZ' &&
      q.get('periodStart') === '202511252300'
    ) {
      return { status: 200, type: 'application/xml', body: readRecordedFeed('entsoe/response-PT60M.xml') };
    }
    return { status: 200, type: 'application/xml', body: ACK };
  }
  if (
    url.pathname === '/nordpool/api/DayAheadPrices' &&
    q.get('date') === '2024-11-05' &&
    q.get('deliveryArea') === 'NL'
  ) {
    return {
      status: 200,
      type: 'application/json',
      body: readRecordedFeed('nordpool/delivery_period_nl.json'),
    };
  }
  if (
    url.pathname === '/nordpool/api/DayAheadPriceIndices' &&
    q.get('date') === '2025-10-01' &&
    q.get('indexNames') === 'SE3' &&
    q.get('resolutionInMinutes') === '15'
  ) {
    return { status: 200, type: 'application/json', body: readRecordedFeed('nordpool/indices_15.json') };
  }
  if (url.pathname.startsWith('/nordpool/api/')) return { status: 204 };
  return { status: 404, type: 'text/plain', body: 'not found' };
}

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const answer = replay(url);
    res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config = {
    marketFetch: true,
    entsoeApiToken: TOKEN,
    entsoeBaseUrl: `${base}/entsoe/api`,
    nordPoolBaseUrl: `${base}/nordpool/api`,
  };
  database = await openDatabase({ url: process.env.TEST_DATABASE_URL, dataDir: 'memory://', poolSize: 2 });
  await migrateToLatest(database.db);
  ctx = { db: database.db, now: () => at('2025-11-26T15:00:00Z') };
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

const lastRequest = (): URL => {
  const url = requests.at(-1);
  assert.ok(url, 'a request reached the server');
  return url;
};

describe('fetchEntsoeDayAhead', () => {
  it('asks for A44 over the local delivery day in UTC with the token, and parses the answer', async () => {
    const feed = await fetchEntsoeDayAhead(config, {
      area: '10YCH-SWISSGRIDZ',
      day: '2025-11-26',
      timeZone: 'Europe/Zurich',
    });
    const q = lastRequest().searchParams;
    assert.deepEqual(
      ['documentType', 'in_Domain', 'out_Domain', 'periodStart', 'periodEnd', 'securityToken'].map((k) =>
        q.get(k),
      ),
      ['A44', '10YCH-SWISSGRIDZ', '10YCH-SWISSGRIDZ', '202511252300', '202511262300', TOKEN],
    );
    assert.equal(feed?.points.length, 48);
    assert.equal(feed?.points[0] && formatDecimal(feed.points[0].value), '104.06');
  });

  it('returns null when ENTSO-E acknowledges that it has no data yet', async () => {
    assert.equal(await fetchEntsoeDayAhead(config, { area: '10YCH-SWISSGRIDZ', day: '2025-11-28' }), null);
  });

  it('fails with market_fetch_failed, without the token in the message, when ENTSO-E refuses the token', async () => {
    const wrong = { ...config, entsoeApiToken: 'wrong-token' };
    await assert.rejects(
      fetchEntsoeDayAhead(wrong, { area: '10YCH-SWISSGRIDZ', day: '2025-11-26' }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'market_fetch_failed');
        assert.match(error.message, /HTTP 401/);
        assert.doesNotMatch(error.message, /wrong-token/);
        return true;
      },
    );
  });

  it('fetches nothing when the switch is off or the token is missing', async () => {
    const before = requests.length;
    await assert.rejects(
      fetchEntsoeDayAhead({ ...config, marketFetch: false }, { area: '10YCH-SWISSGRIDZ', day: '2025-11-26' }),
      {
        code: 'market_fetch_disabled',
      },
    );
    await assert.rejects(
      fetchEntsoeDayAhead(
        { ...config, entsoeApiToken: undefined },
        { area: '10YCH-SWISSGRIDZ', day: '2025-11-26' },
      ),
      {
        code: 'entsoe_api_token_missing',
      },
    );
    assert.equal(requests.length, before);
  });

  it('refuses an area that is not an EIC code and a day that is not a date', () => {
    assert.throws(() => entsoeDayAheadUrl(config, { area: 'CH', day: '2025-11-26' }), {
      code: 'area_invalid',
    });
    assert.throws(() => entsoeDayAheadUrl(config, { area: '10YCH-SWISSGRIDZ', day: '2025-02-30' }), {
      code: 'day_invalid',
    });
  });
});

describe('fetchNordPoolDayAhead', () => {
  it('asks DayAheadPrices for the area, day and currency, and parses the hourly answer', async () => {
    const feed = await fetchNordPoolDayAhead(config, { area: 'NL', day: '2024-11-05' });
    const url = lastRequest();
    assert.equal(url.pathname, '/nordpool/api/DayAheadPrices');
    assert.deepEqual(
      ['date', 'market', 'deliveryArea', 'currency'].map((k) => url.searchParams.get(k)),
      ['2024-11-05', 'DayAhead', 'NL', 'EUR'],
    );
    assert.equal(feed?.points.length, 24);
    assert.equal(feed?.currency, 'EUR');
  });

  it('asks the price index at the given resolution when one is named', async () => {
    const feed = await fetchNordPoolDayAhead(config, {
      area: 'SE3',
      day: '2025-10-01',
      currency: 'SEK',
      resolutionMinutes: 15,
    });
    assert.equal(lastRequest().searchParams.get('currency'), 'SEK');
    assert.equal(feed?.points.length, 96);
    assert.equal(feed?.currency, 'SEK');
  });

  it('returns null when Nord Pool answers 204 No Content', async () => {
    assert.equal(await fetchNordPoolDayAhead(config, { area: 'NL', day: '2030-01-01' }), null);
  });
});

describe('fetchAndImportMarketPrices', () => {
  it('stores a fetched day so that live prices read it back', async () => {
    const sourceId = newId('mrs', Date.now());
    const result = await fetchAndImportMarketPrices(ctx, config, {
      sourceId,
      source: 'nordpool',
      area: 'SE3',
      day: '2025-10-01',
      currency: 'SEK',
      resolutionMinutes: 15,
    });
    assert.deepEqual(result && [result.count, result.created, result.currency], [96, 96, 'SEK']);
    const series = await loadMarketPrices(ctx, {
      sourceId,
      liveMode: true,
      start: at('2025-09-30T22:00:00Z'),
      end: at('2025-10-01T22:00:00Z'),
    });
    assert.equal(series.prices.length, 96);
    assert.equal(series.prices[0] && formatDecimal(series.prices[0].pricePerMwh), '556.68');
  });

  it('derives the Nord Pool area and currency from a known region, and stores nothing when there is no data', async () => {
    const se3 = 'mrs_65792b4ef61b16685ebd2ea3';
    const result = await fetchAndImportMarketPrices(ctx, config, {
      sourceId: se3,
      source: 'nordpool',
      day: '2030-01-01',
    });
    assert.equal(result, null);
    assert.deepEqual(
      ['deliveryArea', 'currency'].map((k) => lastRequest().searchParams.get(k)),
      ['SE3', 'SEK'],
    );
  });

  it('stores an ENTSO-E day under its source', async () => {
    const result = await fetchAndImportMarketPrices(ctx, config, {
      sourceId: newId('mrs', Date.now()),
      source: 'entsoe',
      area: '10YCH-SWISSGRIDZ',
      day: '2025-11-26',
      timeZone: 'Europe/Zurich',
    });
    assert.deepEqual(result && [result.format, result.count, result.area], [
      'entsoe',
      48,
      '10YCH-SWISSGRIDZ',
    ]);
  });

  it('does nothing when fetching is switched off', async () => {
    await assert.rejects(
      fetchAndImportMarketPrices(
        ctx,
        { ...config, marketFetch: false },
        { sourceId: newId('mrs', Date.now()), source: 'nordpool', area: 'NL', day: '2024-11-05' },
      ),
      { code: 'market_fetch_disabled' },
    );
  });
});
