import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Harness } from '../harness.ts';
import { ApiSession } from './http-client.ts';
import { Random } from './random.ts';
import { verifyWriters } from './verify.ts';
import { Writer } from './writer.ts';

let h: Harness;
let baseUrl: string;
before(async () => {
  h = await startHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
after(() => h.close());

/** A writer on an account of its own that has written until its ledger holds every kind of write. */
async function busyWriter(seed: number): Promise<Writer> {
  const client = await newClient(h);
  const writer = new Writer(
    0,
    new Random(seed),
    `t${seed}`,
    new ApiSession(baseUrl, `Bearer ${client.token}`),
  );
  await writer.setUp();
  const done = () => {
    const { ledger } = writer;
    return (
      ledger.live('customer').length > 0 &&
      ledger.live('device').length > 0 &&
      ledger.batches.length > 0 &&
      ledger.idempotent.length > 0 &&
      [...ledger.entities.values()].some((e) => e.state === 'deleted')
    );
  };
  for (let i = 0; i < 1000 && !done(); i++) assert.equal(await writer.writeOnce(), 'acknowledged');
  assert.ok(done(), 'the writer never wrote every kind of write');
  return writer;
}

describe('crash test verification', () => {
  it('finds every acknowledged write when the server lost nothing', async () => {
    const writer = await busyWriter(1);
    const { checked, problems } = await verifyWriters(writer.session, [writer]);
    assert.deepEqual(problems, []);
    const records = writer.ledger.batches.reduce((n, b) => n + b.records.length, 0);
    assert.equal(
      checked,
      writer.ledger.entities.size + records + writer.ledger.batches.length + writer.ledger.idempotent.length,
    );
  });

  it('reports each write the database no longer holds when rows are lost behind the server', async () => {
    const writer = await busyWriter(2);
    const { ledger } = writer;
    const device = ledger.live('device')[0]!;
    const customer = ledger.live('customer')[0]!;
    const record = ledger.batches[0]!.records[0]!;
    const replay = ledger.idempotent[0]!;
    const { db } = h.database;
    await db.deleteFrom('devices').where('id', '=', device.id).execute();
    await db
      .updateTable('customers')
      .set({ reference_id: 'lost-update' })
      .where('id', '=', customer.id)
      .execute();
    await db.deleteFrom('meter_records').where('record_reference_id', '=', record.ref).execute();
    await db.deleteFrom('idempotency_keys').where('key', '=', replay.key).execute();

    const { problems } = await verifyWriters(writer.session, [writer]);
    const about = (text: string) => problems.filter((p) => p.includes(text));
    assert.equal(about(`device ${device.id}`).length, 1);
    assert.match(about(`device ${device.id}`)[0]!, /is missing$/);
    assert.match(about(`customer ${customer.id}`)[0]!, /but has \{"reference_id":"lost-update"\}/);
    assert.match(about(`meter record ${record.ref} `)[0]!, /is missing$/);
    assert.match(about(`Idempotency-Key ${replay.key} `)[0]!, /its retry answers 20[01] \{/);
    assert.equal(problems.length, 4, problems.join('\n'));
  });
});
