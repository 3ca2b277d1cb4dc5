import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newClient, startHarness } from '../../testing/harness.ts';
import { insertConnectedTariff, structureTypeOf, tariffForSlot, type Tariff } from './tariffs.ts';

const period = (from: string, to: string, fixed: number) => ({
  valid_from: from,
  valid_to: to,
  rate: [{ fixed }],
});
const tariff = (patch: Partial<Tariff>): Tariff =>
  ({
    id: 'trf_000000000000000000000001',
    marketRates: false,
    contractStart: 0,
    contractEnd: 1000,
    schedule: [
      { months: ['All'], days_and_hours: [{ days: ['All'], hours: [period('00:00:00', '00:00:00', 0.2)] }] },
    ],
    ...patch,
  }) as Tariff;

describe('structureTypeOf', () => {
  it('is FIXED when every block is one all-day period with one price', () => {
    assert.equal(structureTypeOf(tariff({})), 'FIXED');
  });

  it('is TIME_OF_DAY when the day has several periods or seasons differ in price', () => {
    const twoPeriods = [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [period('00:00:00', '07:00:00', 0.1), period('07:00:00', '00:00:00', 0.3)],
          },
        ],
      },
    ];
    const seasons = [
      { months: ['All'], days_and_hours: [{ days: ['All'], hours: [period('00:00:00', '00:00:00', 0.2)] }] },
      { months: ['Jan'], days_and_hours: [{ days: ['All'], hours: [period('00:00:00', '00:00:00', 0.3)] }] },
    ];
    assert.equal(structureTypeOf(tariff({ schedule: twoPeriods as Tariff['schedule'] })), 'TIME_OF_DAY');
    assert.equal(structureTypeOf(tariff({ schedule: seasons as Tariff['schedule'] })), 'TIME_OF_DAY');
  });

  it('is MARKET when the tariff follows market rates', () => {
    assert.equal(structureTypeOf(tariff({ marketRates: true })), 'MARKET');
  });
});

describe('tariffForSlot', () => {
  it('picks the newest tariff whose contract covers now, else the newest', () => {
    const old = tariff({ id: 'trf_000000000000000000000001', contractStart: 0, contractEnd: 100 });
    const next = tariff({ id: 'trf_000000000000000000000002', contractStart: 100, contractEnd: 200 });
    assert.equal(tariffForSlot([old, next], 50)?.id, old.id);
    assert.equal(tariffForSlot([old, next], 150)?.id, next.id);
    assert.equal(tariffForSlot([old, next], 500)?.id, next.id);
    assert.equal(tariffForSlot([], 500), undefined);
  });
});

describe('insertConnectedTariff', () => {
  const schedule = [
    { months: ['All'], days_and_hours: [{ days: ['All'], hours: [period('00:00:00', '00:00:00', 0.2)] }] },
  ] as Tariff['schedule'];

  it('writes a linked LIBRARY tariff inside the caller transaction, with its events', async () => {
    const h = await startHarness();
    try {
      const client = await newClient(h);
      const scope = { accountId: client.accountId, liveMode: false };
      const location = await client.request('POST', '/locations', {
        postal_address: { city: 'London', country_code: 'GB' },
      });
      const now = h.ctx.now(scope);
      const tariff = await h.ctx.db.transaction().execute((trx) =>
        insertConnectedTariff(trx, scope, now, {
          locationId: location.body.id,
          direction: 'IMPORT',
          type: 'COMMODITY',
          contractStart: Date.parse('2024-01-01T00:00:00Z'),
          contractEnd: Date.parse('2030-01-01T00:00:00Z'),
          schedule,
          connectionType: 'LIBRARY',
          isLinked: true,
          libraryTariffId: 'trt_000000000000000000000001',
          providerId: 'prv_000000000000000000000001',
          displayName: 'Library flat',
        }),
      );
      assert.equal(tariff.connectionType, 'LIBRARY');
      const read = await client.request('GET', `/tariffs/${tariff.id}`);
      assert.equal(read.body.connection_type, 'LIBRARY');
      assert.equal(read.body.is_linked, true);
      assert.equal(read.body.display_name, 'Library flat');
      const events = await client.request('GET', '/events?limit=10');
      const types = (events.body.data as { type: string }[]).map((e) => e.type);
      assert.ok(types.includes('tariff.create') && types.includes('location.update'), types.join());
      const update = await client.request('PATCH', `/tariffs/${tariff.id}`, { display_name: 'Mine now' });
      assert.equal(update.status, 400);
      assert.equal(update.body.code, 'tariff_not_editable');
    } finally {
      await h.close();
    }
  });

  it('rolls back with the caller transaction and refuses what the API refuses', async () => {
    const h = await startHarness();
    try {
      const client = await newClient(h);
      const scope = { accountId: client.accountId, liveMode: false };
      const location = await client.request('POST', '/locations', {
        postal_address: { city: 'London', country_code: 'GB' },
      });
      const input = {
        locationId: location.body.id as string,
        direction: 'IMPORT',
        type: 'COMMODITY',
        contractStart: Date.parse('2024-01-01T00:00:00Z'),
        contractEnd: Date.parse('2030-01-01T00:00:00Z'),
        schedule,
        connectionType: 'DIRECT' as const,
        isLinked: true,
        libraryTariffId: null,
        providerId: null,
        displayName: null,
      };
      await assert.rejects(
        h.ctx.db.transaction().execute(async (trx) => {
          await insertConnectedTariff(trx, scope, h.ctx.now(scope), input);
          throw new Error('connect failed after');
        }),
        /connect failed after/,
      );
      const list = await client.request('GET', `/tariffs?location_id=${location.body.id}`);
      assert.equal(list.body.data.length, 0);
      await assert.rejects(
        h.ctx.db
          .transaction()
          .execute((trx) =>
            insertConnectedTariff(trx, scope, h.ctx.now(scope), {
              ...input,
              contractEnd: input.contractStart,
            }),
          ),
        (error: Error & { code?: string }) => error.code === 'contract_end_date_invalid',
      );
    } finally {
      await h.close();
    }
  });
});
