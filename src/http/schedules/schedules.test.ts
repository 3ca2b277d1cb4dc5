import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

type Period = [string, string, number];
async function site(client: Client, periods: Period[], address = { city: 'Reykjavik', country_code: 'IS' }) {
  const location = (await client.request('POST', '/locations', { postal_address: address })).body;
  const reply = await client.request('POST', '/tariffs', {
    location_id: location.id,
    direction: 'IMPORT',
    type: 'COMMODITY',
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
    schedule: [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: periods.map(([valid_from, valid_to, fixed]) => ({
              valid_from,
              valid_to,
              rate: [{ fixed }],
            })),
          },
        ],
      },
    ],
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return location;
}

const night: Period[] = [
  ['00:00:00', '01:30:00', 0.3],
  ['01:30:00', '04:30:00', 0.1],
  ['04:30:00', '00:00:00', 0.25],
];

const slots = (reply: {
  body: { data: { start_time: string; end_time: string; price: { average: number } }[] };
}) => reply.body.data.map((d) => [d.start_time, d.end_time, d.price.average]);

describe('schedule_duration_create', () => {
  it('finds the cheapest two hours of a night as the guide example does', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    expect(location.timezone === 'Atlantic/Reykjavik');
    const body = {
      start_time: '2024-05-19T23:21:00Z',
      end_time: '2024-05-20T06:00:00Z',
      segment: 'LOW',
      duration: 120,
    };
    const reply = await client.request('POST', `/schedules/duration/${location.id}`, body);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.object, 'schedule_duration');
    assert.match(reply.body.id, /^std_[0-9a-f]{24}$/);
    assert.deepEqual(slots(reply), [['2024-05-20T01:30:00Z', '2024-05-20T03:30:00Z', 0.1]]);
    assert.equal(reply.body.explanation.cost, 0.2);
    // starting at once: 23:21–00:00 at 0.25 (39 min) and 00:00–01:21 at 0.30 (81 min)
    assert.deepEqual(reply.body.explanation.run_at_once, {
      start_time: '2024-05-19T23:21:00Z',
      end_time: '2024-05-20T01:21:00Z',
      cost: 0.5675,
      average: 0.28375,
    });
    const contiguous = await client.request('POST', `/schedules/duration/${location.id}`, {
      ...body,
      contiguous: true,
    });
    assert.deepEqual(slots(contiguous), [['2024-05-20T01:30:00Z', '2024-05-20T03:30:00Z', 0.1]]);
  });

  it('takes the most expensive time for HIGH and splits across periods when asked for more than one holds', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const high = await client.request('POST', `/schedules/duration/${location.id}`, {
      start_time: '2024-05-20T00:00:00Z',
      end_time: '2024-05-20T06:00:00Z',
      segment: 'HIGH',
      duration: 60,
    });
    assert.deepEqual(slots(high), [['2024-05-20T00:00:00Z', '2024-05-20T01:00:00Z', 0.3]]);
    const long = await client.request('POST', `/schedules/duration/${location.id}`, {
      start_time: '2024-05-20T00:00:00Z',
      end_time: '2024-05-20T06:00:00Z',
      segment: 'LOW',
      duration: 240,
    });
    // 3 h at 0.10 and the cheapest other hour: 04:30–05:30 at 0.25, adjacent, so one slot
    assert.deepEqual(slots(long), [['2024-05-20T01:30:00Z', '2024-05-20T05:30:00Z', 0.1375]]);
  });

  it('takes negative prices first and the earlier of equally cheap times', async () => {
    const client = await newClient(h);
    const location = await site(client, [
      ['00:00:00', '02:00:00', 0.2],
      ['02:00:00', '03:00:00', -0.05],
      ['03:00:00', '05:00:00', 0.2],
      ['05:00:00', '00:00:00', 0.4],
    ]);
    const reply = await client.request('POST', `/schedules/duration/${location.id}`, {
      start_time: '2024-05-20T00:00:00Z',
      end_time: '2024-05-20T08:00:00Z',
      segment: 'LOW',
      duration: 90,
    });
    // the negative hour first, then 30 min of 0.20: of the two 0.20 periods the earlier wins
    assert.deepEqual(slots(reply), [
      ['2024-05-20T00:00:00Z', '2024-05-20T00:30:00Z', 0.2],
      ['2024-05-20T02:00:00Z', '2024-05-20T03:00:00Z', -0.05],
    ]);
  });

  it('follows local time across the spring DST change and respects a deadline that cuts the window', async () => {
    const client = await newClient(h);
    const location = await site(
      client,
      [
        ['00:00:00', '02:00:00', 0.3],
        ['02:00:00', '05:00:00', 0.1],
        ['05:00:00', '00:00:00', 0.3],
      ],
      { city: 'London', country_code: 'GB' },
    );
    // 30 March 2025: 02:00 BST is 01:00Z, 05:00 BST is 04:00Z
    const full = await client.request('POST', `/schedules/duration/${location.id}`, {
      start_time: '2025-03-29T22:00:00Z',
      end_time: '2025-03-30T06:00:00Z',
      segment: 'LOW',
      duration: 180,
    });
    assert.deepEqual(slots(full), [['2025-03-30T01:00:00Z', '2025-03-30T04:00:00Z', 0.1]]);
    const deadline = await client.request('POST', `/schedules/duration/${location.id}`, {
      start_time: '2025-03-29T22:00:00Z',
      end_time: '2025-03-30T02:00:00Z',
      segment: 'LOW',
      duration: 120,
    });
    assert.deepEqual(slots(deadline), [
      ['2025-03-29T22:00:00Z', '2025-03-29T23:00:00Z', 0.3],
      ['2025-03-30T01:00:00Z', '2025-03-30T02:00:00Z', 0.1],
    ]);
  });

  it('answers 400 for a window over 3 days, a missing segment or a duration longer than the window', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const base = {
      start_time: '2024-05-20T00:00:00Z',
      end_time: '2024-05-20T06:00:00Z',
      segment: 'LOW',
      duration: 60,
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ end_time: '2024-05-23T00:00:01Z' }, 'time_range_invalid'],
      [{ segment: undefined }, 'segment_missing'],
      [{ segment: 'MID' }, 'segment_invalid'],
      [{ duration: undefined }, 'duration_missing'],
      [{ duration: 0 }, 'duration_invalid'],
      [{ duration: 361 }, 'duration_invalid'],
      [{ tariff_direction: 'LOCAL' }, 'tariff_direction_invalid'],
    ];
    for (const [patch, code] of cases) {
      const reply = await client.request('POST', `/schedules/duration/${location.id}`, { ...base, ...patch });
      assert.equal(reply.status, 400, code);
      assert.equal(reply.body.code, code);
    }
    // duration is in minutes, and so is what the refusal says, whatever the size of the mistake.
    for (const duration of [361, 1e-9, 1e308]) {
      const reply = await client.request('POST', `/schedules/duration/${location.id}`, { ...base, duration });
      assert.equal(reply.body.code, 'duration_invalid', String(duration));
      assert.match(reply.body.message, /minutes/);
      assert.doesNotMatch(reply.body.message, /\bms\b/);
    }
    const exported = await client.request('POST', `/schedules/duration/${location.id}`, {
      ...base,
      tariff_direction: 'EXPORT',
    });
    assert.equal(exported.status, 422);
    assert.equal(exported.body.code, 'no_tariff_connected');
  });
});

describe('schedule_limit_create', () => {
  it('keeps the times at or below an absolute limit, merged into slots, with their total minutes', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const reply = await client.request('POST', `/schedules/limit/${location.id}`, {
      start_time: '2024-05-20T00:00:00Z',
      end_time: '2024-05-21T00:00:00Z',
      segment: 'LOW',
      absolute: 0.25,
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.object, 'schedule_limit');
    assert.match(reply.body.id, /^spl_[0-9a-f]{24}$/);
    // 01:30–04:30 at 0.10 and 04:30–24:00 at 0.25 touch, so one slot of 22.5 hours averaging
    // (3 × 0.10 + 19.5 × 0.25) / 22.5 = 0.23
    assert.deepEqual(slots(reply), [['2024-05-20T01:30:00Z', '2024-05-21T00:00:00Z', 0.23]]);
    assert.equal(reply.body.duration, 1350);
    assert.equal(reply.body.explanation.threshold, 0.25);
  });

  it('reads relative as a position between the lowest and highest price, and HIGH as at or above', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const window = { start_time: '2024-05-20T00:00:00Z', end_time: '2024-05-20T06:00:00Z' };
    // min 0.10, max 0.30: relative 0.5 is 0.20
    const low = await client.request('POST', `/schedules/limit/${location.id}`, {
      ...window,
      segment: 'LOW',
      relative: 0.5,
    });
    assert.deepEqual(slots(low), [['2024-05-20T01:30:00Z', '2024-05-20T04:30:00Z', 0.1]]);
    assert.equal(low.body.explanation.threshold, 0.2);
    const high = await client.request('POST', `/schedules/limit/${location.id}`, {
      ...window,
      segment: 'HIGH',
      relative: 0.5,
    });
    assert.deepEqual(slots(high), [
      ['2024-05-20T00:00:00Z', '2024-05-20T01:30:00Z', 0.3],
      ['2024-05-20T04:30:00Z', '2024-05-20T06:00:00Z', 0.25],
    ]);
    const none = await client.request('POST', `/schedules/limit/${location.id}`, {
      ...window,
      segment: 'LOW',
      absolute: 0.01,
    });
    assert.deepEqual(none.body.data, []);
    assert.equal(none.body.duration, 0);
  });

  it('answers 400 relative_missing without a limit and relative_invalid out of range', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const window = { start_time: '2024-05-20T00:00:00Z', end_time: '2024-05-20T06:00:00Z', segment: 'LOW' };
    assert.equal(
      (await client.request('POST', `/schedules/limit/${location.id}`, window)).body.code,
      'relative_missing',
    );
    const out = await client.request('POST', `/schedules/limit/${location.id}`, { ...window, relative: 1.5 });
    assert.equal(out.status, 400);
    assert.equal(out.body.code, 'relative_invalid');
  });
});

describe('schedule_amount_create', () => {
  it('plans devices in request order on their cheapest time under the site limit, with savings', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const devices = [];
    for (const reference of ['EV1', 'EV2']) {
      devices.push((await client.request('POST', '/devices', { reference_id: reference })).body.id);
    }
    const device = (id: string) => ({
      device_id: id,
      start_time: '2024-05-20T00:00:00Z',
      end_time: '2024-05-20T06:00:00Z',
      max_power: { units: 'KW', value: 7 },
      energy: { units: 'KWH', value: '14' },
    });
    const reply = await client.request('POST', `/schedules/amount/${location.id}`, {
      max_power: { units: 'KW', value: '10' },
      data: devices.map(device),
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.object, 'schedule_amount');
    const [first, second] = reply.body.data;
    // 14 kWh at 7 kW is 2 h: the first device takes 01:30–03:30 at 0.10 (1.40); starting at once
    // would cost 1.5 h at 0.30 and 0.5 h at 0.10 (3.50), a saving of 2.10 or 60 %.
    assert.deepEqual(first.schedule, [
      {
        start_time: '2024-05-20T01:30:00Z',
        end_time: '2024-05-20T03:30:00Z',
        power: { units: 'KW', value: 7 },
      },
    ]);
    assert.deepEqual(first.cost, { value: 1.4, confidence: 1 });
    assert.deepEqual(first.savings, { value: 2.1, percentage: 60 });
    // The second cannot run beside the first (7 + 7 > 10 kW): 03:30–04:30 at 0.10, 04:30–05:30 at 0.25.
    assert.deepEqual(second.schedule, [
      {
        start_time: '2024-05-20T03:30:00Z',
        end_time: '2024-05-20T05:30:00Z',
        power: { units: 'KW', value: 7 },
      },
    ]);
    assert.equal(second.cost.value, 2.45);
    assert.deepEqual(reply.body.cost, { value: 3.85, confidence: 1 });
    assert.deepEqual(reply.body.savings, { value: 3.15, percentage: 45 });
  });

  it('delivers what fits when the window is too short, and refuses unknown devices', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const id = (await client.request('POST', '/devices', {})).body.id;
    const reply = await client.request('POST', `/schedules/amount/${location.id}`, {
      max_power: { units: 'W', value: 7000 },
      data: [
        {
          device_id: id,
          start_time: '2024-05-20T00:00:00Z',
          end_time: '2024-05-20T01:00:00Z',
          energy: { units: 'WH', value: 14000 },
        },
      ],
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.data[0].energy, { units: 'WH', value: 7000 });
    const unknown = await client.request('POST', `/schedules/amount/${location.id}`, {
      max_power: { units: 'W', value: 7000 },
      data: [
        {
          device_id: 'dev_65e421d1daa4a24082b4f590',
          start_time: '2024-05-20T00:00:00Z',
          end_time: '2024-05-20T01:00:00Z',
          energy: { units: 'WH', value: 1 },
        },
      ],
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'device_id_invalid');
  });
});

describe('slot_time_retrieve and slot_threshold_retrieve (zero)', () => {
  it('answers the zero shapes with the same choices as the schedule endpoints', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const window = 'start_time=2024-05-19T23:21:00Z&end_time=2024-05-20T06:00:00Z';
    const time = await client.request('GET', `/slots/time/${location.id}?${window}&segment=LOW&duration=120`);
    assert.equal(time.status, 200, JSON.stringify(time.body));
    assert.equal(time.body.object, 'slot_time');
    assert.match(time.body.id, /^sta_[0-9a-f]{24}$/);
    assert.equal(time.body.direction, 'IMPORT');
    assert.deepEqual(time.body.data, [
      {
        start_time: '2024-05-20T01:30:00Z',
        end_time: '2024-05-20T03:30:00Z',
        tariff: { rate_avg: 0.1, confidence: 1 },
      },
    ]);
    const threshold = await client.request(
      'GET',
      `/slots/threshold/${location.id}?${window}&segment=HIGH&absolute=0.3`,
    );
    assert.equal(threshold.body.object, 'slot_threshold');
    assert.deepEqual(threshold.body.data, [
      {
        start_time: '2024-05-20T00:00:00Z',
        end_time: '2024-05-20T01:30:00Z',
        tariff: { rate_avg: 0.3, confidence: 1 },
      },
    ]);
    assert.equal(threshold.body.duration, 90);
  });

  it('accepts windows up to 90 days and refuses bad numbers, hex and exponents included', async () => {
    const client = await newClient(h);
    const location = await site(client, night);
    const long = await client.request(
      'GET',
      `/slots/time/${location.id}?start_time=2024-05-01T00:00:00Z&end_time=2024-06-01T00:00:00Z&segment=LOW&duration=60`,
    );
    assert.equal(long.status, 200, JSON.stringify(long.body));
    const bad = await client.request(
      'GET',
      `/slots/threshold/${location.id}?start_time=2024-05-01T00:00:00Z&end_time=2024-05-02T00:00:00Z&segment=LOW&relative=abc`,
    );
    assert.equal(bad.body.code, 'relative_invalid');
    const window = 'start_time=2024-05-01T00:00:00Z&end_time=2024-05-02T00:00:00Z&segment=LOW';
    for (const [path, code] of [
      [`/slots/time/${location.id}?${window}&duration=0x10`, 'duration_invalid'],
      [`/slots/time/${location.id}?${window}&duration=%2060`, 'duration_invalid'],
      [`/slots/time/${location.id}?${window}&duration=6e1`, 'duration_invalid'],
      [`/slots/threshold/${location.id}?${window}&absolute=0x1`, 'absolute_invalid'],
    ]) {
      const reply = await client.request('GET', path as string);
      assert.equal(reply.status, 400, path);
      assert.equal(reply.body.code, code, path);
    }
  });
});

function expect(condition: boolean): void {
  assert.ok(condition);
}
