// Every pricing request reads the store a fixed number of times: the location, its tariffs, one
// read per market source for the whole window and, where tiers matter, the counter's records.
// Each request type is counted over a short window priced by one contract and over a long one cut
// into several contract pieces (market and fixed in turn): the counts must be equal and at most
// the number fixed here. Reading market prices per contract piece, or the store inside the
// pricing loop, makes the long window cost more and fails the test.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { upsertMarketPrices } from '../../store/market-prices.ts';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

/** Counts the SQL statements sent through the context's database. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    if (process.env.SHOW_QUERIES)
      console.log(this.count, args.node.kind, JSON.stringify(args.node).slice(0, 300));
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const counter = new QueryCounter();
let h: Harness;
let client: Client;
let location = '';
let device = '';

after(() => h.close());

const HOUR_MS = 3_600_000;
const at = (iso: string) => Date.parse(iso);

const flat = (rate: number) => [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: rate }] }] },
    ],
  },
];

/** Months of 2025 whose IMPORT commodity contract is a market tariff; the others are fixed. */
const MARKET_MONTHS = [1, 3, 5];

async function created(reply: Promise<{ status: number; body: { id: string } }>): Promise<string> {
  const { status, body } = await reply;
  assert.ok(status === 200 || status === 201, JSON.stringify(body));
  return body.id;
}

/**
 * A live-mode London location: six monthly IMPORT commodity contracts in 2025, market and fixed
 * in turn, a non-commodity tariff and an EXPORT market tariff over the year, stored market prices
 * for its region, a record a day of its own and a device's session records.
 */
before(async () => {
  // market prices are shared by every account: this file's own database keeps them to itself
  h = await startHarness({ plugins: [counter], ownDatabase: process.env.TEST_DATABASE_URL !== undefined });
  client = await newClient(h, 'live');
  const reply = await client.request('POST', '/locations', {
    postal_address: { city: 'London', country_code: 'GB' },
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  location = reply.body.id;
  const sources = reply.body.market_sources as { import: string; export: string };
  const year = { contract_start_date: '2025-01-01T00:00:00Z', contract_end_date: '2026-01-01T00:00:00Z' };
  for (let month = 1; month <= 6; month++) {
    const start = new Date(Date.UTC(2025, month - 1, 1)).toISOString().replace('.000', '');
    const end = new Date(Date.UTC(2025, month, 1)).toISOString().replace('.000', '');
    const market = MARKET_MONTHS.includes(month);
    await created(
      client.request('POST', '/tariffs', {
        location_id: location,
        direction: 'IMPORT',
        type: 'COMMODITY',
        contract_start_date: start,
        contract_end_date: end,
        ...(market ? { market_rates: true } : { schedule: flat(0.2 + month / 100) }),
      }),
    );
  }
  await created(
    client.request('POST', '/tariffs', {
      location_id: location,
      direction: 'IMPORT',
      type: 'NON_COMMODITY',
      schedule: flat(0.05),
      ...year,
    }),
  );
  await created(
    client.request('POST', '/tariffs', {
      location_id: location,
      direction: 'EXPORT',
      type: 'COMMODITY',
      market_rates: true,
      ...year,
    }),
  );
  // hourly prices for both regions from before the forecast's history to July
  const rows = [];
  const now = new Date();
  for (const source of new Set([sources.import, sources.export])) {
    for (let t = at('2024-12-20T00:00:00Z'); t < at('2025-07-01T00:00:00Z'); t += HOUR_MS) {
      rows.push({
        source_id: source,
        start: new Date(t),
        end: new Date(t + HOUR_MS),
        value: String(50 + ((t / HOUR_MS) % 24)),
        unit: 'MWh',
        currency: 'GBP',
        feed: 'test',
        area: null,
        published_at: now,
        updated_at: now,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1_000)
    await upsertMarketPrices(h.database.db, rows.slice(i, i + 1_000));

  const days = [];
  for (let t = at('2025-01-01T00:00:00Z'); t < at('2025-06-30T00:00:00Z'); t += 24 * HOUR_MS) {
    days.push({
      location_id: location,
      units: 'KWH',
      value: 1,
      start_time: new Date(t + 8 * HOUR_MS).toISOString(),
      end_time: new Date(t + 10 * HOUR_MS).toISOString(),
    });
  }
  assert.equal((await client.request('PUT', '/meters/interval', days)).status, 200);
  device = await created(client.request('POST', '/devices', { reference_id: 'EV' }));
  const session = (reference: string, starts: string[]) =>
    starts.map((start) => ({
      location_id: location,
      device_id: device,
      units: 'KWH',
      value: 2,
      start_time: start,
      end_time: new Date(at(start) + HOUR_MS).toISOString(),
      session_reference_id: reference,
    }));
  const put = await client.request('PUT', '/meters/interval', [
    ...session('SHORT', ['2025-01-10T20:00:00Z']),
    ...session('LONG', [
      '2025-01-20T20:00:00Z',
      '2025-02-20T20:00:00Z',
      '2025-03-20T20:00:00Z',
      '2025-04-20T20:00:00Z',
    ]),
  ]);
  assert.equal(put.status, 200, JSON.stringify(put.body));
});

/** The queries one request makes, after the same request has warmed the caches of its session. */
async function queriesOf(method: 'GET' | 'POST', url: string, body?: unknown): Promise<number> {
  const warm = await client.request(method, url, body);
  assert.equal(warm.status, 200, `${url}: ${JSON.stringify(warm.body)}`);
  counter.count = 0;
  const reply = await client.request(method, url, body);
  assert.equal(reply.status, 200, `${url}: ${JSON.stringify(reply.body)}`);
  return counter.count;
}

// One contract (10 January) against four contract pieces, two of them market ones (20 January to
// 20 April); schedules, limited to three days, cross from a market month into a fixed one.
const SHORT = { start_time: '2025-01-10T00:00:00Z', end_time: '2025-01-11T00:00:00Z' };
const LONG = { start_time: '2025-01-20T00:00:00Z', end_time: '2025-04-20T00:00:00Z' };
const SHORT_3D = { start_time: '2025-01-10T00:00:00Z', end_time: '2025-01-12T00:00:00Z' };
const ACROSS_3D = { start_time: '2025-02-27T00:00:00Z', end_time: '2025-03-02T00:00:00Z' };
const query = (w: { start_time: string; end_time: string }) =>
  `start_time=${w.start_time}&end_time=${w.end_time}`;
const amount = (windows: { start_time: string; end_time: string }[]) => ({
  max_power: { units: 'KW', value: '10' },
  data: windows.map((w, i) => ({
    device_id: device,
    ...w,
    max_power: { units: 'KW', value: 7 },
    energy: { units: 'KWH', value: '7' },
    ...(i % 2 ? { direction: 'EXPORT' } : {}),
  })),
});

/**
 * Per request type: the most queries it may make, and a short and a long request of that type.
 * Prices make five: the bearer key, the location, its tariffs of the direction, and the market
 * source's latest row and rows of the window. Tiers add the counter's records; devices add their
 * check and last-seen write; a device's or session's records add their own read.
 */
const CASES: {
  name: string;
  limit: number;
  short: [method: 'GET' | 'POST', url: () => string, body?: () => unknown];
  long: [method: 'GET' | 'POST', url: () => string, body?: () => unknown];
}[] = [
  {
    name: 'prices',
    limit: 5,
    short: ['POST', () => `/prices/${location}`, () => SHORT],
    long: ['POST', () => `/prices/${location}`, () => LONG],
  },
  {
    name: 'price audit',
    limit: 6,
    short: ['POST', () => `/audits/prices/${location}`, () => SHORT],
    long: ['POST', () => `/audits/prices/${location}`, () => LONG],
  },
  {
    name: 'instant cost',
    limit: 6,
    short: [
      'POST',
      () => '/costs/instant',
      () => ({ location_id: location, units: 'KWH', value: 1, ...SHORT, non_persistent: true }),
    ],
    long: [
      'POST',
      () => '/costs/instant',
      () => ({ location_id: location, units: 'KWH', value: 1, ...LONG, non_persistent: true }),
    ],
  },
  {
    name: 'interval cost of a location',
    limit: 6,
    short: ['POST', () => `/costs/interval/${location}`, () => SHORT],
    long: ['POST', () => `/costs/interval/${location}`, () => LONG],
  },
  {
    name: 'interval cost of a device',
    limit: 9,
    short: ['POST', () => `/costs/interval/${device}`, () => SHORT],
    long: ['POST', () => `/costs/interval/${device}`, () => LONG],
  },
  {
    name: 'session cost',
    limit: 7,
    short: ['POST', () => '/costs/session/SHORT', () => ({})],
    long: ['POST', () => '/costs/session/LONG', () => ({})],
  },
  {
    name: 'duration schedule',
    limit: 5,
    short: [
      'POST',
      () => `/schedules/duration/${location}`,
      () => ({ ...SHORT_3D, segment: 'LOW', duration: 120 }),
    ],
    long: [
      'POST',
      () => `/schedules/duration/${location}`,
      () => ({ ...ACROSS_3D, segment: 'LOW', duration: 120 }),
    ],
  },
  {
    name: 'limit schedule',
    limit: 5,
    short: [
      'POST',
      () => `/schedules/limit/${location}`,
      () => ({ ...SHORT_3D, segment: 'LOW', relative: 0.5 }),
    ],
    long: [
      'POST',
      () => `/schedules/limit/${location}`,
      () => ({ ...ACROSS_3D, segment: 'LOW', relative: 0.5 }),
    ],
  },
  {
    name: 'amount schedule',
    limit: 8,
    short: ['POST', () => `/schedules/amount/${location}`, () => amount([SHORT_3D, SHORT_3D])],
    long: [
      'POST',
      () => `/schedules/amount/${location}`,
      () => amount([ACROSS_3D, SHORT_3D, ACROSS_3D, SHORT_3D]),
    ],
  },
  {
    name: 'time slots',
    limit: 5,
    short: ['GET', () => `/slots/time/${location}?${query(SHORT_3D)}&segment=LOW&duration=120`],
    long: ['GET', () => `/slots/time/${location}?${query(ACROSS_3D)}&segment=LOW&duration=120`],
  },
  {
    name: 'threshold slots',
    limit: 5,
    short: ['GET', () => `/slots/threshold/${location}?${query(SHORT_3D)}&segment=LOW&relative=0.5`],
    long: ['GET', () => `/slots/threshold/${location}?${query(ACROSS_3D)}&segment=LOW&relative=0.5`],
  },
];

describe('queries per pricing request', () => {
  for (const { name, limit, short, long } of CASES) {
    it(`${name}: at most ${limit}, whatever the window and its contract pieces`, async () => {
      const few = await queriesOf(short[0], short[1](), short[2]?.());
      const many = await queriesOf(long[0], long[1](), long[2]?.());
      assert.equal(many, few, `${name}: ${few} queries over one contract, ${many} over several`);
      assert.ok(few <= limit, `${name}: ${few} queries, more than ${limit}`);
    });
  }
});
