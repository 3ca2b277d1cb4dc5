import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CoreContext } from '../../core/context.ts';
import { runTariffNoticeRound, sendDueTariffNotices } from '../../core/tariffs/notices.ts';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

// The sweep works across accounts, so this file has a database of its own.
let h: Harness;
before(async () => {
  h = await startHarness({ ownDatabase: true });
});
after(() => h.close());

const DAY = 86_400_000;
const at = (ms: number): CoreContext => ({ db: h.ctx.db, now: () => ms });
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

async function newTariff(client: Client, contractEnd: number) {
  const location = await client.request('POST', '/locations', {
    postal_address: { city: 'London', country_code: 'GB' },
  });
  const reply = await client.request('POST', '/tariffs', {
    location_id: location.body.id,
    direction: 'IMPORT',
    type: 'COMMODITY',
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: iso(contractEnd),
    schedule: [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.2 }] }],
          },
        ],
      },
    ],
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return { id: reply.body.id as string, locationId: location.body.id as string };
}

async function notices(client: Client) {
  const reply = await client.request('GET', '/events?limit=100');
  return (reply.body.data as { type: string; data: Record<string, unknown> }[])
    .filter((e) => e.type === 'tariff.expiring' || e.type === 'tariff.expired')
    .reverse();
}

/** A whole second a little ahead of the real clock, so the tariff is created before its notices. */
const soon = () => Math.ceil(Date.now() / 1000) * 1000 + 60_000;

describe('tariff notices', () => {
  it('announces the end 7 days ahead and then the end itself, each once, with the documented payload', async () => {
    const client = await newClient(h);
    const end = soon() + 10 * DAY;
    const tariff = await newTariff(client, end);

    assert.deepEqual(await sendDueTariffNotices(at(end - 7 * DAY - 1)), []);
    const expiring = await sendDueTariffNotices(at(end - 7 * DAY));
    assert.deepEqual(expiring, [
      { type: 'tariff.expiring', tariffId: tariff.id, accountId: client.accountId, liveMode: false },
    ]);
    assert.deepEqual(await sendDueTariffNotices(at(end - 1)), [], 'the expiring notice is sent once');
    assert.deepEqual(
      (await sendDueTariffNotices(at(end))).map((n) => n.type),
      ['tariff.expired'],
    );
    assert.deepEqual(await sendDueTariffNotices(at(end + 30 * DAY)), [], 'and the expired one too');

    const events = await notices(client);
    assert.deepEqual(
      events.map((e) => [e.type, e.data]),
      [
        [
          'tariff.expiring',
          {
            live_mode: false,
            account_id: client.accountId,
            location_id: tariff.locationId,
            tariff_id: tariff.id,
          },
        ],
        [
          'tariff.expired',
          {
            live_mode: false,
            account_id: client.accountId,
            location_id: tariff.locationId,
            tariff_id: tariff.id,
          },
        ],
      ],
    );
  });

  it('sends only tariff.expired for a contract that had already ended when the sweep first saw it', async () => {
    const client = await newClient(h);
    const end = soon() + 2 * DAY;
    await newTariff(client, end);
    await runTariffNoticeRound(at(end + DAY));
    assert.deepEqual(
      (await notices(client)).map((e) => e.type),
      ['tariff.expired'],
    );
  });

  it('starts a new term when PATCH moves the contract end, and never notices an open contract', async () => {
    const client = await newClient(h);
    const end = soon() + 8 * DAY;
    const tariff = await newTariff(client, end);
    const open = await newTariff(client, Date.parse('9999-12-31T23:59:59Z'));
    await runTariffNoticeRound(at(end - 7 * DAY));
    const later = end + 30 * DAY;
    const patched = await client.request('PATCH', `/tariffs/${tariff.id}`, { contract_end_date: iso(later) });
    assert.equal(patched.status, 200);
    await runTariffNoticeRound(at(end + DAY));
    assert.deepEqual(
      (await notices(client)).map((e) => e.type),
      ['tariff.expiring'],
      'the old end passed unnoticed: the term was extended',
    );
    await runTariffNoticeRound(at(later - 7 * DAY));
    await runTariffNoticeRound(at(later));
    await runTariffNoticeRound(at(Date.parse('2200-01-01T00:00:00Z')));
    const events = await notices(client);
    assert.deepEqual(
      events.map((e) => e.type),
      ['tariff.expiring', 'tariff.expiring', 'tariff.expired'],
    );
    assert.ok(events.every((e) => e.data.tariff_id === tariff.id));
    assert.ok(!events.some((e) => e.data.tariff_id === open.id));
  });

  it('writes each notice once when several nodes sweep at the same moment, in each tariff’s own account', async () => {
    const clients = await Promise.all([newClient(h), newClient(h), newClient(h)]);
    const end = soon() + 20 * DAY;
    const tariffs = await Promise.all(clients.map((c) => newTariff(c, end)));
    const sweeps = await Promise.all([1, 2, 3, 4].map(() => runTariffNoticeRound(at(end - 7 * DAY), 1)));
    const sent = sweeps.flat().filter((n) => tariffs.some((t) => t.id === n.tariffId));
    assert.deepEqual(sent.map((n) => n.tariffId).sort(), tariffs.map((t) => t.id).sort());
    for (const [i, client] of clients.entries()) {
      const events = await notices(client);
      assert.deepEqual(
        events.map((e) => [e.type, e.data.tariff_id]),
        [['tariff.expiring', tariffs[i]?.id]],
      );
    }
  });
});
