import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deriveRegion, type AddressInput } from '../../core/locations/address-regions.ts';
import { MARKET_REGION_ALIASES, REGION_ZONES } from '../../core/locations/address-regions-data.ts';
import { MARKET_REGIONS } from '../../core/locations/address-regions.ts';
import { storeMarketFeed } from '../../core/market-data/import-market-prices.ts';
import { describeMarketSource, simulatedMarketFor } from '../../core/market-data/market-sources.ts';
import { parseDecimal } from '../../engine/decimal.ts';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

/**
 * [decision:no-currency-conversion]. A market tariff is priced only from market prices in its
 * location's currency; anything else is `422 no_price_data`, never foreign figures under the
 * location's currency code. The addresses are every mapping the address data makes (each
 * country's default region, each named region, each zone of a country that has a market).
 */
let h: Harness;
before(async () => {
  // Market prices are shared by every account, so this file keeps its imports to itself.
  h = await startHarness({ ownDatabase: true });
});
after(() => h.close());

interface Mapping {
  address: AddressInput;
  currency: string;
  sourceId: string;
}

function mappings(): Mapping[] {
  const candidates: AddressInput[] = [];
  for (const code of new Set(MARKET_REGIONS.map((r) => r.country_code)))
    candidates.push({ country_code: code });
  for (const table of [MARKET_REGION_ALIASES, REGION_ZONES]) {
    for (const [code, names] of Object.entries(table)) {
      for (const aliases of Object.values(names)) {
        candidates.push({ country_code: code, state: aliases.split('|')[0] as string });
      }
    }
  }
  const byKey = new Map<string, Mapping>();
  for (const address of candidates) {
    const derived = deriveRegion(address);
    const sourceId = derived.market_sources.import;
    if (!sourceId || !derived.timezone || !derived.currency_code) continue;
    const key = `${derived.currency_code}|${sourceId}`;
    if (!byKey.has(key)) byKey.set(key, { address, currency: derived.currency_code, sourceId });
  }
  return [...byKey.values()];
}

const window = { start_time: '2025-06-01T00:00:00Z', end_time: '2025-06-02T00:00:00Z' };
const surcharge = [
  {
    months: ['All'],
    days_and_hours: [
      {
        days: ['All'],
        hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ surcharge_fixed: 0.01 }] }],
      },
    ],
  },
];

async function marketLocation(client: Client, address: AddressInput): Promise<string> {
  const location = await client.request('POST', '/locations', {
    postal_address: { city: 'Testville', ...address },
  });
  assert.equal(location.status, 201, JSON.stringify(location.body));
  const tariff = await client.request('POST', '/tariffs', {
    location_id: location.body.id,
    direction: 'IMPORT',
    type: 'COMMODITY',
    market_rates: true,
    contract_start_date: '2024-01-01T00:00:00Z',
    contract_end_date: '2030-01-01T00:00:00Z',
    schedule: surcharge,
  });
  assert.equal(tariff.status, 201, JSON.stringify(tariff.body));
  return location.body.id as string;
}

/**
 * Checks the price answer of every mapping whose market currency differs from the location's
 * (422) and of one mapping per currency where they agree (200 in that currency); returns how
 * many were refused.
 */
async function checkEach(client: Client, marketCurrency: (m: Mapping) => string): Promise<number> {
  let refused = 0;
  const agreeing = new Set<string>();
  for (const mapping of mappings()) {
    const agrees = marketCurrency(mapping) === mapping.currency;
    if (agrees && agreeing.has(mapping.currency)) continue;
    if (agrees) agreeing.add(mapping.currency);
    const label = `${JSON.stringify(mapping.address)} → ${mapping.sourceId}`;
    const location = await marketLocation(client, mapping.address);
    const reply = await client.request('POST', `/prices/${location}`, window);
    if (agrees) {
      assert.equal(reply.status, 200, `${label}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.currency_code, mapping.currency, label);
    } else {
      refused++;
      assert.equal(reply.status, 422, `${label}: ${reply.status}`);
      assert.equal(reply.body.code, 'no_price_data', label);
      assert.match(reply.body.message, new RegExp(`in ${marketCurrency(mapping)}.* ${mapping.currency}`));
    }
  }
  assert.ok(agreeing.size > 0, 'no mapping in the market currency');
  return refused;
}

describe('market prices in another currency', () => {
  it('refuses each test-mode mapping whose simulated market is in another currency than the location', async () => {
    const client = await newClient(h, 'test');
    const simulated = (m: Mapping) => simulatedMarketFor(describeMarketSource(m.sourceId)).currency;
    const expected = mappings().filter((m) => simulated(m) !== m.currency).length;
    // Northern Ireland on the Irish market, French Pacific territories on the French one.
    assert.ok(expected >= 2, `only ${expected} mappings across currencies`);
    assert.equal(await checkEach(client, simulated), expected);
  });

  it('refuses each live mapping outside the euro when its source publishes in EUR, as ENTSO-E does', async () => {
    const hour = 3_600_000;
    const from = Date.parse('2025-05-31T00:00:00Z');
    const points = Array.from({ length: 72 }, (_, i) => ({
      start: from + i * hour,
      end: from + (i + 1) * hour,
      value: parseDecimal(String(80 + (i % 24))) as NonNullable<ReturnType<typeof parseDecimal>>,
    }));
    for (const sourceId of new Set(mappings().map((m) => m.sourceId))) {
      await storeMarketFeed(h.ctx, {
        sourceId,
        format: 'entsoe',
        feed: { currency: 'EUR', unit: 'MWh', points },
      });
    }
    const client = await newClient(h, 'live');
    const expected = mappings().filter((m) => m.currency !== 'EUR');
    // Zürich (CHF) on the Swiss source among them.
    assert.ok(expected.some((m) => m.currency === 'CHF'));
    assert.equal(await checkEach(client, () => 'EUR'), expected.length);
  });
});
