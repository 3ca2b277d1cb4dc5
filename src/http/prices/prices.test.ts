import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

type Hours = { valid_from: string; valid_to: string; rate: Record<string, number | null>[] }[];
const schedule = (hours: Hours, days = ['All']) => [{ months: ['All'], days_and_hours: [{ days, hours }] }];
const allDay = (rate: number) => [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: rate }] }];

async function setUp(
  client: Client,
  address: Record<string, string>,
  tariffs: Record<string, unknown>[],
): Promise<string> {
  const location = await client.request('POST', '/locations', { postal_address: address });
  assert.equal(location.status, 201);
  for (const tariff of tariffs) {
    const reply = await client.request('POST', '/tariffs', {
      location_id: location.body.id,
      direction: 'IMPORT',
      type: 'COMMODITY',
      contract_start_date: '2024-01-01T00:00:00Z',
      contract_end_date: '2030-01-01T00:00:00Z',
      ...tariff,
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
  }
  return location.body.id;
}

const prices = (client: Client, id: string, body: Record<string, unknown>) =>
  client.request('POST', `/prices/${id}`, body);
const rows = (reply: {
  body: { data: { valid_from: string; valid_to: string; price: { value: number; confidence: number } }[] };
}) => reply.body.data.map((d) => [d.valid_from, d.valid_to, d.price.value, d.price.confidence]);

describe('price_retrieve', () => {
  it('returns one interval clipped to the window for a flat tariff, as the Sydney example', async () => {
    const client = await newClient(h);
    const id = await setUp(client, { city: 'Sydney', state: 'NSW', country_code: 'AU' }, [
      { schedule: schedule(allDay(0.014)) },
    ]);
    const reply = await prices(client, id, {
      start_time: '2025-09-15T10:00:00Z',
      end_time: '2025-09-16T10:00:00Z',
      tariff_direction: 'IMPORT',
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.object, 'price');
    assert.match(reply.body.id, /^prs_[0-9a-f]{24}$/);
    assert.equal(reply.body.location_timezone, 'Australia/Sydney');
    assert.equal(reply.body.currency_code, 'AUD');
    assert.deepEqual(rows(reply), [['2025-09-15T10:00:00Z', '2025-09-16T10:00:00Z', 0.014, 1]]);
    const local = await prices(client, id, {
      start_time: '2025-09-15T00:00:00+10:00',
      end_time: '2025-09-16T00:00:00+10:00',
    });
    assert.deepEqual(rows(local), [['2025-09-15T00:00:00+10:00', '2025-09-16T00:00:00+10:00', 0.014, 1]]);
    assert.deepEqual(local.body.request, {
      tariff_direction: 'IMPORT',
      start_time: '2025-09-15T00:00:00+10:00',
      end_time: '2025-09-16T00:00:00+10:00',
    });
  });

  it("writes every time in end_time's offset across a DST change, as the documented example", async () => {
    const client = await newClient(h);
    const id = await setUp(client, { city: 'Berlin', country_code: 'DE' }, [
      { schedule: schedule(allDay(0.3)) },
    ]);
    const reply = await prices(client, id, {
      start_time: '2025-03-30T00:00:00+01:00',
      end_time: '2025-03-30T04:00:00+02:00',
    });
    assert.deepEqual(rows(reply), [['2025-03-30T01:00:00+02:00', '2025-03-30T04:00:00+02:00', 0.3, 1]]);
  });

  it('follows local peak hours through the spring DST day in London', async () => {
    const client = await newClient(h);
    const hours: Hours = [
      { valid_from: '00:00:00', valid_to: '16:00:00', rate: [{ fixed: 0.15 }] },
      { valid_from: '16:00:00', valid_to: '19:00:00', rate: [{ fixed: 0.35 }] },
      { valid_from: '19:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.15 }] },
    ];
    const id = await setUp(client, { city: 'London', country_code: 'GB' }, [{ schedule: schedule(hours) }]);
    // 29 March is GMT, 30 March BST from 01:00Z: 16:00 local is 16:00Z then 15:00Z.
    const reply = await prices(client, id, {
      start_time: '2025-03-29T12:00:00Z',
      end_time: '2025-03-31T00:00:00Z',
    });
    assert.deepEqual(rows(reply), [
      ['2025-03-29T12:00:00Z', '2025-03-29T16:00:00Z', 0.15, 1],
      ['2025-03-29T16:00:00Z', '2025-03-29T19:00:00Z', 0.35, 1],
      ['2025-03-29T19:00:00Z', '2025-03-30T15:00:00Z', 0.15, 1],
      ['2025-03-30T15:00:00Z', '2025-03-30T18:00:00Z', 0.35, 1],
      ['2025-03-30T18:00:00Z', '2025-03-31T00:00:00Z', 0.15, 1],
    ]);
  });

  it('adds the non-commodity tariff to the commodity price exactly, and the audit shows both', async () => {
    const client = await newClient(h);
    const id = await setUp(client, { city: 'Leeds', country_code: 'GB' }, [
      { schedule: schedule(allDay(0.1)) },
      { type: 'NON_COMMODITY', schedule: schedule(allDay(0.2)) },
    ]);
    const window = { start_time: '2025-06-01T00:00:00Z', end_time: '2025-06-01T06:00:00Z' };
    const reply = await prices(client, id, window);
    assert.deepEqual(rows(reply), [['2025-06-01T00:00:00Z', '2025-06-01T06:00:00Z', 0.3, 1]]);
    const audit = await client.request('POST', `/audits/prices/${id}`, window);
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.equal(audit.body.object, 'price_audit');
    assert.deepEqual(audit.body.data, [
      {
        valid_from: '2025-06-01T00:00:00Z',
        valid_to: '2025-06-01T06:00:00Z',
        price_breakdown: {
          commodity: { fixed: 0.1, percentage: 0, tier: 0, aggregate: 0.1 },
          non_commodity: { fixed: 0.2, tier: 0 },
          total: 0.3,
          confidence: 1,
        },
      },
    ]);
  });

  it('reports the first tier of a tiered tariff', async () => {
    const client = await newClient(h);
    const tiers = [
      {
        valid_from: '00:00:00',
        valid_to: '00:00:00',
        rate: [
          { fixed: 0.2, to_kwh: 100 },
          { fixed: 0.3, to_kwh: null },
        ],
      },
    ];
    const id = await setUp(client, { city: 'Paris', country_code: 'FR' }, [{ schedule: schedule(tiers) }]);
    const reply = await prices(client, id, {
      start_time: '2025-06-01T00:00:00Z',
      end_time: '2025-06-02T00:00:00Z',
    });
    assert.deepEqual(rows(reply), [['2025-06-01T00:00:00Z', '2025-06-02T00:00:00Z', 0.2, 1]]);
  });

  it('extrapolates past the contract end with lower confidence', async () => {
    const client = await newClient(h);
    const id = await setUp(client, { city: 'Madrid', country_code: 'ES' }, [
      { schedule: schedule(allDay(0.12)), contract_end_date: '2025-01-01T00:00:00Z' },
    ]);
    const reply = await prices(client, id, {
      start_time: '2024-12-31T12:00:00Z',
      end_time: '2025-01-01T12:00:00Z',
    });
    assert.deepEqual(rows(reply), [
      ['2024-12-31T12:00:00Z', '2025-01-01T00:00:00Z', 0.12, 1],
      ['2025-01-01T00:00:00Z', '2025-01-01T12:00:00Z', 0.12, 0.8],
    ]);
  });

  it('answers 422 no_tariff_connected when the direction has no tariff', async () => {
    const client = await newClient(h);
    const id = await setUp(client, { city: 'Rome', country_code: 'IT' }, [
      { schedule: schedule(allDay(0.2)) },
    ]);
    const reply = await prices(client, id, {
      end_time: '2030-01-01T00:00:00Z',
      start_time: '2029-12-31T00:00:00Z',
      tariff_direction: 'EXPORT',
    });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.code, 'no_tariff_connected');
    assert.equal(reply.body.type, 'invalid_request');
    assert.equal(reply.body.context, 'api.price_retrieve');
  });

  it('answers 400 for a missing or bad end_time, an impossible date, a reversed or too long window, or a bad direction', async () => {
    const client = await newClient(h);
    const id = await setUp(client, { city: 'Vienna', country_code: 'AT' }, [
      { schedule: schedule(allDay(0.2)) },
    ]);
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'end_time_missing'],
      [{ end_time: 'soon' }, 'end_time_invalid'],
      [{ end_time: '2025-01-01T00:00:00' }, 'end_time_invalid'],
      [{ end_time: '2025-01-01T00:00:00Z', start_time: '1 Jan' }, 'start_time_invalid'],
      [{ end_time: '2025-01-01T00:00:00Z', start_time: '2025-01-02T00:00:00Z' }, 'time_range_invalid'],
      [{ end_time: '2025-06-01T00:00:00Z', start_time: '2025-01-01T00:00:00Z' }, 'time_range_invalid'],
      [
        { end_time: '2025-01-02T00:00:00Z', start_time: '2025-01-01T00:00:00Z', tariff_direction: 'UP' },
        'tariff_direction_invalid',
      ],
      [{ end_time: 12 }, 'end_time_invalid'],
      // Not rolled over to 2 March.
      [{ end_time: '2025-03-03T00:00:00Z', start_time: '2025-02-30T00:00:00Z' }, 'start_time_invalid'],
      [{ end_time: '2025-01-01T24:00:00Z', start_time: '2025-01-01T00:00:00Z' }, 'end_time_invalid'],
    ];
    for (const [body, code] of cases) {
      const reply = await prices(client, id, body);
      assert.equal(reply.status, 400, `${code} ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.code, code);
    }
  });

  it('answers 404 for an unknown location or one of another account', async () => {
    const owner = await newClient(h);
    const other = await newClient(h);
    const id = await setUp(owner, { city: 'Oslo', country_code: 'NO' }, [
      { schedule: schedule(allDay(0.2)) },
    ]);
    const body = { start_time: '2025-01-01T00:00:00Z', end_time: '2025-01-02T00:00:00Z' };
    assert.equal((await prices(other, id, body)).status, 404);
    assert.equal((await prices(owner, 'loc_65e421d1daa4a24082b4f590', body)).status, 404);
  });
});

describe('price_retrieve for market tariffs in test mode', () => {
  const market = (surcharges: Record<string, number>) => ({
    market_rates: true,
    schedule: [
      {
        months: ['All'],
        days_and_hours: [
          { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [surcharges] }] },
        ],
      },
    ],
  });

  it('prices every interval as (market + surcharge_fixed) × (1 + surcharge_percentage)', async () => {
    const client = await newClient(h);
    const id = await setUp(client, { city: 'Amsterdam', country_code: 'NL' }, [
      market({ surcharge_fixed: 0.02, surcharge_percentage: 0.21 }),
    ]);
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z');
    const start = new Date(Date.parse(end) - 2 * 86_400_000).toISOString().replace('.000Z', 'Z');
    const reply = await prices(client, id, { start_time: start, end_time: end });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.ok(reply.body.data.length >= 24, `${reply.body.data.length} intervals`);
    assert.equal(reply.body.data[0].valid_from, start);
    assert.equal(reply.body.data.at(-1).valid_to, end);
    const audit = await client.request('POST', `/audits/prices/${id}`, { start_time: start, end_time: end });
    assert.equal(audit.status, 200);
    assert.deepEqual(audit.body.market_sources, ['mrs_65792b4ef61b16685ebd2ec7']);
    for (const row of audit.body.data) {
      const c = row.price_breakdown.commodity;
      assert.equal(c.fixed, 0.02);
      const expected = Math.round((c.market + 0.02) * 1.21 * 1e5) / 1e5;
      assert.ok(Math.abs(c.aggregate - expected) <= 1e-5, `${JSON.stringify(c)} expected ${expected}`);
      assert.ok(Math.abs(c.market + c.fixed + c.percentage - c.aggregate) <= 2e-5);
    }
    assert.ok(
      audit.body.data.some(
        (row: { price_breakdown: { commodity: { market: number } } }) =>
          row.price_breakdown.commodity.market !== audit.body.data[0].price_breakdown.commodity.market,
      ),
      'the market price moves during two days',
    );
  });

  it('answers 422 no_price_data when the window reaches past the known market prices', async () => {
    const client = await newClient(h);
    const id = await setUp(client, { city: 'Utrecht', country_code: 'NL' }, [
      market({ surcharge_fixed: 0.01 }),
    ]);
    const start = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const end = new Date(Date.now() + 21 * 86_400_000).toISOString();
    const reply = await prices(client, id, { start_time: start, end_time: end });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.code, 'no_price_data');
  });
});
