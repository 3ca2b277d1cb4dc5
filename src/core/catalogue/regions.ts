// Region codes of the catalogue: `<country>-<code>`, so codes of different countries never meet.
// US states are their ISO 3166-2 codes (`US-CA`); in countries with several day-ahead bidding
// zones the region is the zone the location's address maps to (`SE-SE3`, `IT-NORD`, `DK-DK1`);
// GB distribution regions are the GSP group letters Octopus tariff codes end in (`GB-A` … `GB-P`).
// [decision:catalogue-regions]
import { deriveRegion, MARKET_REGIONS } from '../locations/address-regions.ts';

const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
};

const fold = (text: string): string => text.toLowerCase().replace(/[^a-z]/g, '');
const US_STATE_BY_NAME = new Map<string, string>();
for (const [code, name] of Object.entries(US_STATES)) {
  US_STATE_BY_NAME.set(fold(code), code);
  US_STATE_BY_NAME.set(fold(name), code);
}
US_STATE_BY_NAME.set('washingtondc', 'DC');

/** The ISO 3166-2 code of a US state from its code or name (`CA`, `California`); undefined if unknown. */
export function usStateCode(state: string | undefined): string | undefined {
  if (state === undefined) return undefined;
  return US_STATE_BY_NAME.get(fold(state));
}

/** Countries whose market data has several bidding zones: their region is the zone. */
const MULTI_ZONE_COUNTRIES = new Set(
  MARKET_REGIONS.filter((r, i, all) => all.some((o, j) => j !== i && o.country_code === r.country_code)).map(
    (r) => r.country_code,
  ),
);

/** The catalogue region of a market source (`mrs_…`) in a multi-zone country, else null. */
export function regionOfMarketSource(marketSourceId: string): string | null {
  const region = MARKET_REGIONS.find((r) => r.id === marketSourceId);
  if (!region || !MULTI_ZONE_COUNTRIES.has(region.country_code)) return null;
  return `${region.country_code}-${region.region}`;
}

export interface RegionAddress {
  country_code?: string;
  state?: string;
  post_code?: string;
  city?: string;
}

/** The catalogue region of an address; null when the catalogue cannot tell. */
export function regionOfAddress(address: RegionAddress): string | null {
  const country = (address.country_code ?? '').trim().toUpperCase();
  if (country === 'US') {
    const state = usStateCode(address.state);
    return state === undefined ? null : `US-${state}`;
  }
  if (MULTI_ZONE_COUNTRIES.has(country)) {
    const told = [address.state, address.post_code, address.city].some(
      (v) => v !== undefined && v.trim() !== '',
    );
    if (!told) return null;
    const source = deriveRegion({ ...address, country_code: country }).market_sources.import;
    return source === undefined ? null : regionOfMarketSource(source);
  }
  return null;
}

/**
 * Whether a provider or library tariff with these regions serves `region` of `country`: a list
 * with no region of that country serves all of it; an unknown region (null) matches any.
 */
export function regionsServe(regions: readonly string[], country: string, region: string | null): boolean {
  if (region === null) return true;
  const ofCountry = regions.filter((r) => r.startsWith(`${country}-`));
  return ofCountry.length === 0 || ofCountry.includes(region);
}
