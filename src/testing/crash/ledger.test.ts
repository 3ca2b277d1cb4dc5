import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkEntity, Ledger, shows } from './ledger.ts';

describe('crash test ledger', () => {
  it('shows the expected fields when the observed object has them among others', () => {
    assert.equal(shows({ reference_id: 'a' }, { id: 'cus_1', reference_id: 'a', locations: [] }), true);
    assert.equal(shows({ reference_id: 'a' }, { reference_id: 'b' }), false);
    assert.equal(shows({ customer_id: undefined }, { customer_id: 'cus_1' }), false);
    assert.equal(shows({ customer_id: undefined }, {}), true);
    assert.equal(shows({ schedule: [{ rate: 0.25 }] }, { schedule: [{ rate: 0.25 }] }), true);
    assert.equal(shows('deleted', 'deleted'), true);
    assert.equal(shows('deleted', { reference_id: 'a' }), false);
    assert.equal(shows({ reference_id: 'a' }, 'deleted'), false);
  });

  it('applies an acknowledged write and leaves no doubt when the write was answered 2xx', () => {
    const ledger = new Ledger();
    const customer = ledger.created('customer', 'cus_1', { reference_id: 'a' });
    ledger.settle([{ entity: customer, next: { reference_id: 'b' } }], 'acknowledged');
    assert.deepEqual(customer.state, { reference_id: 'b' });
    assert.equal(customer.maybe, undefined);
    assert.match(
      checkEntity(customer, { reference_id: 'a' }) ?? '',
      /acknowledged as \{"reference_id":"b"\} but has/,
    );
  });

  it('accepts either state when the write was not answered, and settles to the one observed', () => {
    const ledger = new Ledger();
    const first = ledger.created('device', 'dev_1', { reference_id: 'a' });
    const second = ledger.created('device', 'dev_2', { reference_id: 'a' });
    for (const device of [first, second])
      ledger.settle([{ entity: device, next: { reference_id: 'b' } }], 'unanswered');
    assert.equal(checkEntity(first, { reference_id: 'a' }), undefined);
    assert.equal(checkEntity(second, { reference_id: 'b' }), undefined);
    assert.deepEqual([first.state, first.maybe], [{ reference_id: 'a' }, undefined]);
    assert.deepEqual([second.state, second.maybe], [{ reference_id: 'b' }, undefined]);
    assert.match(checkEntity(first, 'deleted') ?? '', /device dev_1 was acknowledged as .* but is missing/);
  });

  it('keeps the acknowledged state only when the server refused the write', () => {
    const ledger = new Ledger();
    const tariff = ledger.created('tariff', 'trf_1', { display_name: 'a' }, 'loc_1');
    ledger.settle([{ entity: tariff, next: 'deleted' }], 'refused');
    assert.equal(tariff.maybe, undefined);
    assert.match(checkEntity(tariff, 'deleted') ?? '', /is missing/);
  });

  it('deletes the locations of a customer and their tariffs when the customer is deleted', () => {
    const ledger = new Ledger();
    const customer = ledger.created('customer', 'cus_1', { reference_id: 'a' });
    const location = ledger.created('location', 'loc_1', { reference_id: 'l' }, 'cus_1');
    const tariff = ledger.created('tariff', 'trf_1', { display_name: 't' }, 'loc_1');
    const other = ledger.created('location', 'loc_2', { reference_id: 'm' });
    const changes = ledger.deletion(customer);
    assert.deepEqual(
      changes.map((c) => c.entity.id),
      ['cus_1', 'loc_1', 'trf_1'],
    );
    ledger.settle(changes, 'acknowledged');
    assert.deepEqual([customer.state, location.state, tariff.state], ['deleted', 'deleted', 'deleted']);
    assert.deepEqual(other.state, { reference_id: 'm' });
    assert.match(checkEntity(tariff, { display_name: 't' }) ?? '', /tariff trf_1 .* is still there/);
    assert.deepEqual(
      ledger.live('location').map((e) => e.id),
      ['loc_2'],
    );
  });

  it('leaves pinned entities out of the ones writers may change', () => {
    const ledger = new Ledger();
    ledger.created('location', 'loc_meter', { reference_id: 'meter' }, undefined, true);
    ledger.created('location', 'loc_1', { reference_id: 'l' });
    assert.deepEqual(
      ledger.live('location').map((e) => e.id),
      ['loc_1'],
    );
  });
});
