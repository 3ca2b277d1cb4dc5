import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  insertCatalogueRows,
  type CatalogueProviderRecord,
  type CatalogueTariffRecord,
} from '../../store/catalogue.ts';
import { startHarness, type Harness } from '../../testing/harness.ts';
import {
  listLibraryTariffs,
  listProvidersServing,
  regionOfAddress,
  retrieveLibraryTariff,
  retrieveProvider,
} from './catalogue.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  await insertCatalogueRows(h.ctx.db, PROVIDERS, TARIFFS);
});
after(() => h.close());

const at = new Date('2026-01-01T00:00:00Z');
const provider = (patch: Partial<CatalogueProviderRecord> & { id: string }): CatalogueProviderRecord => ({
  display_name: patch.id,
  logo_svg: null,
  countries: ['ZZ'],
  regions: [],
  connection_types: ['LIBRARY'],
  market_source_id: null,
  sandbox: null,
  external_ref: null,
  created_at: at,
  updated_at: at,
  ...patch,
});
const flat = [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.2 }] }] },
    ],
  },
];
const tariff = (
  patch: Partial<CatalogueTariffRecord> & { id: string; provider_id: string },
): CatalogueTariffRecord => ({
  name: patch.id,
  description: null,
  direction: 'IMPORT',
  type: 'COMMODITY',
  currency_code: 'USD',
  regions: [],
  valid_from: null,
  valid_to: null,
  market_rates: false,
  schedule: flat,
  external_ref: null,
  created_at: at,
  updated_at: at,
  ...patch,
});

// Test-only country ZZ keeps these rows apart from any starting catalogue loaded in the harness.
const PROVIDERS = [
  provider({
    id: 'prv_00000000000000000000000b',
    display_name: 'Beta Power',
    countries: ['ZZ', 'US'],
    regions: ['US-CA'],
  }),
  provider({
    id: 'prv_00000000000000000000000a',
    display_name: 'Alpha Energy',
    countries: ['ZZ'],
    regions: ['ZZ-N'],
  }),
  provider({
    id: 'prv_00000000000000000000000c',
    display_name: 'Aardvark Sandbox',
    countries: ['ZZ'],
    connection_types: ['DIRECT'],
    sandbox: { behaviour: 'pending', pending_seconds: 60, library_tariff_id: 'trt_000000000000000000000003' },
  }),
];
const TARIFFS = [
  tariff({
    id: 'trt_000000000000000000000001',
    provider_id: 'prv_00000000000000000000000a',
    regions: ['ZZ-N'],
  }),
  tariff({
    id: 'trt_000000000000000000000002',
    provider_id: 'prv_00000000000000000000000a',
    regions: ['ZZ-S'],
  }),
  tariff({
    id: 'trt_000000000000000000000004',
    provider_id: 'prv_00000000000000000000000a',
    valid_from: new Date('2027-01-01T00:00:00Z'),
  }),
  tariff({
    id: 'trt_000000000000000000000005',
    provider_id: 'prv_00000000000000000000000a',
    direction: 'EXPORT',
    valid_to: new Date('2025-01-01T00:00:00Z'),
  }),
  tariff({ id: 'trt_000000000000000000000003', provider_id: 'prv_00000000000000000000000c' }),
];

describe('listProvidersServing', () => {
  it('lists the sandbox providers too, sorted by name, when in test mode', async () => {
    const all = await listProvidersServing(h.ctx, { liveMode: false, countryCode: 'zz', region: null });
    // the starting catalogue's sandbox providers serve every country
    assert.ok(all.some((p) => p.displayName === 'Sandbox Direct (connects)'));
    const list = all.filter((p) => PROVIDERS.some((mine) => mine.id === p.id));
    assert.deepEqual(
      list.map((p) => p.displayName),
      ['Aardvark Sandbox', 'Alpha Energy', 'Beta Power'],
    );
    assert.deepEqual(
      all.map((p) => p.displayName),
      [...all.map((p) => p.displayName)].sort((a, b) => a.localeCompare(b, 'en')),
    );
    const sandbox = list[0];
    assert.deepEqual(sandbox?.sandbox, {
      behaviour: 'pending',
      pendingSeconds: 60,
      libraryTariffId: 'trt_000000000000000000000003',
    });
    assert.match(
      sandbox?.logoUrl ?? '',
      /^https?:\/\/[^/]+\/catalogue\/logos\/prv_00000000000000000000000c\.svg$/,
    );
  });

  it('leaves sandbox providers out when in live mode', async () => {
    const list = await listProvidersServing(h.ctx, { liveMode: true, countryCode: 'ZZ', region: null });
    assert.deepEqual(
      list.map((p) => p.id),
      ['prv_00000000000000000000000a', 'prv_00000000000000000000000b'],
    );
    assert.equal(await retrieveProvider(h.ctx, { liveMode: true, id: 'prv_00000000000000000000000c' }), null);
    assert.equal(
      (await retrieveProvider(h.ctx, { liveMode: false, id: 'prv_00000000000000000000000c' }))?.displayName,
      'Aardvark Sandbox',
    );
  });

  it('leaves out a provider bound to other regions of the country when the region is known', async () => {
    const south = await listProvidersServing(h.ctx, { liveMode: true, countryCode: 'ZZ', region: 'ZZ-S' });
    assert.deepEqual(
      south.map((p) => p.displayName),
      ['Beta Power'],
    );
    const north = await listProvidersServing(h.ctx, { liveMode: true, countryCode: 'ZZ', region: 'ZZ-N' });
    assert.deepEqual(
      north.map((p) => p.displayName),
      ['Alpha Energy', 'Beta Power'],
    );
  });

  it('builds logo URLs on the public URL of the context when it has one', async () => {
    const [first] = await listProvidersServing(
      { db: h.ctx.db, publicUrl: 'https://offpeak.example/' },
      { liveMode: true, countryCode: 'ZZ', region: null },
    );
    assert.equal(first?.logoUrl, 'https://offpeak.example/catalogue/logos/prv_00000000000000000000000a.svg');
  });
});

describe('listLibraryTariffs', () => {
  const q = {
    providerId: 'prv_00000000000000000000000a',
    direction: 'IMPORT' as const,
    type: 'COMMODITY' as const,
    atMs: Date.parse('2026-06-01T00:00:00Z'),
  };

  it('filters by region, direction and validity when the region is known', async () => {
    const list = await listLibraryTariffs(h.ctx, { ...q, region: 'ZZ-N' });
    assert.deepEqual(
      list.map((t) => t.id),
      ['trt_000000000000000000000001'],
    );
  });

  it('keeps every region when the region is null, and honours valid_from', async () => {
    const now = await listLibraryTariffs(h.ctx, { ...q, region: null });
    assert.deepEqual(
      now.map((t) => t.id),
      ['trt_000000000000000000000001', 'trt_000000000000000000000002'],
    );
    const later = await listLibraryTariffs(h.ctx, {
      ...q,
      region: null,
      atMs: Date.parse('2027-06-01T00:00:00Z'),
    });
    assert.equal(later.length, 3);
  });

  it('answers none for LOCAL and none past valid_to', async () => {
    assert.deepEqual(await listLibraryTariffs(h.ctx, { ...q, direction: 'LOCAL', region: null }), []);
    assert.deepEqual(await listLibraryTariffs(h.ctx, { ...q, direction: 'EXPORT', region: null }), []);
    const before2025 = await listLibraryTariffs(h.ctx, {
      ...q,
      direction: 'EXPORT',
      region: null,
      atMs: Date.parse('2024-06-01T00:00:00Z'),
    });
    assert.equal(before2025.length, 1);
  });

  it('retrieves one library tariff with its schedule, or null', async () => {
    const one = await retrieveLibraryTariff(h.ctx, 'trt_000000000000000000000004');
    assert.equal(one?.validFrom, Date.parse('2027-01-01T00:00:00Z'));
    assert.deepEqual(one?.schedule, flat);
    assert.equal(await retrieveLibraryTariff(h.ctx, 'trt_0000000000000000000000ff'), null);
  });
});

describe('regionOfAddress', () => {
  it('answers the US state from its code or name', () => {
    assert.equal(regionOfAddress({ country_code: 'US', state: 'CA' }), 'US-CA');
    assert.equal(regionOfAddress({ country_code: 'us', state: 'New York' }), 'US-NY');
    assert.equal(regionOfAddress({ country_code: 'US', state: 'Atlantis' }), null);
  });

  it('answers the bidding zone in a country with several', () => {
    assert.equal(regionOfAddress({ country_code: 'DK', post_code: '8000' }), 'DK-DK1');
    assert.equal(regionOfAddress({ country_code: 'DK', post_code: '2100' }), 'DK-DK2');
    assert.equal(regionOfAddress({ country_code: 'IT', state: 'Lombardia' }), 'IT-NORD');
  });

  it('answers null when the address does not tell', () => {
    assert.equal(regionOfAddress({ country_code: 'SE' }), null);
    assert.equal(regionOfAddress({ country_code: 'NL', city: 'Utrecht' }), null);
    assert.equal(regionOfAddress({}), null);
  });
});
