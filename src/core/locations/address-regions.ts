// Derives the time zone, currency and day-ahead market region of a postal address from its country, state
// and post code. Pure and synchronous: the reference data lives in address-regions-data.ts.
import { COUNTRY_TABLE, MARKET_REGION_ALIASES, MARKET_TABLE, REGION_ZONES } from './address-regions-data.ts';

export interface AddressInput {
  country_code?: string;
  state?: string;
  city?: string;
  post_code?: string;
}

export interface MarketSources {
  import?: string;
  export?: string;
}

export interface DerivedRegion {
  timezone: string | undefined;
  currency_code: string | undefined;
  market_sources: MarketSources;
}

interface MarketRegion {
  id: string;
  country_code: string;
  region: string;
  market: string;
}

const rows = (table: string): string[][] =>
  table
    .split(/[|\n]/)
    .map((row) => row.trim())
    .filter((row) => row !== '')
    .map((row) => row.split(' '));

const orUndefined = (value: string | undefined): string | undefined => (value === '-' ? undefined : value);

const COUNTRIES = new Map(
  rows(COUNTRY_TABLE).map(([code = '', zone, currency]) => [
    code,
    { zone: orUndefined(zone), currency: orUndefined(currency) },
  ]),
);

export const MARKET_REGIONS: readonly MarketRegion[] = Object.freeze(
  rows(MARKET_TABLE).map(([country_code = '', region = '', market = '', id = '']) =>
    Object.freeze({ id, country_code, region, market }),
  ),
);

const MARKET_ID_BY_REGION = new Map(MARKET_REGIONS.map((r) => [r.region, r.id]));
const DEFAULT_MARKET_ID = new Map<string, string>();
for (const r of MARKET_REGIONS)
  if (!DEFAULT_MARKET_ID.has(r.country_code)) DEFAULT_MARKET_ID.set(r.country_code, r.id);

// Free-text regions arrive as "Skåne län", "Region Sjælland", "Republic of Tatarstan" or "N.S.W.", so both
// sides are folded to bare ASCII letters, and generic words ("region", "oblast", "of") are tried without.
const FOLDED: Readonly<Record<string, string>> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const GENERIC_WORDS = new Set(
  (
    'region regio regione regiao province provincia state oblast krai kray republic respublika of the ' +
    'autonomous autonoma okrug county lan comunidad de di da do dos das del'
  ).split(' '),
);

function lookupKeys(text: string): string[] {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // øæœßłđðþı and ’‘ written as escapes: the bundle stays ASCII [decision:bundle-code-cache]
    .replace(/[\u00f8\u00e6\u0153\u00df\u0142\u0111\u00f0\u00fe\u0131]/g, (c) => FOLDED[c] ?? c)
    .replace(/['\u2019\u2018`.]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  const full = words.join('');
  const core = words.filter((w) => !GENERIC_WORDS.has(w)).join('');
  return core === '' || core === full ? [full] : [full, core];
}

type AliasIndex = Map<string, string>;

function buildIndex(
  table: Readonly<Record<string, Readonly<Record<string, string>>>>,
): Map<string, AliasIndex> {
  const byCountry = new Map<string, AliasIndex>();
  for (const [country, values] of Object.entries(table)) {
    const index: AliasIndex = new Map();
    for (const [value, aliases] of Object.entries(values)) {
      for (const alias of aliases.split('|')) {
        for (const key of lookupKeys(alias)) if (!index.has(key)) index.set(key, value);
      }
    }
    byCountry.set(country, index);
  }
  return byCountry;
}

const ZONE_BY_REGION = buildIndex(REGION_ZONES);
const MARKET_BY_REGION = buildIndex(MARKET_REGION_ALIASES);

function find(index: AliasIndex | undefined, text: string | undefined): string | undefined {
  if (index === undefined || text === undefined || text.trim() === '') return undefined;
  for (const key of lookupKeys(text)) {
    const value = index.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

const FR_OVERSEAS_ZONES: Readonly<Record<string, string>> = {
  '971': 'America/Guadeloupe',
  '972': 'America/Martinique',
  '973': 'America/Cayenne',
  '974': 'Indian/Reunion',
  '975': 'America/Miquelon',
  '976': 'Indian/Mayotte',
  '977': 'America/St_Barthelemy',
  '978': 'America/Marigot',
  '986': 'Pacific/Wallis',
  '987': 'Pacific/Tahiti',
  '988': 'Pacific/Noumea',
};

const AU_POSTCODE_ZONES: readonly (readonly [number, string])[] = [
  [200, 'Australia/Sydney'],
  [800, 'Australia/Darwin'],
  [1000, 'Australia/Sydney'],
  [3000, 'Australia/Melbourne'],
  [4000, 'Australia/Brisbane'],
  [5000, 'Australia/Adelaide'],
  [6000, 'Australia/Perth'],
  [7000, 'Australia/Hobart'],
  [8000, 'Australia/Melbourne'],
  [9000, 'Australia/Brisbane'],
];

// X (Northwest Territories and Nunavut) spans three zones, so it is left out.
const CA_POSTAL_ZONES: Readonly<Record<string, string>> = {
  A: 'America/St_Johns',
  B: 'America/Halifax',
  C: 'America/Halifax',
  E: 'America/Moncton',
  G: 'America/Toronto',
  H: 'America/Toronto',
  J: 'America/Toronto',
  K: 'America/Toronto',
  L: 'America/Toronto',
  M: 'America/Toronto',
  N: 'America/Toronto',
  P: 'America/Toronto',
  R: 'America/Winnipeg',
  S: 'America/Regina',
  T: 'America/Edmonton',
  V: 'America/Vancouver',
  Y: 'America/Whitehorse',
};

// Post codes only settle the zone where they pin down an island group or a whole state or province.
function zoneFromPostCode(country: string, postCode: string): string | undefined {
  switch (country) {
    case 'ES':
      if (/^3[58]\d{3}$/.test(postCode)) return 'Atlantic/Canary';
      if (/^5[12]\d{3}$/.test(postCode)) return 'Africa/Ceuta';
      return undefined;
    case 'PT':
      if (/^9[0-4]\d{2}(-\d{3})?$/.test(postCode)) return 'Atlantic/Madeira';
      if (/^9[5-9]\d{2}(-\d{3})?$/.test(postCode)) return 'Atlantic/Azores';
      return undefined;
    case 'FR':
      return /^\d{5}$/.test(postCode) ? FR_OVERSEAS_ZONES[postCode.slice(0, 3)] : undefined;
    case 'AU': {
      if (!/^\d{4}$/.test(postCode)) return undefined;
      const n = Number(postCode);
      return AU_POSTCODE_ZONES.findLast(([from]) => n >= from)?.[1];
    }
    case 'CA':
      return /^[A-Z]\d[A-Z]\s?\d[A-Z]\d$/.test(postCode) ? CA_POSTAL_ZONES[postCode.charAt(0)] : undefined;
    default:
      return undefined;
  }
}

// Italian CAPs start with a two-digit province prefix; ranges follow the GME bidding zones by region.
const IT_CAP_ZONES: readonly (readonly [number, string | undefined])[] = [
  [0, 'CSUD'],
  [7, 'SARD'],
  [10, 'NORD'],
  [49, undefined],
  [50, 'CNOR'],
  [64, 'CSUD'],
  [68, undefined],
  [70, 'SUD'],
  [77, undefined],
  [80, 'CSUD'],
  [85, 'SUD'],
  [90, 'SICI'],
  [99, undefined],
];

function marketRegionFromPostCode(country: string, postCode: string): string | undefined {
  switch (country) {
    case 'DK':
      // The Great Belt splits DK1 (Jutland, Funen: 5000-9999) from DK2 (Zealand, islands, Bornholm).
      return /^\d{4}$/.test(postCode) ? (Number(postCode) >= 5000 ? 'DK1' : 'DK2') : undefined;
    case 'FR':
      return /^20\d{3}$/.test(postCode) ? 'CORS' : undefined;
    case 'IT': {
      if (!/^\d{5}$/.test(postCode)) return undefined;
      const prefix = Number(postCode.slice(0, 2));
      return IT_CAP_ZONES.findLast(([from]) => prefix >= from)?.[1];
    }
    case 'GB':
      return postCode.startsWith('BT') ? 'IE' : undefined;
    default:
      return undefined;
  }
}

function deriveMarketSources(country: string, address: AddressInput, postCode: string): MarketSources {
  const fallback = DEFAULT_MARKET_ID.get(country);
  if (fallback === undefined) return {};
  const aliases = MARKET_BY_REGION.get(country);
  const region =
    find(aliases, address.state) ??
    marketRegionFromPostCode(country, postCode) ??
    find(aliases, address.city);
  const id = (region !== undefined ? MARKET_ID_BY_REGION.get(region) : undefined) ?? fallback;
  return { import: id, export: id };
}

// Includes the codes ISO 3166-1 reserves for dependencies (AX, GG, ...) but not user-assigned ones like XK.
export function isKnownCountryCode(code: string): boolean {
  return COUNTRIES.has(code.toUpperCase());
}

export function deriveRegion(address: AddressInput): DerivedRegion {
  const country = (address.country_code ?? '').trim().toUpperCase();
  const known = COUNTRIES.get(country);
  if (known === undefined) return { timezone: undefined, currency_code: undefined, market_sources: {} };
  const postCode = (address.post_code ?? '').trim().toUpperCase();
  // Multi-zone countries have no default zone, so an unknown state leaves the zone undefined on purpose.
  const timezone =
    find(ZONE_BY_REGION.get(country), address.state) ?? zoneFromPostCode(country, postCode) ?? known.zone;
  // New Caledonia, French Polynesia and Wallis-et-Futuna use the CFP franc even when addressed as FR.
  const currency_code = country === 'FR' && timezone?.startsWith('Pacific/') ? 'XPF' : known.currency;
  return { timezone, currency_code, market_sources: deriveMarketSources(country, address, postCode) };
}
