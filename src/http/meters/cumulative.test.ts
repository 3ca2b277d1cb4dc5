import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

async function newLocation(client: Client): Promise<string> {
  const reply = await client.request('POST', '/locations', {
    postal_address: { city: 'London', country_code: 'GB' },
  });
  return reply.body.id;
}

describe('meter_cumulative_submit', () => {
  const t0 = Date.UTC(2025, 0, 1) / 1000;

  async function records(client: Client) {
    return h.ctx.db
      .selectFrom('meter_records')
      .select(['start_at', 'end_at', 'value', 'units'])
      .where('account_id', '=', client.accountId)
      .orderBy('start_at')
      .execute();
  }

  it('turns consecutive register reads into interval records and continues the series later', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const first = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'WH',
      data: [
        { time: t0 + 1800, value: 1500 },
        { time: t0, value: 1000 },
        { time: t0 + 3600, value: 1750 },
      ],
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.records_submitted, 3);
    // every read is accepted; the first only starts the series
    assert.equal(first.body.records_accepted, 3);
    assert.equal(first.body.records_processed, 3);
    const second = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'WH',
      data: [{ time: t0 + 5400, value: 2000 }],
    });
    assert.equal(second.body.records_accepted, 1);
    const stored = await records(client);
    assert.deepEqual(
      stored.map((r) => [r.start_at.getTime() / 1000 - t0, r.end_at.getTime() / 1000 - t0, r.value, r.units]),
      [
        [0, 1800, '0.5', 'KWH'],
        [1800, 3600, '0.25', 'KWH'],
        [3600, 5400, '0.25', 'KWH'],
      ],
    );
  });

  it('lists a read below the one before as a failed record and continues the series from it', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const reply = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'KWH',
      data: [
        { time: t0, value: 99_999 },
        { time: t0 + 900, value: 2, record_reference_id: 'LOW' },
        { time: t0 + 1800, value: 5 },
      ],
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.failed_records, [
      { record_num: 1, record_reference_id: 'LOW', error: 'data[1].value is below the previous read' },
    ]);
    assert.equal(reply.body.records_accepted, 2);
    assert.deepEqual(
      (await records(client)).map((r) => r.value),
      ['3'],
    );
  });

  it('lists malformed, repeated and out-of-bound reads and stores the intervals of the others', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const reply = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'WH',
      data: [
        { time: t0, value: 1 },
        { time: 'noon', value: 2 },
        { time: t0 + 60, value: -1 },
        { time: t0, value: 2 },
        { time: t0 + 120, value: 1e308 },
        { time: t0 + 180, value: 1001 },
        { time: t0 + 240, value: 2_000_001_002 },
        7,
      ],
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.records_submitted, 8);
    assert.equal(reply.body.records_accepted, 2);
    assert.deepEqual(
      reply.body.failed_records.map((f: { record_num: number; error: string }) => [f.record_num, f.error]),
      [
        [1, 'data[1].time must be Unix epoch seconds'],
        [2, 'data[2].value must be a number from 0 to 1000000000000 WH'],
        [3, 'data[3].time repeats the time of an earlier read'],
        [4, 'data[4].value must be a number from 0 to 1000000000000 WH'],
        [6, 'data[6].value is more than 1000000 KWH above the read before it'],
        [7, 'data[7].time must be Unix epoch seconds'],
      ],
    );
    assert.deepEqual(
      (await records(client)).map((r) => r.value),
      ['1'],
    );
  });

  it('lists a read more than 400 days after the one before and continues the series from it', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const day = 86_400;
    const reply = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'KWH',
      data: [
        { time: t0, value: 10 },
        { time: t0 + 401 * day, value: 20 },
        { time: t0 + 402 * day, value: 25 },
      ],
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(
      reply.body.failed_records.map((f: { record_num: number; error: string }) => [f.record_num, f.error]),
      [[1, 'data[1].time is more than 400 days after the read before it']],
    );
    assert.deepEqual(
      (await records(client)).map((r) => r.value),
      ['5'],
    );
  });

  it('fails every read when a shared field is bad, and answers 400 only without a data list', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const data = [
      { time: t0, value: 1 },
      { time: t0 + 60, value: 2 },
    ];
    const units = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'W',
      data,
    });
    assert.equal(units.status, 200);
    assert.equal(units.body.records_accepted, 0);
    assert.deepEqual(
      units.body.failed_records.map((f: { error: string }) => f.error),
      ['units must be WH or KWH', 'units must be WH or KWH'],
    );
    const unknown = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: 'loc_65e421d1daa4a24082b4f590',
      units: 'WH',
      data,
    });
    assert.equal(unknown.status, 200);
    assert.equal(unknown.body.records_accepted, 0);
    assert.deepEqual(
      unknown.body.failed_records.map((f: { record_num: number }) => f.record_num),
      [0, 1],
    );
    const noData = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'WH',
    });
    assert.equal(noData.status, 400);
    assert.equal(noData.body.code, 'data_missing');
    assert.equal((await records(client)).length, 0);
  });
});
