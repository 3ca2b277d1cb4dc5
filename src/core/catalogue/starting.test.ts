import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { scratchDatabase } from '../../testing/scratch-database.ts';
import { listLibraryTariffs, listProvidersServing, retrieveLibraryTariff } from './catalogue.ts';
import { loadStartingCatalogue } from './starting.ts';

let database: Database;
let drop: () => Promise<void>;
const ctx = () => ({ db: database.db, now: () => Date.parse('2026-06-01T00:00:00Z') });

before(async () => {
  const scratch = await scratchDatabase();
  drop = scratch.drop;
  database = await openDatabase({ url: scratch.url, dataDir: 'memory://', poolSize: 4 });
  await migrateToLatest(database.db);
});
after(async () => {
  await database.close();
  await drop();
});

describe('loadStartingCatalogue', () => {
  it('loads once when two nodes start at once, and not again', async () => {
    const results = await Promise.all([loadStartingCatalogue(ctx()), loadStartingCatalogue(ctx())]);
    assert.deepEqual(results.sort(), [false, true]);
    assert.equal(await loadStartingCatalogue(ctx()), false);
  });

  it('offers US, GB and market-zone providers, sandbox ones only in test mode', async () => {
    const names = async (countryCode: string, region: string | null, liveMode = true) =>
      (await listProvidersServing(ctx(), { liveMode, countryCode, region })).map((p) => p.displayName);
    assert.deepEqual(await names('US', 'US-FL'), ['Florida Power & Light Co.']);
    assert.deepEqual(await names('US', 'US-CA'), []);
    assert.deepEqual(await names('GB', null), ['Nord Pool day-ahead GB', 'Octopus Energy']);
    assert.deepEqual(await names('SE', 'SE-SE3'), ['Nord Pool day-ahead SE3']);
    assert.equal((await names('SE', null)).length, 4);
    assert.deepEqual(await names('DE', null), ['Nord Pool day-ahead GER']);
    const test = await names('DE', null, false);
    assert.deepEqual(
      test.filter((n) => n.startsWith('Sandbox')),
      [
        'Sandbox Direct (connects)',
        'Sandbox Direct (fails)',
        'Sandbox Direct (pending)',
        'Sandbox Library Energy',
      ],
    );
  });

  it('gives a sandbox DIRECT provider a library tariff of its own, and Agile per region', async () => {
    const [direct] = (
      await listProvidersServing(ctx(), { liveMode: false, countryCode: 'NL', region: null })
    ).filter((p) => p.displayName === 'Sandbox Direct (connects)');
    assert.equal(direct?.sandbox?.behaviour, 'connect');
    const tariff = await retrieveLibraryTariff(ctx(), direct?.sandbox?.libraryTariffId ?? '');
    assert.equal(tariff?.providerId, direct?.id);
    const [octopus] = await listProvidersServing(ctx(), {
      liveMode: true,
      countryCode: 'GB',
      region: 'GB-B',
    }).then((l) => l.filter((p) => p.displayName === 'Octopus Energy'));
    const agile = await listLibraryTariffs(ctx(), {
      providerId: octopus?.id ?? '',
      direction: 'IMPORT',
      type: 'COMMODITY',
      region: 'GB-B',
      atMs: Date.parse('2026-06-01T00:00:00Z'),
    });
    assert.deepEqual(
      agile.map((t) => [t.name, t.regions, t.marketRates]),
      [['Agile Octopus', ['GB-B'], true]],
    );
  });
});
