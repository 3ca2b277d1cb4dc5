import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COUNTRY_TABLE, MARKET_REGION_ALIASES, REGION_ZONES } from './address-regions-data.ts';
import { isValidTimeZone } from '../../engine/index.ts';
import { MARKET_REGIONS, deriveRegion, isKnownCountryCode } from './address-regions.ts';

const marketId = (region: string): string => {
  const found = MARKET_REGIONS.find((r) => r.region === region);
  assert.ok(found, `market region ${region} exists`);
  return found.id;
};
const both = (region: string) => ({ import: marketId(region), export: marketId(region) });
const zoneOf = (country_code: string, state?: string, post_code?: string) =>
  deriveRegion({ country_code, state, post_code }).timezone;
const marketOf = (
  country_code: string,
  address: { state?: string; post_code?: string; city?: string } = {},
) => deriveRegion({ country_code, ...address }).market_sources;

const ALL_CODES = COUNTRY_TABLE.split(/[|\n]/)
  .map((row) => row.trim().split(' ')[0] ?? '')
  .filter((code) => code !== '');

const EUROPE =
  'AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME ' +
  'MK MT NL NO PL PT RO RS SE SI SJ SK SM TR UA VA';
const OTHERS =
  'JP KR CN IN SG ZA IL AE AR CL CO PE UY NZ HK TW TH VN PH MY EG MA NG KE SA QA PK BD LK KZ GE AM AZ IS';

describe('deriveRegion', () => {
  it('returns London, GBP and the GB market when the country is GB', () => {
    assert.deepEqual(deriveRegion({ country_code: 'GB' }), {
      timezone: 'Europe/London',
      currency_code: 'GBP',
      market_sources: { import: 'mrs_65792b4ef61b16685ebd2ec9', export: 'mrs_65792b4ef61b16685ebd2ec9' },
    });
  });

  it('matches the country code case-insensitively when it is lowercase or padded', () => {
    assert.deepEqual(deriveRegion({ country_code: ' gb ' }), deriveRegion({ country_code: 'GB' }));
  });

  it('returns nothing when the country is missing or unknown', () => {
    const empty = { timezone: undefined, currency_code: undefined, market_sources: {} };
    assert.deepEqual(deriveRegion({}), empty);
    assert.deepEqual(deriveRegion({ country_code: 'ZZ', state: 'CA' }), empty);
  });

  it('returns Los Angeles and USD without a market when a US state is California in any spelling', () => {
    for (const state of ['CA', 'ca', 'California', 'CALIFORNIA', ' california ']) {
      assert.deepEqual(deriveRegion({ country_code: 'US', state }), {
        timezone: 'America/Los_Angeles',
        currency_code: 'USD',
        market_sources: {},
      });
    }
  });

  it('resolves other US states when given by abbreviation or full name', () => {
    assert.equal(zoneOf('US', 'NY'), 'America/New_York');
    assert.equal(zoneOf('US', 'D.C.'), 'America/New_York');
    assert.equal(zoneOf('US', 'Washington State'), 'America/Los_Angeles');
    assert.equal(zoneOf('US', 'Texas'), 'America/Chicago');
    assert.equal(zoneOf('US', 'AZ'), 'America/Phoenix');
    assert.equal(zoneOf('US', 'Hawaii'), 'Pacific/Honolulu');
  });

  it('leaves the zone undefined but keeps the currency when a US state is missing or unknown', () => {
    assert.deepEqual(deriveRegion({ country_code: 'US' }), {
      timezone: undefined,
      currency_code: 'USD',
      market_sources: {},
    });
    assert.equal(zoneOf('US', 'Narnia', '94103'), undefined);
    assert.equal(zoneOf('US', ''), undefined);
  });

  it('resolves Australian states and the AU market when the state is given', () => {
    assert.equal(zoneOf('AU', 'NSW'), 'Australia/Sydney');
    assert.equal(zoneOf('AU', 'WA'), 'Australia/Perth');
    assert.equal(zoneOf('AU', 'Western Australia'), 'Australia/Perth');
    assert.equal(zoneOf('AU', 'ACT'), 'Australia/Sydney');
    assert.equal(deriveRegion({ country_code: 'AU', state: 'QLD' }).currency_code, 'AUD');
    assert.deepEqual(marketOf('AU', { state: 'VIC' }), both('AU'));
  });

  it('falls back to the post code when an Australian or Canadian state is missing', () => {
    assert.equal(zoneOf('AU', undefined, '6000'), 'Australia/Perth');
    assert.equal(zoneOf('AU', undefined, '0800'), 'Australia/Darwin');
    assert.equal(zoneOf('AU', undefined, '2600'), 'Australia/Sydney');
    assert.equal(zoneOf('AU', undefined, '12'), undefined);
    assert.equal(zoneOf('CA', undefined, 'T2P 1J9'), 'America/Edmonton');
    assert.equal(zoneOf('CA', undefined, 'x1a 2l9'), undefined);
  });

  it('resolves Canadian provinces when given in English, French or abbreviated', () => {
    assert.equal(zoneOf('CA', 'BC'), 'America/Vancouver');
    assert.equal(zoneOf('CA', 'Québec'), 'America/Toronto');
    assert.equal(zoneOf('CA', 'Nouvelle-Écosse'), 'America/Halifax');
    assert.equal(zoneOf('CA', 'Saskatchewan'), 'America/Regina');
    assert.equal(zoneOf('CA'), undefined);
  });

  it('resolves Brazilian, Mexican and Russian regions and rejects a missing one', () => {
    assert.equal(zoneOf('BR', 'SP'), 'America/Sao_Paulo');
    assert.equal(zoneOf('BR', 'Amazonas'), 'America/Manaus');
    assert.equal(zoneOf('MX', 'Quintana Roo'), 'America/Cancun');
    assert.equal(zoneOf('MX', 'Ciudad de México'), 'America/Mexico_City');
    assert.equal(zoneOf('MX', 'Baja California'), 'America/Tijuana');
    assert.equal(zoneOf('MX', 'Baja California Sur'), 'America/Mazatlan');
    assert.equal(zoneOf('RU', 'Moscow Oblast'), 'Europe/Moscow');
    assert.equal(zoneOf('RU', 'Republic of Tatarstan'), 'Europe/Moscow');
    assert.equal(zoneOf('RU', 'Novosibirsk Oblast'), 'Asia/Novosibirsk');
    assert.equal(zoneOf('RU', 'Primorsky Krai'), 'Asia/Vladivostok');
    for (const country of ['BR', 'MX', 'RU', 'ID']) assert.equal(zoneOf(country), undefined, country);
  });

  it('returns the Canary zone and still the Spanish market when the address is in the Canaries', () => {
    assert.equal(zoneOf('ES', 'Islas Canarias'), 'Atlantic/Canary');
    assert.equal(zoneOf('ES', 'Santa Cruz de Tenerife'), 'Atlantic/Canary');
    assert.equal(zoneOf('ES', undefined, '35001'), 'Atlantic/Canary');
    assert.deepEqual(marketOf('ES', { state: 'Canarias' }), both('ES'));
  });

  it('returns Madrid, EUR and the OMIE market when a Spanish address is on the mainland', () => {
    assert.deepEqual(deriveRegion({ country_code: 'ES', state: 'Madrid', post_code: '28001' }), {
      timezone: 'Europe/Madrid',
      currency_code: 'EUR',
      market_sources: { import: 'mrs_65792b4df61b16685ebd2e77', export: 'mrs_65792b4df61b16685ebd2e77' },
    });
  });

  it('returns the island zones when a Portuguese address is in the Azores or Madeira', () => {
    assert.equal(zoneOf('PT', 'Açores'), 'Atlantic/Azores');
    assert.equal(zoneOf('PT', undefined, '9000-123'), 'Atlantic/Madeira');
    assert.equal(zoneOf('PT', undefined, '9500-100'), 'Atlantic/Azores');
    assert.equal(zoneOf('PT', 'Lisboa', '1000-001'), 'Europe/Lisbon');
  });

  it('uses the main zone when a region of NZ or CL is missing', () => {
    assert.equal(zoneOf('NZ'), 'Pacific/Auckland');
    assert.equal(zoneOf('NZ', 'Chatham Islands'), 'Pacific/Chatham');
    assert.equal(zoneOf('CL'), 'America/Santiago');
    assert.equal(zoneOf('CL', 'Región Metropolitana'), 'America/Santiago');
  });

  it('returns the Corsican market when a French address is in Corsica', () => {
    assert.deepEqual(marketOf('FR'), both('FR'));
    assert.equal(marketOf('FR').import, 'mrs_65792b4ef61b16685ebd2ec5');
    assert.equal(marketOf('FR', { state: 'Corse' }).import, 'mrs_65792b4ef61b16685ebd2e8c');
    assert.equal(marketOf('FR', { state: 'Haute-Corse' }).import, 'mrs_65792b4ef61b16685ebd2e8c');
    assert.equal(marketOf('FR', { post_code: '20000' }).import, 'mrs_65792b4ef61b16685ebd2e8c');
    assert.equal(marketOf('FR', { post_code: '75001' }).import, 'mrs_65792b4ef61b16685ebd2ec5');
  });

  it('returns the overseas zone and currency when a French post code is overseas', () => {
    const reunion = deriveRegion({ country_code: 'FR', post_code: '97400' });
    assert.equal(reunion.timezone, 'Indian/Reunion');
    assert.equal(reunion.currency_code, 'EUR');
    const noumea = deriveRegion({ country_code: 'FR', post_code: '98800' });
    assert.equal(noumea.timezone, 'Pacific/Noumea');
    assert.equal(noumea.currency_code, 'XPF');
  });

  it('maps Italian regions, provinces and CAPs to their GME bidding zone', () => {
    assert.equal(marketOf('IT', { state: 'Sicilia' }).import, 'mrs_65792b4ef61b16685ebd2e84');
    assert.deepEqual(marketOf('IT', { state: 'Sicily' }), both('SICI'));
    assert.deepEqual(marketOf('IT', { state: 'Lombardia' }), both('NORD'));
    assert.deepEqual(marketOf('IT', { state: 'Toscana' }), both('CNOR'));
    assert.deepEqual(marketOf('IT', { state: 'Umbria' }), both('CSUD'));
    assert.deepEqual(marketOf('IT', { state: 'Puglia' }), both('SUD'));
    assert.deepEqual(marketOf('IT', { state: 'Sardegna' }), both('SARD'));
    assert.deepEqual(marketOf('IT', { state: "Valle d'Aosta" }), both('NORD'));
    assert.deepEqual(marketOf('IT', { state: 'PA' }), both('SICI'));
    assert.deepEqual(marketOf('IT', { post_code: '09123' }), both('SARD'));
    assert.deepEqual(marketOf('IT', { post_code: '80100' }), both('CSUD'));
    assert.deepEqual(marketOf('IT', { city: 'Roma' }), both('CSUD'));
    assert.deepEqual(marketOf('IT'), both('NORD'));
  });

  it('picks DK1 or DK2 by region or post code and defaults to DK2 when neither is known', () => {
    assert.equal(marketOf('DK', { post_code: '8000' }).import, 'mrs_65792b4ef61b16685ebd2ea9');
    assert.equal(marketOf('DK', { post_code: '2100' }).import, 'mrs_65792b4ef61b16685ebd2eab');
    assert.deepEqual(marketOf('DK', { state: 'Region Syddanmark' }), both('DK1'));
    assert.deepEqual(marketOf('DK', { state: 'Region Sjælland' }), both('DK2'));
    assert.deepEqual(marketOf('DK', { state: 'Midtjylland', post_code: '1000' }), both('DK1'));
    assert.deepEqual(marketOf('DK'), both('DK2'));
  });

  it('picks the Swedish zone by county and defaults to SE3 when the county is unknown', () => {
    assert.equal(marketOf('SE', { state: 'Skåne' }).import, 'mrs_65792b4ef61b16685ebd2ea5');
    assert.deepEqual(marketOf('SE', { state: 'Skåne län' }), both('SE4'));
    assert.deepEqual(marketOf('SE', { state: 'Norrbottens län' }), both('SE1'));
    assert.deepEqual(marketOf('SE', { state: 'Jämtland' }), both('SE2'));
    assert.deepEqual(marketOf('SE', { state: 'Dalarna' }), both('SE3'));
    assert.deepEqual(marketOf('SE'), both('SE3'));
  });

  it('picks the Norwegian zone by county or city and defaults to NO1 when neither is known', () => {
    assert.equal(marketOf('NO', { state: 'Vestland' }).import, 'mrs_66c3c4b54bbcdce07b8a966a');
    assert.deepEqual(marketOf('NO', { state: 'Trøndelag' }), both('NO3'));
    assert.deepEqual(marketOf('NO', { state: 'Møre og Romsdal' }), both('NO3'));
    assert.deepEqual(marketOf('NO', { state: 'Rogaland' }), both('NO2'));
    assert.deepEqual(marketOf('NO', { state: 'Troms og Finnmark' }), both('NO4'));
    assert.deepEqual(marketOf('NO', { city: 'Bergen' }), both('NO5'));
    assert.deepEqual(marketOf('NO'), both('NO1'));
  });

  it('returns the Irish SEM market but London time and GBP when a GB address is in Northern Ireland', () => {
    const belfast = deriveRegion({ country_code: 'GB', post_code: 'BT1 1AA' });
    assert.deepEqual(belfast.market_sources, both('IE'));
    assert.equal(belfast.timezone, 'Europe/London');
    assert.equal(belfast.currency_code, 'GBP');
    assert.deepEqual(marketOf('GB', { post_code: 'SW1A 1AA' }), both('GB'));
  });

  it('returns EUR when the country joined the euro (HR in 2023, BG in 2026)', () => {
    assert.equal(deriveRegion({ country_code: 'HR' }).currency_code, 'EUR');
    assert.equal(deriveRegion({ country_code: 'BG' }).currency_code, 'EUR');
    assert.equal(deriveRegion({ country_code: 'BG' }).timezone, 'Europe/Sofia');
  });

  it('returns no market sources when the country has no listed market', () => {
    assert.deepEqual(deriveRegion({ country_code: 'ZA' }), {
      timezone: 'Africa/Johannesburg',
      currency_code: 'ZAR',
      market_sources: {},
    });
    assert.deepEqual(marketOf('JP'), both('JP'));
  });

  it('returns a fresh market_sources object when called twice', () => {
    const first = deriveRegion({ country_code: 'DE' });
    first.market_sources.import = 'changed';
    assert.equal(deriveRegion({ country_code: 'DE' }).market_sources.import, 'mrs_66798016c0d13b149391f8e5');
  });
});

describe('reference data', () => {
  it('gives a valid zone and currency when the country is European', () => {
    for (const code of EUROPE.split(' ')) {
      const { timezone, currency_code } = deriveRegion({ country_code: code });
      assert.ok(timezone !== undefined && isValidTimeZone(timezone), `${code} zone ${timezone}`);
      assert.match(currency_code ?? '', /^[A-Z]{3}$/, code);
    }
  });

  it('gives a valid zone and currency when the country is one of the major non-European ones', () => {
    for (const code of OTHERS.split(' ')) {
      const { timezone, currency_code } = deriveRegion({ country_code: code });
      assert.ok(timezone !== undefined && isValidTimeZone(timezone), `${code} zone ${timezone}`);
      assert.match(currency_code ?? '', /^[A-Z]{3}$/, code);
    }
  });

  it('gives an Intl-valid zone for every country except multi-zone or uninhabited ones', () => {
    const without: string[] = [];
    for (const code of ALL_CODES) {
      const { timezone } = deriveRegion({ country_code: code });
      if (timezone === undefined) without.push(code);
      else
        assert.doesNotThrow(
          () => new Intl.DateTimeFormat('en', { timeZone: timezone }),
          `${code} ${timezone}`,
        );
    }
    assert.deepEqual(without.sort(), [
      'AQ',
      'AU',
      'BR',
      'BV',
      'CA',
      'CD',
      'FM',
      'HM',
      'ID',
      'MX',
      'RU',
      'UM',
      'US',
    ]);
  });

  it('resolves every region alias to its own Intl-valid zone', () => {
    for (const [country, zones] of Object.entries(REGION_ZONES)) {
      for (const [zone, aliases] of Object.entries(zones)) {
        assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone: zone }), zone);
        for (const alias of aliases.split('|'))
          assert.equal(zoneOf(country, alias), zone, `${country} ${alias}`);
      }
    }
  });

  it('resolves every market alias to its own market region', () => {
    for (const [country, regions] of Object.entries(MARKET_REGION_ALIASES)) {
      for (const [region, aliases] of Object.entries(regions)) {
        for (const alias of aliases.split('|')) {
          assert.deepEqual(marketOf(country, { state: alias }), both(region), `${country} ${alias}`);
        }
      }
    }
  });

  it('has well-formed, unique market ids when the table is listed', () => {
    const markets = new Set(
      'nordpool epex omie gme aemo jepx okte cropex ibex oree southpool hupx ote selectra'.split(' '),
    );
    for (const r of MARKET_REGIONS) {
      assert.match(r.id, /^mrs_[0-9a-f]{24}$/);
      assert.ok(markets.has(r.market), r.market);
      assert.ok(isKnownCountryCode(r.country_code), r.country_code);
    }
    assert.equal(new Set(MARKET_REGIONS.map((r) => r.id)).size, MARKET_REGIONS.length);
    assert.equal(new Set(MARKET_REGIONS.map((r) => r.region)).size, MARKET_REGIONS.length);
    assert.equal(MARKET_REGIONS.length, 44);
  });

  it('gives every market country its first listed region when nothing else is known', () => {
    for (const code of new Set(MARKET_REGIONS.map((r) => r.country_code))) {
      const first = MARKET_REGIONS.find((r) => r.country_code === code);
      assert.deepEqual(marketOf(code), { import: first?.id, export: first?.id }, code);
    }
  });
});

describe('isKnownCountryCode', () => {
  it('accepts exactly the 249 ISO 3166-1 codes when every two-letter pair is tried', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const known = [...letters].flatMap((a) => [...letters].map((b) => a + b)).filter(isKnownCountryCode);
    assert.equal(known.length, 249);
    assert.deepEqual(known, [...ALL_CODES].sort());
  });

  it('rejects the code when it is user-assigned, empty or three letters', () => {
    for (const code of ['XK', 'ZZ', '', 'GBR', 'UK']) assert.equal(isKnownCountryCode(code), false, code);
  });

  it('accepts the code when it is lowercase', () => {
    assert.equal(isKnownCountryCode('gb'), true);
  });
});
