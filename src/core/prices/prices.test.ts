import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';
import { retrieveLocation } from '../locations/locations.ts';
import { MAX_PRICED_SPAN_MS, priceLocationSeries } from './prices.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const YEAR_MS = 365 * 86_400_000;
const START = Date.UTC(2021, 0, 1);

async function londonWithTariffs(client: Client) {
  const location = (
    await client.request('POST', '/locations', { postal_address: { city: 'London', country_code: 'GB' } })
  ).body;
  const contract = {
    location_id: location.id,
    type: 'COMMODITY',
    contract_start_date: '2020-01-01T00:00:00Z',
    contract_end_date: '2035-01-01T00:00:00Z',
  };
  const flat = [
    {
      months: ['All'],
      days_and_hours: [
        { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.25 }] }] },
      ],
    },
  ];
  assert.equal(
    (await client.request('POST', '/tariffs', { ...contract, direction: 'IMPORT', schedule: flat })).status,
    201,
  );
  assert.equal(
    (await client.request('POST', '/tariffs', { ...contract, direction: 'EXPORT', market_rates: true }))
      .status,
    201,
  );
  const scope = { accountId: client.accountId, liveMode: false };
  return { scope, location: await retrieveLocation(h.ctx, scope, location.id) };
}

describe('priceLocationSeries', () => {
  it('prices six years of a tariff that changes every quarter-hour (210,000 intervals) in one series', async () => {
    const client = await newClient(h);
    const { scope, location } = await londonWithTariffs(client);
    const clock = (q: number) =>
      `${String(Math.floor(q / 4) % 24).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}:00`;
    const hours = Array.from({ length: 96 }, (_, q) => ({
      valid_from: clock(q),
      valid_to: clock(q + 1),
      rate: [{ fixed: q % 2 ? 0.2 : 0.1 }],
    }));
    const reply = await client.request('POST', '/tariffs', {
      location_id: location.id,
      direction: 'IMPORT',
      type: 'NON_COMMODITY',
      contract_start_date: '2020-01-01T00:00:00Z',
      contract_end_date: '2035-01-01T00:00:00Z',
      schedule: [{ months: ['All'], days_and_hours: [{ days: ['All'], hours }] }],
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const prices = await priceLocationSeries(h.ctx, scope, location, {
      start: START,
      end: START + 6 * YEAR_MS,
      direction: 'IMPORT',
    });
    assert.ok(prices.intervals.length > 200_000, `${prices.intervals.length} intervals`);
    assert.equal(prices.intervals.at(-1)?.end, START + 6 * YEAR_MS);
  });

  it('prices up to ten years and refuses more with time_range_invalid', async () => {
    const { scope, location } = await londonWithTariffs(await newClient(h));
    const tenYears = await priceLocationSeries(h.ctx, scope, location, {
      start: START,
      end: START + MAX_PRICED_SPAN_MS,
      direction: 'IMPORT',
    });
    assert.equal(tenYears.intervals.at(-1)?.end, START + MAX_PRICED_SPAN_MS);
    await assert.rejects(
      priceLocationSeries(h.ctx, scope, location, { start: 0, end: 10_000 * YEAR_MS, direction: 'IMPORT' }),
      { code: 'time_range_invalid' },
    );
  });
});
