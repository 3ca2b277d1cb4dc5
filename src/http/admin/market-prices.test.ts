import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatDecimal } from '../../engine/decimal.ts';
import { loadMarketPrices } from '../../core/market-data/market-prices.ts';
import { at, readRecordedFeed, RECORDED_FEEDS } from '../../core/market-data/test-support.ts';
import { newId } from '../../lib/ids.ts';
import { startHarness, type Harness, type Reply } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

function importFeed(
  query: Record<string, string>,
  payload: string,
  contentType = 'application/xml',
  token: string | null = h.adminToken,
): Promise<Reply> {
  return h.inject({
    method: 'POST',
    url: `/admin/market-prices/import?${new URLSearchParams(query)}`,
    payload,
    headers: { 'content-type': contentType, ...(token !== null ? { authorization: `Bearer ${token}` } : {}) },
  });
}

const PT60M = () => readRecordedFeed('entsoe/response-PT60M.xml');

describe('admin_market_price_import', () => {
  it('imports an ENTSO-E document with 201, then answers 200 with replacements when it is sent again', async () => {
    const sourceId = newId('mrs', Date.now());
    const first = await importFeed({ source_id: sourceId, format: 'entsoe' }, PT60M());
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body, {
      object: 'market_price_import',
      source_id: sourceId,
      format: 'entsoe',
      area: '10YCH-SWISSGRIDZ',
      currency: 'EUR',
      unit: 'MWh',
      count: 48,
      created: 48,
      replaced: 0,
      start: '2025-11-25T23:00:00Z',
      end: '2025-11-27T23:00:00Z',
    });
    const again = await importFeed({ source_id: sourceId, format: 'entsoe' }, PT60M(), 'text/plain');
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.count, again.body.created, again.body.replaced], [48, 0, 48]);
  });

  it('imports every recorded price feed as its raw bytes whatever the content type', async () => {
    for (const { file, format, count } of RECORDED_FEEDS) {
      const type = file.endsWith('.xml') ? 'application/xml' : 'application/json';
      const reply = await importFeed(
        { source_id: newId('mrs', Date.now()), format },
        readRecordedFeed(file),
        type,
      );
      assert.equal(reply.status, 201, `${file}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.count, count, file);
    }
  });

  it('stores values that live prices read back per MWh', async () => {
    const sourceId = newId('mrs', Date.now());
    const reply = await importFeed(
      { source_id: sourceId, format: 'octopus' },
      readRecordedFeed('octopus-agile/large_response_46_results.json'),
      'application/json',
    );
    assert.equal(reply.status, 201);
    assert.deepEqual([reply.body.currency, reply.body.unit], ['GBX', 'kWh']);
    const series = await loadMarketPrices(h.ctx, {
      sourceId,
      liveMode: true,
      start: at('2025-11-30T12:00:00Z'),
      end: at('2025-11-30T13:00:00Z'),
    });
    assert.equal(series.currency, 'GBP');
    // 15.07 and 15.95 p/kWh excluding VAT are 150.7 and 159.5 GBP/MWh.
    assert.deepEqual(
      series.prices.map((p) => formatDecimal(p.pricePerMwh)),
      ['150.7', '159.5'],
    );
  });

  it('picks the area named in the query when a Nord Pool document covers several', async () => {
    const text = JSON.stringify({
      currency: 'EUR',
      deliveryAreas: ['AT', 'GER'],
      multiAreaEntries: [
        {
          deliveryStart: '2025-01-01T00:00:00Z',
          deliveryEnd: '2025-01-01T01:00:00Z',
          entryPerArea: { AT: 1, GER: 2 },
        },
      ],
    });
    const missing = await importFeed(
      { source_id: newId('mrs', Date.now()), format: 'nordpool' },
      text,
      'application/json',
    );
    assert.deepEqual([missing.status, missing.body.code], [400, 'area_missing']);
    const chosen = await importFeed(
      { source_id: newId('mrs', Date.now()), format: 'nordpool', area: 'GER' },
      text,
      'application/json',
    );
    assert.deepEqual([chosen.status, chosen.body.area], [201, 'GER']);
  });

  it('accepts a feed larger than the 1 MiB limit of the rest of the API', async () => {
    const padded = readRecordedFeed('energyzero/today_energy.json').replace('{', `{${' '.repeat(1_200_000)}`);
    const reply = await importFeed(
      { source_id: newId('mrs', Date.now()), format: 'energyzero' },
      padded,
      'application/json',
    );
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
  });

  it('answers 400 with a code naming the problem when the request is wrong', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ source_id: 'SE3', format: 'entsoe' }, PT60M(), 'source_id_invalid'],
      [{ format: 'entsoe' }, PT60M(), 'source_id_missing'],
      [{ source_id: newId('mrs', Date.now()), format: 'csv' }, PT60M(), 'format_invalid'],
      [{ source_id: newId('mrs', Date.now()) }, PT60M(), 'format_missing'],
      [
        { source_id: newId('mrs', Date.now()), format: 'entsoe' },
        '<Publication_MarketDocument>',
        'feed_invalid',
      ],
      [{ source_id: newId('mrs', Date.now()), format: 'nordpool' }, PT60M(), 'feed_invalid'],
      [{ source_id: newId('mrs', Date.now()), format: 'entsoe' }, '   ', 'feed_missing'],
    ];
    for (const [query, body, code] of cases) {
      const reply = await importFeed(query, body);
      assert.equal(reply.status, 400, `${code}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.code, code);
      assert.equal(reply.body.context, 'api.admin_market_price_import');
    }
    const empty = await importFeed({ source_id: newId('mrs', Date.now()), format: 'entsoe' }, '');
    assert.deepEqual([empty.status, empty.body.code], [400, 'feed_missing']);
  });

  it('answers 409 currency_mismatch when a source already holds prices in another currency', async () => {
    const sourceId = newId('mrs', Date.now());
    assert.equal((await importFeed({ source_id: sourceId, format: 'entsoe' }, PT60M())).status, 201);
    const sek = await importFeed(
      { source_id: sourceId, format: 'nordpool' },
      readRecordedFeed('nordpool/indices_15.json'),
      'application/json',
    );
    assert.deepEqual([sek.status, sek.body.code], [409, 'currency_mismatch']);
  });

  it('refuses a request without the admin token', async () => {
    const query = { source_id: newId('mrs', Date.now()), format: 'entsoe' };
    assert.equal((await importFeed(query, PT60M(), 'application/xml', null)).status, 403);
    assert.equal((await importFeed(query, PT60M(), 'application/xml', 'not-the-token')).status, 403);
  });

  it('leaves JSON parsing of the other admin routes as it was', async () => {
    const account = await h.inject({
      method: 'POST',
      url: '/admin/accounts',
      body: { rate_limit_per_minute: 50 },
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    assert.deepEqual([account.status, account.body.rate_limit_per_minute], [201, 50]);
    const xml = await h.inject({
      method: 'POST',
      url: '/admin/accounts',
      payload: '<a/>',
      headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/xml' },
    });
    assert.deepEqual([xml.status, xml.body.code], [400, 'content_type_invalid']);
  });
});
