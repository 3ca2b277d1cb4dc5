import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Harness } from '../../testing/harness.ts';

/** A device's interval report names the zone and currency of a real location, or none at all. */
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const june = { start_time: '2025-06-01T00:00:00Z', end_time: '2025-07-01T00:00:00Z' };

describe('cost_interval_report of a device', () => {
  it('names no zone or currency when the device has never been metered', async () => {
    const client = await newClient(h);
    const device = (await client.request('POST', '/devices', {})).body.id as string;
    const reply = await client.request('POST', `/costs/interval/${device}`, june);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.data, []);
    assert.equal('location_timezone' in reply.body, false);
    assert.equal('currency_code' in reply.body, false);
    assert.equal(reply.body.object_id, device);
  });

  it('names the zone and currency of its latest location when nothing was metered in the window', async () => {
    const client = await newClient(h);
    const location = (
      await client.request('POST', '/locations', { postal_address: { city: 'Zürich', country_code: 'CH' } })
    ).body.id as string;
    const device = (await client.request('POST', '/devices', {})).body.id as string;
    const put = await client.request('PUT', '/meters/interval', [
      {
        location_id: location,
        device_id: device,
        units: 'KWH',
        value: 1,
        start_time: '2025-03-01T08:00:00Z',
        end_time: '2025-03-01T09:00:00Z',
      },
    ]);
    assert.equal(put.body.records_accepted, 1);
    const reply = await client.request('POST', `/costs/interval/${device}`, june);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.deepEqual(reply.body.data, []);
    assert.equal(reply.body.location_timezone, 'Europe/Zurich');
    assert.equal(reply.body.currency_code, 'CHF');
  });
});
