import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

/** The query parameters the specification documents for the three cost endpoints [decision:cost-query-parameters]. */
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const flat = (fixed: number) => [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed }] }] },
    ],
  },
];

/** A London location importing at 0.20 and exporting at 0.05, with records in both directions. */
async function twoWaySite(client: Client): Promise<string> {
  const location = (
    await client.request('POST', '/locations', { postal_address: { city: 'London', country_code: 'GB' } })
  ).body.id as string;
  for (const [direction, fixed] of [
    ['IMPORT', 0.2],
    ['EXPORT', 0.05],
  ] as const) {
    const tariff = await client.request('POST', '/tariffs', {
      location_id: location,
      direction,
      type: 'COMMODITY',
      contract_start_date: '2024-01-01T00:00:00Z',
      contract_end_date: '2030-01-01T00:00:00Z',
      schedule: flat(fixed),
    });
    assert.equal(tariff.status, 201, JSON.stringify(tariff.body));
  }
  const record = (start: string, end: string, value: number, flow: string) => ({
    location_id: location,
    units: 'KWH',
    value,
    start_time: start,
    end_time: end,
    energy_flow_direction: flow,
    session_reference_id: `S-${flow}`,
  });
  const put = await client.request('PUT', '/meters/interval', [
    record('2025-06-01T08:00:00Z', '2025-06-01T09:00:00Z', 2, 'INBOUND'),
    record('2025-06-01T12:00:00Z', '2025-06-01T13:00:00Z', 3, 'OUTBOUND'),
    record('2025-06-02T12:00:00Z', '2025-06-02T13:00:00Z', 5, 'OUTBOUND'),
  ]);
  assert.equal(put.status, 200, JSON.stringify(put.body));
  return location;
}

const window = { start_time: '2025-06-01T00:00:00Z', end_time: '2025-07-01T00:00:00Z' };
const costs = (reply: { body: { data: { energy: { value: number }; cost: { value: number } }[] } }) =>
  reply.body.data.map((d) => [d.energy.value, d.cost.value]);

describe('cost_interval_report query', () => {
  it('reports export in one MONTH bucket when aggregation and tariff_direction are in the query', async () => {
    const client = await newClient(h);
    const location = await twoWaySite(client);
    const reply = await client.request(
      'POST',
      `/costs/interval/${location}?aggregation=MONTH&tariff_direction=EXPORT`,
      window,
    );
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.tariff_direction, 'EXPORT');
    // 3 + 5 kWh at 0.05
    assert.deepEqual(costs(reply), [[8000, 0.4]]);
    assert.equal(reply.body.data[0].end_time, '2025-06-30T22:59:59Z');
  });

  it('reads the older direction name in the query and in the body', async () => {
    const client = await newClient(h);
    const location = await twoWaySite(client);
    const query = await client.request('POST', `/costs/interval/${location}?direction=EXPORT`, window);
    assert.equal(query.body.tariff_direction, 'EXPORT');
    assert.deepEqual(costs(query), [
      [3000, 0.15],
      [5000, 0.25],
    ]);
    const body = await client.request('POST', `/costs/interval/${location}`, {
      ...window,
      direction: 'EXPORT',
    });
    assert.deepEqual(costs(body), costs(query));
  });

  it('accepts both forms when they agree', async () => {
    const client = await newClient(h);
    const location = await twoWaySite(client);
    const reply = await client.request(
      'POST',
      `/costs/interval/${location}?tariff_direction=IMPORT&aggregation=DAY`,
      {
        ...window,
        direction: 'IMPORT',
        aggregation: 'DAY',
      },
    );
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(costs(reply), [[2000, 0.4]]);
  });

  it('answers 400 <name>_conflict when the query and the body disagree', async () => {
    const client = await newClient(h);
    const location = await twoWaySite(client);
    const cases: [string, Record<string, string>, string][] = [
      ['tariff_direction=EXPORT', { tariff_direction: 'IMPORT' }, 'tariff_direction_conflict'],
      ['direction=EXPORT', { tariff_direction: 'IMPORT' }, 'tariff_direction_conflict'],
      ['tariff_direction=IMPORT', { direction: 'LOCAL' }, 'tariff_direction_conflict'],
      ['aggregation=MONTH', { aggregation: 'DAY' }, 'aggregation_conflict'],
    ];
    for (const [query, body, code] of cases) {
      const reply = await client.request('POST', `/costs/interval/${location}?${query}`, {
        ...window,
        ...body,
      });
      assert.equal(reply.status, 400, query);
      assert.equal(reply.body.code, code);
      assert.match(reply.body.message, /query.*body/);
    }
  });

  it('answers 400 <name>_invalid when a query value is outside its enum', async () => {
    const client = await newClient(h);
    const location = await twoWaySite(client);
    for (const [query, code] of [
      ['tariff_direction=SIDEWAYS', 'tariff_direction_invalid'],
      ['direction=SIDEWAYS', 'tariff_direction_invalid'],
      ['aggregation=WEEK', 'aggregation_invalid'],
    ]) {
      const reply = await client.request('POST', `/costs/interval/${location}?${query}`, window);
      assert.equal(reply.status, 400, query);
      assert.equal(reply.body.code, code);
    }
  });
});

describe('cost_session_calculate query', () => {
  it('prices the session at export when tariff_direction=EXPORT is in the query', async () => {
    const client = await newClient(h);
    await twoWaySite(client);
    const reply = await client.request('POST', '/costs/session/S-OUTBOUND?tariff_direction=EXPORT');
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.tariff_direction, 'EXPORT');
    assert.deepEqual(costs(reply), [[8000, 0.4]]);
    const alias = await client.request('POST', '/costs/session/S-OUTBOUND?direction=EXPORT', {});
    assert.deepEqual(costs(alias), [[8000, 0.4]]);
    const conflict = await client.request('POST', '/costs/session/S-OUTBOUND?tariff_direction=EXPORT', {
      tariff_direction: 'IMPORT',
    });
    assert.equal(conflict.status, 400);
    assert.equal(conflict.body.code, 'tariff_direction_conflict');
  });
});

describe('cost_instant_calculate query', () => {
  const record = (location: string) => ({
    location_id: location,
    units: 'KWH',
    value: 1,
    start_time: '2025-06-03T08:00:00Z',
    end_time: '2025-06-03T09:00:00Z',
  });
  const june3 = { start_time: '2025-06-03T00:00:00Z', end_time: '2025-06-04T00:00:00Z' };

  it('stores nothing when non_persistent=true is in the query', async () => {
    const client = await newClient(h);
    const location = await twoWaySite(client);
    const reply = await client.request('POST', '/costs/instant?non_persistent=true', record(location));
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.request.non_persistent, true);
    assert.equal(reply.body.data.cost.value, 0.2);
    const report = await client.request('POST', `/costs/interval/${location}`, june3);
    assert.deepEqual(report.body.data, []);
    const stored = await client.request('POST', '/costs/instant?non_persistent=false', record(location));
    assert.equal(stored.body.request.non_persistent, false);
    assert.deepEqual(costs(await client.request('POST', `/costs/interval/${location}`, june3)), [
      [1000, 0.2],
    ]);
  });

  it('answers 400 non_persistent_conflict when the query and the body disagree', async () => {
    const client = await newClient(h);
    const location = await twoWaySite(client);
    const reply = await client.request('POST', '/costs/instant?non_persistent=true', {
      ...record(location),
      non_persistent: false,
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'non_persistent_conflict');
    const report = await client.request('POST', `/costs/interval/${location}`, june3);
    assert.deepEqual(report.body.data, []);
    const agreeing = await client.request('POST', '/costs/instant?non_persistent=true', {
      ...record(location),
      non_persistent: true,
    });
    assert.equal(agreeing.status, 200);
    const bad = await client.request('POST', '/costs/instant?non_persistent=maybe', record(location));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'non_persistent_invalid');
  });
});

describe('cost query parameters in the OpenAPI document', () => {
  it('lists each documented query parameter on its operation', () => {
    const paths = (
      h.app.swagger() as {
        paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
      }
    ).paths;
    const queryOf = (path: string) =>
      (paths[path]?.post?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    assert.deepEqual(queryOf('/costs/instant'), ['non_persistent']);
    assert.deepEqual(queryOf('/costs/interval/{id}'), ['tariff_direction', 'direction', 'aggregation']);
    assert.deepEqual(queryOf('/costs/session/{id}'), ['tariff_direction', 'direction']);
  });
});
