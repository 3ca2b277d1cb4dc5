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

  it('stores the good records and lists every bad one by position when a batch mixes them', async () => {
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
      null,
      'MET10',
      record(location, 11, { value: 1e308 }),
      record(location, 12),
    ];
    const reply = await client.request('PUT', '/meters/interval', records);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.object, 'meter_batch');
    assert.equal(reply.body.records_submitted, 13);
    assert.equal(reply.body.records_accepted, 3);
    assert.equal(reply.body.records_processed, 3);
    assert.deepEqual(
      reply.body.failed_records.map((f: { record_num: number }) => f.record_num),
      [1, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    );
    const errors = Object.fromEntries(
      reply.body.failed_records.map((f: { record_num: number; error: string }) => [f.record_num, f.error]),
    );
    assert.deepEqual(reply.body.failed_records[0], {
      record_num: 1,
      record_reference_id: 'MET1',
      error: 'end_time must not be before start_time',
    });
    assert.match(errors[3], /^units must be one of/);
    assert.equal(errors[4], 'location_id loc_65e421d1daa4a24082b4f590 does not exist');
    assert.match(errors[5], /^value /);
    assert.equal(errors[6], 'device_id dev_65e421d1daa4a24082b4f590 does not exist');
    assert.match(errors[7], /^confidence /);
    assert.equal(errors[8], 'start_time is required');
    assert.equal(errors[9], 'the record must be an object');
    assert.match(errors[11], /^value must be at most 1000000000 WH/);
    assert.equal(await storedCount(client), 3);
    const again = await client.request('GET', `/meters/batch?batch_id=${reply.body.id}`);
    assert.deepEqual(again.body, reply.body);
  });

  it('stores nothing and lists every record when every record is bad, still answering 200', async () => {
    const client = await newClient(h);
    const reply = await client.request('PUT', '/meters/interval', [
      record('loc_65e421d1daa4a24082b4f590', 0),
      record('loc_65e421d1daa4a24082b4f590', 1),
    ]);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.records_accepted, 0);
    assert.equal(reply.body.failed_records.length, 2);
    assert.equal(await storedCount(client), 0);
  });

  it('bounds a record at 1 GWh of energy, and at 1 GW and 1 GWh over its interval for power', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const hour = { start_time: '2025-01-01T00:00:00Z', end_time: '2025-01-01T01:00:00Z' };
    const twoHours = { start_time: '2025-01-02T00:00:00Z', end_time: '2025-01-02T02:00:00Z' };
    const cases: [Record<string, unknown>, boolean][] = [
      [{ units: 'KWH', value: 1_000_000, ...hour }, true],
      [{ units: 'WH', value: 1_000_000_001, ...hour }, false],
      [{ units: 'KWH', value: 1_000_001, ...hour }, false],
      [{ units: 'W', value: 1e9, ...hour }, true],
      [{ units: 'W', value: 1e9, ...twoHours }, false],
      [{ units: 'KW', value: 1_000_001, ...hour }, false],
    ];
    const reply = await client.request(
      'PUT',
      '/meters/interval',
      cases.map(([fields], i) => ({ location_id: location, record_reference_id: `B${i}`, ...fields })),
    );
    assert.equal(reply.status, 200);
    assert.deepEqual(
      reply.body.failed_records.map((f: { record_num: number }) => f.record_num),
      cases.flatMap(([, ok], i) => (ok ? [] : [i])),
    );
    for (const failed of reply.body.failed_records) assert.match(failed.error, /^value /);
  });

  it('refuses a record that spans more than 400 days, which no report could price quickly', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const day = 86_400_000;
    const from = Date.UTC(2024, 0, 1);
    const span = (days: number) => ({
      units: 'KWH',
      value: 1,
      start_time: new Date(from).toISOString(),
      end_time: new Date(from + days * day).toISOString(),
    });
    const reply = await client.request('PUT', '/meters/interval', [
      { location_id: location, ...span(400) },
      { location_id: location, ...span(401) },
      {
        location_id: location,
        start_time: '0001-01-01T00:00:00Z',
        end_time: '9999-12-31T00:00:00Z',
        units: 'KWH',
        value: 1,
      },
    ]);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.records_accepted, 1);
    assert.deepEqual(
      reply.body.failed_records.map((f: { record_num: number; error: string }) => [f.record_num, f.error]),
      [
        [1, 'a record spans at most 400 days from start_time to end_time'],
        [2, 'a record spans at most 400 days from start_time to end_time'],
      ],
    );
    assert.equal(await storedCount(client), 1);
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

  it('answers 400 only when the body is no batch: over 10,000 records, or not a list or object', async () => {
    const client = await newClient(h);
    const location = await newLocation(client);
    const tooMany = await client.request(
      'PUT',
      '/meters/interval',
      Array.from({ length: 10_001 }, (_, i) => record(location, i)),
    );
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.code, 'records_limit_exceeded');
    const scalar = await client.request('PUT', '/meters/interval', 5 as unknown as object);
    assert.equal(scalar.status, 400);
    assert.equal(scalar.body.code, 'request_body_invalid');
    const empty = await client.request('PUT', '/meters/interval', []);
    assert.equal(empty.status, 200);
    assert.deepEqual(
      [empty.body.records_submitted, empty.body.records_accepted, empty.body.failed_records],
      [0, 0, []],
    );
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
