import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

type Period = [string, string, Record<string, number | null>[]];
const schedule = (periods: Period[]) => [
  {
    months: ['All'],
    days_and_hours: [
      {
        days: ['All'],
        hours: periods.map(([valid_from, valid_to, rate]) => ({ valid_from, valid_to, rate })),
      },
    ],
  },
];

async function site(
  client: Client,
  tariffs: Record<string, unknown>[],
  address = { city: 'London', country_code: 'GB' },
) {
  const location = (await client.request('POST', '/locations', { postal_address: address })).body
    .id as string;
  for (const tariff of tariffs) {
    const reply = await client.request('POST', '/tariffs', {
      location_id: location,
      direction: 'IMPORT',
      type: 'COMMODITY',
      contract_start_date: '2024-01-01T00:00:00Z',
      contract_end_date: '2030-01-01T00:00:00Z',
      ...tariff,
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
  }
  return location;
}

const peak = schedule([
  ['00:00:00', '16:00:00', [{ fixed: 0.1 }]],
  ['16:00:00', '19:00:00', [{ fixed: 0.3 }]],
  ['19:00:00', '00:00:00', [{ fixed: 0.1 }]],
]);

const tiered = schedule([
  [
    '00:00:00',
    '00:00:00',
    [
      { fixed: 0.2, to_kwh: 10 },
      { fixed: 0.3, to_kwh: null },
    ],
  ],
]);

async function meter(client: Client, location: string, records: [string, string, number, string?][]) {
  const reply = await client.request(
    'PUT',
    '/meters/interval',
    records.map(([start_time, end_time, value, session]) => ({
      location_id: location,
      units: 'KWH',
      value,
      start_time,
      end_time,
      ...(session ? { session_reference_id: session } : {}),
    })),
  );
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

const costs = (reply: { body: { data: { energy: { value: number }; cost: { value: number } }[] } }) =>
  reply.body.data.map((d) => [d.energy.value, d.cost.value]);

/** 1 June 2025, the day the tier tests meter. */
const JUNE_1 = { start_time: '2025-06-01T00:00:00Z', end_time: '2025-06-02T00:00:00Z' };

/** A location on the tiered tariff that has metered 9 kWh by 08:00 on 1 June, 1 kWh short of tier 2. */
async function nineKwhByEight(client: Client): Promise<string> {
  const location = await site(client, [{ schedule: tiered }]);
  await meter(client, location, [['2025-06-01T00:00:00Z', '2025-06-01T08:00:00Z', 9]]);
  return location;
}

describe('cost_instant_calculate', () => {
  it('splits a record at the peak boundary and prices each half', async () => {
    const client = await newClient(h);
    const location = await site(client, [{ schedule: peak }]);
    const reply = await client.request('POST', '/costs/instant', {
      location_id: location,
      units: 'KWH',
      value: 1,
      start_time: '2025-01-15T15:30:00Z',
      end_time: '2025-01-15T16:30:00Z',
      record_reference_id: 'R1',
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.object, 'meter_record');
    assert.equal(reply.body.energy_units, 'WH');
    assert.equal(reply.body.currency_code, 'GBP');
    assert.equal(reply.body.tariff_direction, 'IMPORT');
    // 0.5 kWh × 0.10 + 0.5 kWh × 0.30
    assert.deepEqual(reply.body.data, {
      start_time: '2025-01-15T15:30:00Z',
      end_time: '2025-01-15T16:30:00Z',
      record_reference_id: 'R1',
      energy: { value: 1000 },
      cost: { value: 0.2, confidence: 1 },
    });
  });

  it('turns constant power into energy over the record and spreads it across a DST change', async () => {
    const client = await newClient(h);
    const night = schedule([
      ['00:00:00', '02:00:00', [{ fixed: 0.1 }]],
      ['02:00:00', '00:00:00', [{ fixed: 0.3 }]],
    ]);
    const location = await site(client, [{ schedule: night }]);
    // 2 kW for 1 h = 2 kWh; on 30 March 02:00 BST is 01:00Z, so half is at 0.10 and half at 0.30.
    const reply = await client.request('POST', '/costs/instant', {
      location_id: location,
      units: 'KW',
      value: 2,
      start_time: '2025-03-30T00:30:00Z',
      end_time: '2025-03-30T01:30:00Z',
      non_persistent: true,
    });
    assert.equal(reply.body.data.energy.value, 2000);
    assert.equal(reply.body.data.cost.value, 0.4);
    assert.equal(reply.body.request.non_persistent, true);
    const report = await client.request('POST', `/costs/interval/${location}`, {
      start_time: '2025-03-30T00:00:00Z',
      end_time: '2025-03-31T00:00:00Z',
    });
    assert.deepEqual(report.body.data, [], 'a non-persistent record is not stored');
  });

  it('values export at the export tariff, negative prices included', async () => {
    const client = await newClient(h);
    const location = await site(client, [
      { direction: 'EXPORT', schedule: schedule([['00:00:00', '00:00:00', [{ fixed: -0.05 }]]]) },
    ]);
    const reply = await client.request('POST', '/costs/instant', {
      location_id: location,
      units: 'WH',
      value: 2000,
      start_time: '2025-06-01T12:00:00Z',
      end_time: '2025-06-01T13:00:00Z',
      energy_flow_direction: 'OUTBOUND',
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.tariff_direction, 'EXPORT');
    assert.equal(reply.body.data.cost.value, -0.1);
  });

  it('prices LOCAL energy at 0 without a LOCAL tariff, and refuses IMPORT without a tariff', async () => {
    const client = await newClient(h);
    const location = await site(client, []);
    const base = {
      location_id: location,
      units: 'WH',
      value: 500,
      start_time: '2025-06-01T12:00:00Z',
      end_time: '2025-06-01T13:00:00Z',
    };
    const local = await client.request('POST', '/costs/instant', { ...base, tariff_direction: 'LOCAL' });
    assert.equal(local.status, 200);
    assert.equal(local.body.data.cost.value, 0);
    const imported = await client.request('POST', '/costs/instant', base);
    assert.equal(imported.status, 422);
    assert.equal(imported.body.code, 'no_tariff_connected');
  });

  it('answers 400 naming the field of a bad record', async () => {
    const client = await newClient(h);
    const location = await site(client, [{ schedule: peak }]);
    const base = {
      location_id: location,
      units: 'WH',
      value: 1,
      start_time: '2025-06-01T12:00:00Z',
      end_time: '2025-06-01T13:00:00Z',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ location_id: undefined }, 'location_id_missing'],
      [{ location_id: 'loc_65e421d1daa4a24082b4f590' }, 'location_id_invalid'],
      [{ device_id: 'dev_65e421d1daa4a24082b4f590' }, 'device_id_invalid'],
      [{ units: 'J' }, 'units_invalid'],
      [{ value: -5 }, 'value_invalid'],
      [{ value: 1e308 }, 'value_invalid'],
      [{ end_time: '2025-06-01T11:00:00Z' }, 'time_range_invalid'],
      [{ start_time: 'noon' }, 'start_time_invalid'],
      [{ tariff_direction: 'SIDEWAYS' }, 'tariff_direction_invalid'],
      [{ confidence: 2 }, 'confidence_invalid'],
    ];
    for (const [patch, code] of cases) {
      const reply = await client.request('POST', '/costs/instant', { ...base, ...patch });
      assert.equal(reply.status, 400, code);
      assert.equal(reply.body.code, code);
    }
  });
});

describe('cost_interval_report', () => {
  it('applies the second tier from the instant the month passes 10 kWh, inside a record', async () => {
    const client = await newClient(h);
    const location = await site(client, [{ schedule: tiered }]);
    await meter(client, location, [
      ['2025-05-31T20:00:00Z', '2025-05-31T22:00:00Z', 50],
      ['2025-06-01T00:00:00Z', '2025-06-01T08:00:00Z', 8],
      ['2025-06-01T08:00:00Z', '2025-06-01T12:00:00Z', 4],
    ]);
    const window = JUNE_1;
    const raw = await client.request('POST', `/costs/interval/${location}`, window);
    assert.equal(raw.status, 200, JSON.stringify(raw.body));
    assert.equal(raw.body.object, 'energy_cost');
    assert.equal(raw.body.object_id, location);
    assert.equal(raw.body.location_timezone, 'Europe/London');
    // London is UTC+1 in June: the May record ends at 23:00 local on 31 May, another month.
    // 8 kWh × 0.20 = 1.6; then 2 kWh × 0.20 + 2 kWh × 0.30 = 1.0
    assert.deepEqual(
      raw.body.data.map((d: { energy: { value: number }; cost: { value: number } }) => [
        d.energy.value,
        d.cost.value,
      ]),
      [
        [8000, 1.6],
        [4000, 1],
      ],
    );
    const day = await client.request('POST', `/costs/interval/${location}`, {
      ...window,
      aggregation: 'DAY',
    });
    assert.deepEqual(day.body.data, [
      {
        start_time: '2025-06-01T00:00:00Z',
        end_time: '2025-06-01T22:59:59Z',
        energy: { value: 12000 },
        cost: { value: 2.6, confidence: 1 },
      },
    ]);
  });

  it('counts overlapping records side by side and splits both where the month passes 10 kWh', async () => {
    const client = await newClient(h);
    const location = await nineKwhByEight(client);
    // 9 kWh by 08:00. R1 1 kWh/h from 08:00, R2 1.5 kWh/h from 08:30: 9.5 at 08:30, then 2.5 kWh/h
    // reach 10 at 08:42. R1: 0.5 + 0.2 at 0.20 and 1.3 at 0.30 = 0.53; R2: 0.3 at 0.20 and 2.7 at
    // 0.30 = 0.87. On the energy axis the day is 10 × 0.20 + 4 × 0.30 = 3.2 = 1.8 + 0.53 + 0.87.
    await meter(client, location, [
      ['2025-06-01T08:00:00Z', '2025-06-01T10:00:00Z', 2],
      ['2025-06-01T08:30:00Z', '2025-06-01T10:30:00Z', 3],
    ]);
    const window = JUNE_1;
    const raw = await client.request('POST', `/costs/interval/${location}`, window);
    assert.equal(raw.status, 200, JSON.stringify(raw.body));
    assert.deepEqual(costs(raw), [
      [9000, 1.8],
      [2000, 0.53],
      [3000, 0.87],
    ]);
    const day = await client.request('POST', `/costs/interval/${location}`, {
      ...window,
      aggregation: 'DAY',
    });
    assert.deepEqual(costs(day), [[14000, 3.2]]);
  });

  it('prices a device at the tier its location’s records reached, without counting the device', async () => {
    const client = await newClient(h);
    const location = await nineKwhByEight(client);
    const device = (await client.request('POST', '/devices', {})).body.id as string;
    // The location meters 9 kWh by 08:00, then 1 kWh/h: its counter reaches 10 at 09:00. The
    // device meters 1 kWh/h over 08:00–12:00: 1 kWh at 0.20 and 3 kWh at 0.30 = 1.1.
    await meter(client, location, [['2025-06-01T08:00:00Z', '2025-06-01T12:00:00Z', 4]]);
    const window = JUNE_1;
    const before = await client.request('POST', `/costs/interval/${location}`, window);
    const put = await client.request('PUT', '/meters/interval', [
      {
        location_id: location,
        device_id: device,
        units: 'KWH',
        value: 4,
        start_time: '2025-06-01T08:00:00Z',
        end_time: '2025-06-01T12:00:00Z',
        session_reference_id: 'DEVICE-SESSION',
      },
    ]);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const report = await client.request('POST', `/costs/interval/${device}`, window);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.deepEqual(costs(report), [[4000, 1.1]]);
    const session = await client.request('POST', '/costs/session/DEVICE-SESSION', {});
    assert.deepEqual(costs(session), [[4000, 1.1]]);
    // the location's own report is what it was: 9 × 0.20, then 1 × 0.20 + 3 × 0.30
    const after = await client.request('POST', `/costs/interval/${location}`, window);
    assert.deepEqual(costs(after), costs(before));
    assert.deepEqual(costs(after), [
      [9000, 1.8],
      [4000, 1.1],
    ]);
    // an instant device record is priced the same way
    const instant = await client.request('POST', '/costs/instant', {
      location_id: location,
      device_id: device,
      units: 'KWH',
      value: 4,
      start_time: '2025-06-01T08:00:00Z',
      end_time: '2025-06-01T12:00:00Z',
      non_persistent: true,
    });
    assert.equal(instant.status, 200, JSON.stringify(instant.body));
    assert.equal(instant.body.data.cost.value, 1.1);
  });

  it('prices an instant record in place of the stored record it replaces, counting it once', async () => {
    const client = await newClient(h);
    const location = await nineKwhByEight(client);
    await meter(client, location, [['2025-06-01T08:00:00Z', '2025-06-01T12:00:00Z', 4]]);
    // The same interval again: counted from 9 kWh (not 13), so 1 × 0.20 + 3 × 0.30 = 1.1.
    const instant = await client.request('POST', '/costs/instant', {
      location_id: location,
      units: 'KWH',
      value: 4,
      start_time: '2025-06-01T08:00:00Z',
      end_time: '2025-06-01T12:00:00Z',
    });
    assert.equal(instant.status, 200, JSON.stringify(instant.body));
    assert.equal(instant.body.data.cost.value, 1.1);
    const window = JUNE_1;
    const report = await client.request('POST', `/costs/interval/${location}`, window);
    assert.deepEqual(costs(report), [
      [9000, 1.8],
      [4000, 1.1],
    ]);
  });

  it('makes DAY buckets that add up to the MONTH bucket', async () => {
    const client = await newClient(h);
    const location = await site(client, [{ schedule: peak }]);
    const records: [string, string, number][] = [];
    for (let d = 1; d <= 5; d++) {
      for (const [from, to, kwh] of [
        ['06:00', '09:00', 1.234],
        ['15:45', '17:15', 2.5],
        ['22:00', '23:30', 0.777],
      ] as const) {
        records.push([`2025-01-0${d}T${from}:00Z`, `2025-01-0${d}T${to}:00Z`, kwh]);
      }
    }
    await meter(client, location, records);
    const window = { start_time: '2025-01-01T00:00:00Z', end_time: '2025-02-01T00:00:00Z' };
    const days = (
      await client.request('POST', `/costs/interval/${location}`, { ...window, aggregation: 'DAY' })
    ).body.data;
    const month = (
      await client.request('POST', `/costs/interval/${location}`, { ...window, aggregation: 'MONTH' })
    ).body.data;
    assert.equal(days.length, 5);
    assert.equal(month.length, 1);
    const sum = days.reduce(
      (total: number, d: { cost: { value: number } }) => total + Math.round(d.cost.value * 1e5),
      0,
    );
    // each written value is rounded once, so the written days may differ from the month by half a unit each
    assert.ok(Math.abs(sum - Math.round(month[0].cost.value * 1e5)) <= days.length / 2 + 1e-9);
    assert.equal(month[0].end_time, '2025-01-31T23:59:59Z');
    // per day: 1.234 × 0.1 + (0.25 × 0.1 + 1.25 × 0.3 + ... ) hand-worked: 15:45–16:00 at 0.1, 16:00–17:15 at 0.3
    // 0.1234 + (2.5 × 0.25/1.5) × 0.1 + (2.5 × 1.25/1.5) × 0.3 + 0.0777
    const perDay = 0.1234 + (2.5 / 6) * 0.1 + ((2.5 * 5) / 6) * 0.3 + 0.0777;
    assert.ok(Math.abs(days[0].cost.value - perDay) < 1e-5, `${days[0].cost.value} vs ${perDay}`);
  });

  it('answers 404 for an unknown owner and 400 for a bad aggregation', async () => {
    const client = await newClient(h);
    const location = await site(client, [{ schedule: peak }]);
    const window = { start_time: '2025-01-01T00:00:00Z', end_time: '2025-01-02T00:00:00Z' };
    assert.equal(
      (await client.request('POST', '/costs/interval/loc_65e421d1daa4a24082b4f590', window)).status,
      404,
    );
    const bad = await client.request('POST', `/costs/interval/${location}`, {
      ...window,
      aggregation: 'WEEK',
    });
    assert.equal(bad.body.code, 'aggregation_invalid');
  });
});

describe('cost_session_calculate', () => {
  it('sums a session that spans midnight over two days of market prices into one item', async () => {
    const client = await newClient(h);
    const location = await site(
      client,
      [
        {
          market_rates: true,
          schedule: schedule([
            ['00:00:00', '00:00:00', [{ surcharge_fixed: 0.05, surcharge_percentage: 0.1 }]],
          ]),
        },
      ],
      { city: 'Amsterdam', country_code: 'NL' },
    );
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000;
    const at = (h: number) => new Date(day + h * 3_600_000).toISOString();
    const records = [
      { start_time: at(22), end_time: at(23), value: 3.3 },
      { start_time: at(23), end_time: at(25), value: 7.4 },
    ].map((r) => ({ ...r, location_id: location, units: 'KWH', session_reference_id: 'SESSION1' }));
    assert.equal((await client.request('PUT', '/meters/interval', records)).status, 200);
    const session = await client.request('POST', '/costs/session/SESSION1', {});
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.equal(session.body.data.length, 1);
    const [item] = session.body.data;
    assert.equal(item.session_reference_id, 'SESSION1');
    assert.equal(item.start_time, at(22).replace('.000Z', 'Z'));
    assert.equal(item.end_time, at(25).replace('.000Z', 'Z'));
    assert.equal(item.energy.value, 10700);
    // Independently: energy × price from /prices for each hour of the session.
    const prices = await client.request('POST', `/prices/${location}`, {
      start_time: at(22),
      end_time: at(25),
    });
    let expected = 0;
    for (const p of prices.body.data) {
      const from = Date.parse(p.valid_from);
      const to = Date.parse(p.valid_to);
      for (const r of records) {
        const a = Math.max(from, Date.parse(r.start_time));
        const b = Math.min(to, Date.parse(r.end_time));
        if (b > a)
          expected +=
            ((r.value * (b - a)) / (Date.parse(r.end_time) - Date.parse(r.start_time))) * p.price.value;
      }
    }
    assert.ok(Math.abs(item.cost.value - expected) < 1e-3, `${item.cost.value} vs ${expected}`);
    assert.equal((await client.request('POST', '/costs/session/NO-SUCH-SESSION', {})).status, 404);
  });

  it('prices a session at the tier all of its location’s records reach, overlapping ones included', async () => {
    const client = await newClient(h);
    const location = await nineKwhByEight(client);
    // 9 kWh by 08:00; from 08:00 the session's record and another record of the location meter
    // 1 kWh/h each, so the month reaches 10 kWh at 08:30. The session: 0.5 kWh at 0.20 and
    // 3.5 kWh at 0.30 = 1.15.
    await meter(client, location, [['2025-06-01T08:00:00Z', '2025-06-01T12:00:00Z', 4, 'TIERED-SESSION']]);
    const other = await client.request('PUT', '/meters/interval', [
      {
        location_id: location,
        units: 'KWH',
        value: 4,
        start_time: '2025-06-01T08:00:00Z',
        end_time: '2025-06-01T12:00:00Z',
        energy_flow_direction: 'OUTBOUND',
        tariff_direction: 'IMPORT',
      },
    ]);
    assert.equal(other.status, 200, JSON.stringify(other.body));
    const session = await client.request('POST', '/costs/session/TIERED-SESSION', {});
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.deepEqual(costs(session), [[4000, 1.15]]);
  });
});
