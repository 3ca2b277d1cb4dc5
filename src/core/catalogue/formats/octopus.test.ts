import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { importOctopus } from './octopus.ts';

const read = (name: string) =>
  readFileSync(new URL(`../../../../catalogue/octopus/${name}`, import.meta.url), 'utf8');

describe('importOctopus', () => {
  it('makes one market-rate tariff per GSP region when the product is Agile', () => {
    const data = importOctopus(read('AGILE-24-10-01.json'));
    assert.deepEqual(
      data.providers.map((p) => [p.ref, p.displayName, p.countries]),
      [['octopus-brand:OCTOPUS_ENERGY', 'Octopus Energy', ['GB']]],
    );
    assert.deepEqual(
      data.tariffs.map((t) => [
        t.ref,
        t.regions,
        t.marketRates,
        t.schedule.length,
        t.currencyCode,
        t.direction,
      ]),
      [
        ['octopus:E-1R-AGILE-24-10-01-A', ['GB-A'], true, 0, 'GBP', 'IMPORT'],
        ['octopus:E-1R-AGILE-24-10-01-B', ['GB-B'], true, 0, 'GBP', 'IMPORT'],
        ['octopus:E-1R-AGILE-24-10-01-C', ['GB-C'], true, 0, 'GBP', 'IMPORT'],
      ],
    );
    // available_from 2024-10-01T00:00:00+01:00 is 2024-09-30T23:00Z; available_to null
    assert.equal(data.tariffs[0]?.validFrom, Date.parse('2024-09-30T23:00:00Z'));
    assert.equal(data.tariffs[0]?.validTo, null);
    assert.equal(data.tariffs[0]?.name, 'Agile Octopus');
  });

  it('prices a non-Agile product all day at its standard unit rate with VAT, in pounds', () => {
    const data = importOctopus(read('COSY-22-12-08.json'));
    // region A: 26.98143 p/kWh → 0.2698143 GBP/kWh; region B: 25.44318 p → 0.2544318
    assert.deepEqual(
      data.tariffs.map((t) => [
        t.regions[0],
        t.marketRates,
        t.schedule[0]?.days_and_hours[0]?.hours[0]?.rate,
      ]),
      [
        ['GB-A', false, [{ fixed: 0.2698143 }]],
        ['GB-B', false, [{ fixed: 0.2544318 }]],
      ],
    );
  });

  it('refuses a file that is not a product', () => {
    assert.throws(
      () => importOctopus('{"count": 0, "results": []}'),
      (e: Error & { code?: string }) => e.code === 'catalogue_file_invalid',
    );
  });
});
