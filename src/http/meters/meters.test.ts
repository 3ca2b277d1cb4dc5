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

const record = (locationId: string, i: number, extra: Record<string, unknown> = {}) => ({
  location_id: locationId,
  units: 'WH',
  value: 250,
  start_time: new Date(Date.UTC(2025, 0, 1) + i * 900_000).toISOString(),
  end_time: new Date(Date.UTC(2025, 0, 1) + (i + 1) * 900_000).toISOString(),
  record_reference_id: `MET${i}`,
  ...extra,
});

async function storedCount(client: Client): Promise<number> {
  const row = await h.ctx.db
    .selectFrom('meter_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', client.accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('meter_interval_submit', () => {
  it('stores the records and answers a meter_batch that GET /meters/batch returns again', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const reply = await client.request(
      'PUT',
      '/meters/interval',
      [0, 1, 2].map((i) => record(location, i)),
    );
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.object, 'meter_batch');
    assert.match(reply.body.id, /^bat_[0-9a-f]{24}$/);
    assert.equal(reply.body.records_submitted, 3);
    assert.equal(reply.body.records_accepted, 3);
    assert.equal(reply.body.records_processed, 3);
    assert.deepEqual(reply.body.failed_records, []);
    assert.equal(await storedCount(client), 3);
    const again = await client.request('GET', `/meters/batch?batch_id=${reply.body.id}`);
    assert.deepEqual(again.body, reply.body);
  });

  it('accepts a single object, POST, and the early names direction and tariff_rate', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const single = await client.request(
      'POST',
      '/meters/interval',
      record(location, 0, { direction: 'EXPORT', tariff_rate: 'LOCAL' }),
    );
    assert.equal(single.status, 200);
    const row = await h.ctx.db
      .selectFrom('meter_records')
      .select(['energy_flow_direction', 'tariff_direction'])
      .where('account_id', '=', client.accountId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { energy_flow_direction: 'OUTBOUND', tariff_direction: 'LOCAL' });
  });

  it('refuses the whole submission and lists every bad record by position', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const records = [
      record(location, 0),
      record(location, 1, { end_time: '2024-12-31T00:00:00Z' }),
      record(location, 2),
      record(location, 3, { units: 'MWH' }),
      record('loc_65e421d1daa4a24082b4f590', 4),
      record(location, 5, { value: -1 }),
      record(location, 6, { device_id: 'dev_65e421d1daa4a24082b4f590' }),
      record(location, 7, { confidence: 0 }),
      { location_id: location, units: 'W', value: 1 },
    ];
    const reply = await client.request('PUT', '/meters/interval', records);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'records_invalid');
    assert.equal(reply.body.context, 'api.meter_interval_submit');
    assert.deepEqual(
      reply.body.failed_records.map((f: { record_num: number }) => f.record_num),
      [1, 3, 4, 5, 6, 7, 8],
    );
    assert.deepEqual(reply.body.failed_records[0], {
      record_num: 1,
      record_reference_id: 'MET1',
      error: 'end_time must not be before start_time',
    });
    assert.match(reply.body.message, /\[3\] units must be one of/);
    assert.equal(await storedCount(client), 0);
  });

  it('stores one copy when the same 10,000-record batch is ingested twice', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const batch = Array.from({ length: 10_000 }, (_, i) => record(location, i));
    for (let round = 0; round < 2; round++) {
      const reply = await client.request('PUT', '/meters/interval', batch);
      assert.equal(reply.status, 200);
      assert.equal(reply.body.records_accepted, 10_000);
    }
    assert.equal(await storedCount(client), 10_000);
  });

  it('replaces a stored record when the same interval comes back with a new value', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    await client.request('PUT', '/meters/interval', [record(location, 0, { value: 100 })]);
    await client.request('PUT', '/meters/interval', [
      record(location, 0, { value: 300 }),
      record(location, 0, { value: 400 }),
    ]);
    const rows = await h.ctx.db
      .selectFrom('meter_records')
      .select('value')
      .where('account_id', '=', client.accountId)
      .execute();
    assert.deepEqual(rows, [{ value: '400' }]);
  });

  it('leaves an identical re-sent record as stored and replaces one whose reference changed', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const stored = () =>
      h.ctx.db
        .selectFrom('meter_records')
        .select(['id', 'batch_id', 'record_reference_id', 'start_at'])
        .where('account_id', '=', client.accountId)
        .orderBy('start_at')
        .execute();
    // a millisecond start survives the store exactly (the cost path reads it back as epoch ms)
    const first = [record(location, 0, { start_time: '2025-01-01T00:00:00.123Z' }), record(location, 1)];
    const firstBatch = (await client.request('PUT', '/meters/interval', first)).body.id;
    const before = await stored();
    assert.equal(before[0]?.start_at.toISOString(), '2025-01-01T00:00:00.123Z');
    assert.deepEqual(
      before.map((r) => r.batch_id),
      [firstBatch, firstBatch],
    );
    const again = [first[0], record(location, 1, { record_reference_id: 'MET1-fixed' })];
    const secondBatch = (await client.request('PUT', '/meters/interval', again)).body.id;
    assert.notEqual(secondBatch, firstBatch);
    const after = await stored();
    assert.deepEqual(after[0], before[0], 'the identical record is untouched');
    assert.equal(after[1]?.id, before[1]?.id);
    assert.equal(after[1]?.record_reference_id, 'MET1-fixed');
    assert.equal(after[1]?.batch_id, secondBatch);
  });

  it('answers 400 records_limit_exceeded above 10,000 records, and for an empty list', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const tooMany = await client.request(
      'PUT',
      '/meters/interval',
      Array.from({ length: 10_001 }, (_, i) => record(location, i)),
    );
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.code, 'records_limit_exceeded');
    const empty = await client.request('PUT', '/meters/interval', []);
    assert.equal(empty.body.code, 'records_missing');
    const scalar = await client.request('PUT', '/meters/interval', 5 as unknown as object);
    assert.equal(scalar.status, 400);
  });

  it('keeps batches apart between accounts and refuses another account location', async () => {
    const owner = await newClient(h);
    const other = await newClient(h);
    const location = await newLocation(owner);
    const batch = await owner.request('PUT', '/meters/interval', [record(location, 0)]);
    assert.equal((await other.request('GET', `/meters/batch?batch_id=${batch.body.id}`)).status, 404);
    const refused = await other.request('PUT', '/meters/interval', [record(location, 0)]);
    assert.equal(refused.body.failed_records[0].error, `location_id ${location} does not exist`);
  });
});

describe('meter_batch_retrieve', () => {
  it('answers 400 batch_id_missing without a batch_id and 404 for an unknown one', async () => {
    const client = await newClient(h);
    assert.equal((await client.request('GET', '/meters/batch')).body.code, 'batch_id_missing');
    assert.equal(
      (await client.request('GET', '/meters/batch?batch_id=bat_65e421d1daa4a24082b4f590')).status,
      404,
    );
  });
});

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
    assert.equal(first.body.records_accepted, 2);
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

  it('treats a register that goes down as a reset, the interval holding the new reading', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const reply = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'KWH',
      data: [
        { time: t0, value: 99_999 },
        { time: t0 + 900, value: 2 },
      ],
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(
      (await records(client)).map((r) => r.value),
      ['2'],
    );
  });

  it('refuses the submission, listing each bad read, when a read is malformed or repeated', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const reply = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'WH',
      data: [
        { time: t0, value: 1 },
        { time: 'noon', value: 2 },
        { time: t0 + 60, value: -1 },
      ],
    });
    assert.equal(reply.status, 400);
    assert.deepEqual(
      reply.body.failed_records.map((f: { record_num: number }) => f.record_num),
      [1, 2],
    );
    const duplicate = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'WH',
      data: [
        { time: t0, value: 1 },
        { time: t0, value: 2 },
      ],
    });
    assert.equal(duplicate.status, 400);
    assert.equal(duplicate.body.failed_records[0].record_num, 1);
    const units = await client.request('PUT', '/meters/cumulative/epoch', {
      location_id: location,
      units: 'W',
      data: [],
    });
    assert.equal(units.body.code, 'units_invalid');
    assert.equal((await records(client)).length, 0);
  });
});
