// market_scenario_create, market_scenario_list, market_scenario_delete [decision:market-scenarios],
// and what the scenarios do to the prices of the test-mode market, through the real app.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { epochDayFromCivil } from '../../engine/calendar.ts';
import { decimalToNumber } from '../../engine/decimal.ts';
import { simulateMarketDay, type SimulatedMarket } from '../../engine/market-simulator.ts';
import { deleteMarketScenarios } from '../../store/market-scenarios.ts';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

const NL_SOURCE = 'mrs_65792b4ef61b16685ebd2ec7';
/** The Netherlands' simulated market, as docs/market-data.md describes it. */
const NL: SimulatedMarket = {
  seed: NL_SOURCE,
  timeZone: 'Europe/Amsterdam',
  resolutionMs: 15 * 60_000,
  hourlyBeforeDay: epochDayFromCivil(2025, 10, 1),
  levelPerMwh: 90,
};
/** 29 March 2026, the spring DST day in Amsterdam: 23 hours, from 23:00Z on the 28th. */
const SPRING = epochDayFromCivil(2026, 3, 29);
const PATH = '/test_helpers/market_scenarios';

let h: Harness;
before(async () => {
  // Market prices are shared by every account: the live import below keeps to this file's database.
  h = await startHarness({ ownDatabase: true });
});
after(() => h.close());

/** Sets the server's time, then makes an account (its token is issued at that time). */
async function clientAt(instant: string, mode: 'test' | 'live' = 'test', accountId?: string) {
  h.clockOffset = Date.parse(instant) - Date.now();
  return newClient(h, mode, accountId);
}

async function marketLocation(client: Client): Promise<string> {
  const location = await client.request('POST', '/locations', {
    postal_address: { address_line1: 'Dam 1', city: 'Amsterdam', post_code: '1012 JS', country_code: 'NL' },
  });
  assert.equal(location.status, 201, JSON.stringify(location.body));
  assert.equal(location.body.market_sources.import, NL_SOURCE);
  const tariff = await client.request('POST', '/tariffs', {
    location_id: location.body.id,
    direction: 'IMPORT',
    type: 'COMMODITY',
    market_rates: true,
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
  });
  assert.equal(tariff.status, 201, JSON.stringify(tariff.body));
  return location.body.id as string;
}

interface Row {
  from: string;
  to: string;
  value: number;
  confidence: number;
}

async function pricesOf(client: Client, location: string, start: string, end: string) {
  const reply = await client.request('POST', `/prices/${location}`, { start_time: start, end_time: end });
  const rows =
    reply.status === 200
      ? (
          reply.body.data as {
            valid_from: string;
            valid_to: string;
            price: { value: number; confidence: number };
          }[]
        ).map((d): Row => ({
          from: d.valid_from,
          to: d.valid_to,
          value: d.price.value,
          confidence: d.price.confidence,
        }))
      : [];
  return { status: reply.status, body: reply.body, rows };
}

/** The base price per kWh of each quarter-hour of the spring day (per MWh in cents ÷ 100 000). */
const base = simulateMarketDay(NL, SPRING).map((p) => Math.round(decimalToNumber(p.pricePerMwh) * 100));
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** Rows of quarter-hours `from` to `to` (exclusive) of the spring day, valued by `value(cents)`. */
function expectedRows(from: number, to: number, value: (cents: number, i: number) => number): Row[] {
  const dayStart = Date.parse('2026-03-28T23:00:00Z');
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return {
      from: iso(dayStart + i * 900_000),
      to: iso(dayStart + (i + 1) * 900_000),
      value: value(base[i] as number, i) / 100_000,
      confidence: 1,
    };
  });
}

const create = (client: Client, body: Record<string, unknown>) => client.request('POST', PATH, body);

describe('market_scenario_create', () => {
  it('creates a scenario and lists it, newest first, filtered by source', async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    const spike = await create(client, {
      source_id: NL_SOURCE,
      type: 'spike',
      start_date: '2026-03-29',
      end_date: '2026-03-30',
    });
    assert.equal(spike.status, 201, JSON.stringify(spike.body));
    assert.match(spike.body.id, /^msc_[0-9a-f]{24}$/);
    assert.deepEqual(spike.body, {
      id: spike.body.id,
      object: 'market_scenario',
      live_mode: false,
      source_id: NL_SOURCE,
      type: 'spike',
      start_date: '2026-03-29',
      end_date: '2026-03-30',
      time_created: '2026-03-28T12:00:00Z',
    });
    const late = await create(client, {
      source_id: 'mrs_65792b4ef61b16685ebd2ec9',
      type: 'late',
      start_date: '2026-04-01',
      end_date: '2026-04-01',
      delay_minutes: 30,
    });
    assert.equal(late.status, 201, JSON.stringify(late.body));
    assert.equal(late.body.delay_minutes, 30);

    const all = await client.request('GET', PATH);
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.data.map((s: { id: string }) => s.id),
      [late.body.id, spike.body.id],
    );
    assert.equal(all.body.url, PATH);
    const nl = await client.request('GET', `${PATH}?source_id=${NL_SOURCE}&limit=1`);
    assert.deepEqual(nl.body.data, [spike.body]);
    assert.equal(nl.body.has_more, false);

    const other = await clientAt('2026-03-28T12:00:00Z');
    assert.deepEqual((await other.request('GET', PATH)).body.data, []);
  });

  it('refuses bad input with a code that names the field', async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    const ok = { source_id: NL_SOURCE, type: 'flat', start_date: '2026-03-29', end_date: '2026-03-29' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, source_id: undefined }, 'source_id_missing'],
      [{ ...ok, source_id: 'cus_65792b4ef61b16685ebd2ec7' }, 'source_id_invalid'],
      [{ ...ok, type: 'storm' }, 'type_invalid'],
      [{ ...ok, type: undefined }, 'type_missing'],
      [{ ...ok, start_date: '2026-02-30' }, 'start_date_invalid'],
      [{ ...ok, start_date: '29/03/2026' }, 'start_date_invalid'],
      [{ ...ok, end_date: undefined }, 'end_date_missing'],
      [{ ...ok, end_date: '2026-03-28' }, 'end_date_invalid'],
      [{ ...ok, start_date: '2026-01-01', end_date: '2027-01-02' }, 'end_date_invalid'],
      [{ ...ok, type: 'late' }, 'delay_minutes_missing'],
      [{ ...ok, type: 'late', delay_minutes: 0 }, 'delay_minutes_invalid'],
      [{ ...ok, type: 'late', delay_minutes: 1441 }, 'delay_minutes_invalid'],
      [{ ...ok, type: 'late', delay_minutes: 1.5 }, 'delay_minutes_invalid'],
      [{ ...ok, delay_minutes: 10 }, 'delay_minutes_invalid'],
    ];
    for (const [body, code] of cases) {
      const reply = await create(client, body);
      assert.equal(reply.status, 400, `${code}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.code, code, JSON.stringify(reply.body));
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.context, 'api.market_scenario_create');
    }
    assert.deepEqual((await client.request('GET', PATH)).body.data, []);
  });

  it('answers live keys with the 404 of an unknown route, on every test helper', async () => {
    const live = await clientAt('2026-03-28T12:00:00Z', 'live');
    const unknown = await live.request('GET', '/test_helpers/no_such_thing');
    const strip = (body: Record<string, unknown>) => ({ ...body, time_created: '', request_id: '' });
    for (const [method, url, body] of [
      [
        'POST',
        PATH,
        { source_id: NL_SOURCE, type: 'flat', start_date: '2026-03-29', end_date: '2026-03-29' },
      ],
      ['GET', PATH, undefined],
      ['DELETE', `${PATH}/msc_69c7c2c0674a26dfe1cb6f75`, undefined],
    ] as const) {
      const reply = await live.request(method, url, body);
      assert.equal(reply.status, 404);
      assert.deepEqual(strip(reply.body), strip(unknown.body), `${method} ${url}`);
    }
    // a forced error changes nothing: the helper still does not exist for a live key
    const withHeader = await live.request('GET', PATH, undefined, { 'offpeak-test-error': 'rate_limit' });
    assert.equal(withHeader.status, 404);
    assert.deepEqual(strip(withHeader.body), strip(unknown.body));
    assert.deepEqual(strip(unknown.body), {
      object: 'error',
      live_mode: false,
      context: 'api',
      type: 'invalid_request',
      code: 'not_found',
      message: 'Not Found',
      time_created: '',
      request_id: '',
    });
  });
});

describe('market_scenario_delete', () => {
  it("deletes the account's own scenario, and answers 404 for another account's", async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    const other = await clientAt('2026-03-28T12:00:00Z');
    const body = { source_id: NL_SOURCE, type: 'missing', start_date: '2026-03-29', end_date: '2026-03-29' };
    const scenario = (await create(client, body)).body;
    const foreign = await other.request('DELETE', `${PATH}/${scenario.id}`);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.code, 'not_found');
    const deleted = await client.request('DELETE', `${PATH}/${scenario.id}`);
    assert.deepEqual([deleted.status, deleted.body], [202, { message: 'Accepted' }]);
    assert.equal((await client.request('DELETE', `${PATH}/${scenario.id}`)).status, 404);
  });
});

describe('deleteMarketScenarios', () => {
  it("deletes every scenario of one account and no other account's (for /test_helpers/reset)", async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    const other = await clientAt('2026-03-28T12:00:00Z');
    const body = { source_id: NL_SOURCE, type: 'flat', start_date: '2026-03-29', end_date: '2026-03-29' };
    for (const c of [client, client, other]) assert.equal((await create(c, body)).status, 201);
    await deleteMarketScenarios(h.ctx.db, client.accountId);
    assert.deepEqual((await client.request('GET', PATH)).body.data, []);
    assert.equal((await other.request('GET', PATH)).body.data.length, 1);
  });
});

describe('prices under market scenarios', () => {
  it('spikes 17:00–20:00 Amsterdam time on the DST day at 5 × the base price, and only there', async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    const location = await marketLocation(client);
    // 14:00Z–16:00Z is 16:00–18:00 CEST: quarter-hours 60 to 67, of which 64 to 67 spike
    const window = ['2026-03-29T14:00:00Z', '2026-03-29T16:00:00Z'] as const;
    const plain = await pricesOf(client, location, ...window);
    assert.deepEqual(
      plain.rows,
      expectedRows(60, 68, (c) => c),
    );

    await create(client, {
      source_id: NL_SOURCE,
      type: 'spike',
      start_date: '2026-03-29',
      end_date: '2026-03-29',
    });
    const spiked = await pricesOf(client, location, ...window);
    assert.deepEqual(
      spiked.rows,
      expectedRows(60, 68, (c, i) => (i >= 64 ? 5 * Math.abs(c) : c)),
    );

    // another account's test mode keeps the simulated prices
    const other = await clientAt('2026-03-28T12:00:00Z');
    assert.deepEqual((await pricesOf(other, await marketLocation(other), ...window)).rows, plain.rows);
  });

  it('prices a negative day below zero from 10:00 to 16:00 local, and a flat day as one interval', async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    const location = await marketLocation(client);
    await create(client, {
      source_id: NL_SOURCE,
      type: 'negative',
      start_date: '2026-03-29',
      end_date: '2026-03-29',
    });
    // 07:00Z–09:00Z is 09:00–11:00 CEST: quarter-hours 32 to 39, of which 36 to 39 are negative
    const negative = await pricesOf(client, location, '2026-03-29T07:00:00Z', '2026-03-29T09:00:00Z');
    assert.deepEqual(
      negative.rows,
      expectedRows(32, 40, (c, i) => (i >= 36 ? -Math.abs(c) : c)),
    );

    const flatClient = await clientAt('2026-03-28T12:00:00Z');
    const flatLocation = await marketLocation(flatClient);
    await create(flatClient, {
      source_id: NL_SOURCE,
      type: 'flat',
      start_date: '2026-03-29',
      end_date: '2026-03-29',
    });
    const flat = await pricesOf(flatClient, flatLocation, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z');
    const mean = base.reduce((a, b) => a + b, 0) / base.length;
    // equal neighbours merge [decision:interval-merging]: the whole 23-hour day is one interval
    assert.deepEqual(flat.rows, [
      {
        from: '2026-03-28T23:00:00Z',
        to: '2026-03-29T22:00:00Z',
        value: (Math.sign(mean) * Math.floor(Math.abs(mean) + 0.5)) / 100_000,
        confidence: 1,
      },
    ]);
  });

  it('answers 422 no_price_data on a missing day exactly as live mode does without prices', async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    const location = await marketLocation(client);
    await create(client, {
      source_id: NL_SOURCE,
      type: 'missing',
      start_date: '2026-03-29',
      end_date: '2026-03-29',
    });
    const missing = await pricesOf(client, location, '2026-03-29T10:00:00Z', '2026-03-29T12:00:00Z');
    assert.equal(missing.status, 422);
    const live = await clientAt('2026-03-28T12:00:00Z', 'live', client.accountId);
    const liveReply = await pricesOf(
      live,
      await marketLocation(live),
      '2026-03-29T10:00:00Z',
      '2026-03-29T12:00:00Z',
    );
    assert.equal(liveReply.status, 422);
    const strip = (body: Record<string, unknown>) => ({
      ...body,
      live_mode: null,
      time_created: '',
      request_id: '',
    });
    assert.deepEqual(strip(missing.body), strip(liveReply.body));
    assert.deepEqual(strip(missing.body), {
      object: 'error',
      live_mode: null,
      context: 'api.price_retrieve',
      type: 'invalid_request',
      code: 'no_price_data',
      message: `No market prices from ${NL_SOURCE} for part of the requested window`,
      time_created: '',
      request_id: '',
    });
    // schedules need the same prices
    const schedule = await client.request('POST', `/schedules/duration/${location}`, {
      start_time: '2026-03-29T10:00:00Z',
      end_time: '2026-03-29T12:00:00Z',
      segment: 'LOW',
      duration: 30,
    });
    assert.equal(schedule.status, 422);
    assert.equal(schedule.body.code, 'no_price_data');
    // the day before is unaffected
    assert.equal(
      (await pricesOf(client, location, '2026-03-28T10:00:00Z', '2026-03-28T12:00:00Z')).status,
      200,
    );
  });

  it('leaves live mode of the same account on the stored prices', async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    await create(client, {
      source_id: NL_SOURCE,
      type: 'spike',
      start_date: '2026-03-29',
      end_date: '2026-03-29',
    });
    const live = await clientAt('2026-03-28T12:00:00Z', 'live', client.accountId);
    const feed = {
      Prices: [15, 16, 17].map((hh, k) => ({ price: 0.1 * (k + 1), readingDate: `2026-03-29T${hh}:00:00Z` })),
    };
    const imported = await h.inject({
      method: 'POST',
      url: `/admin/market-prices/import?source_id=${NL_SOURCE}&format=energyzero`,
      payload: JSON.stringify(feed),
      headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' },
    });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    const prices = await pricesOf(
      live,
      await marketLocation(live),
      '2026-03-29T15:00:00Z',
      '2026-03-29T17:00:00Z',
    );
    assert.deepEqual(
      prices.rows.map((r) => [r.from, r.value]),
      [
        ['2026-03-29T15:00:00Z', 0.1],
        ['2026-03-29T16:00:00Z', 0.2],
      ],
    );
  });

  it('publishes a late day only once the clock passes 12:45 local plus the delay', async () => {
    // 12:45 CET is 11:45Z; delayed 90 minutes, the 29th is out at 13:15Z (tokens last an hour)
    const client = await clientAt('2026-03-28T12:30:00Z');
    const location = await marketLocation(client);
    await create(client, {
      source_id: NL_SOURCE,
      type: 'late',
      start_date: '2026-03-29',
      end_date: '2026-03-29',
      delay_minutes: 90,
    });
    const window = ['2026-03-29T14:00:00Z', '2026-03-29T16:00:00Z'] as const;
    // past the usual publication, the day is still forecast (confidence 0.5), as before it
    const early = await pricesOf(client, location, ...window);
    assert.ok(early.rows.length > 0 && early.rows.every((r) => r.confidence === 0.5));
    h.clockOffset = Date.parse('2026-03-28T13:14:59Z') - Date.now();
    const stillLate = await pricesOf(client, location, ...window);
    assert.deepEqual(stillLate.rows, early.rows);
    assert.equal(stillLate.body.next_update, '2026-03-28T13:15:00Z');
    h.clockOffset = Date.parse('2026-03-28T13:15:00Z') - Date.now();
    const published = await pricesOf(client, location, ...window);
    assert.deepEqual(
      published.rows,
      expectedRows(60, 68, (c) => c),
    );
    assert.equal(published.body.last_updated, '2026-03-28T13:15:00Z');
  });

  it('serves no stale prices when a scenario is created or deleted between two requests', async () => {
    const client = await clientAt('2026-03-28T12:00:00Z');
    const location = await marketLocation(client);
    const window = ['2026-03-29T15:00:00Z', '2026-03-29T16:00:00Z'] as const;
    const spikedRows = expectedRows(64, 68, (c) => 5 * Math.abs(c));
    const plainRows = expectedRows(64, 68, (c) => c);
    assert.deepEqual((await pricesOf(client, location, ...window)).rows, plainRows);
    const scenario = await create(client, {
      source_id: NL_SOURCE,
      type: 'spike',
      start_date: '2026-03-29',
      end_date: '2026-03-29',
    });
    assert.deepEqual((await pricesOf(client, location, ...window)).rows, spikedRows);
    await client.request('DELETE', `${PATH}/${scenario.body.id}`);
    assert.deepEqual((await pricesOf(client, location, ...window)).rows, plainRows);
  });
});
