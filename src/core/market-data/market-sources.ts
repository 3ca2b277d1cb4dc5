// Market sources (`mrs_…`): Flatpeak's standard regions (MARKET_REGIONS) and
// operator-defined ones. Any well-formed `mrs_` ID is accepted: a known region brings its zone and
// currency; for another ID (Flatpeak's Spanish sub-regions, a feed of the operator's own) the
// caller's zone is used. Also the parameters of each source's simulated test-mode market.
import { epochDayFromCivil } from '../../engine/calendar.ts';
import type { SimulatedMarket } from '../../engine/market-simulator.ts';
import { ID_PATTERN } from '../../lib/ids.ts';
import { ValidationError } from '../errors.ts';
import { deriveRegion, MARKET_REGIONS } from '../locations/address-regions.ts';

export interface MarketSource {
  id: string;
  /** True for a region of Flatpeak's table; false for an operator-defined source. */
  known: boolean;
  /** The region code (`SE3`, `GER`, `NL`…) and market (`nordpool`, `epex`…) of a known source. */
  region?: string;
  market?: string;
  countryCode?: string;
  /** The IANA zone of the market's delivery days, when the country has a single one. */
  timeZone?: string;
  /** The country's currency (ISO 4217). */
  currency?: string;
}

const ID = new RegExp(ID_PATTERN);

/** Checks a source ID's shape: `mrs_` + 24 to 32 lowercase hex characters. */
export function checkMarketSourceId(id: unknown): string {
  if (id === undefined || id === null || id === '') {
    throw new ValidationError('source_id_missing', 'source_id is required');
  }
  if (typeof id !== 'string' || !ID.test(id) || !id.startsWith('mrs_')) {
    throw new ValidationError(
      'source_id_invalid',
      `source_id must be a market source ID (mrs_…), got ${String(id)}`,
    );
  }
  return id;
}

export function describeMarketSource(id: string): MarketSource {
  const region = MARKET_REGIONS.find((r) => r.id === id);
  if (!region) return { id, known: false };
  const derived = deriveRegion({ country_code: region.country_code });
  return {
    id,
    known: true,
    region: region.region,
    market: region.market,
    countryCode: region.country_code,
    ...(derived.timezone ? { timeZone: derived.timezone } : {}),
    ...(derived.currency_code ? { currency: derived.currency_code } : {}),
  };
}

/** A typical day-ahead average per MWh, by currency (about 90 EUR at 2024–25 exchange rates). */
const LEVEL_PER_MWH: Readonly<Record<string, number>> = {
  EUR: 90,
  GBP: 78,
  CHF: 85,
  SEK: 950,
  NOK: 1000,
  DKK: 670,
  PLN: 390,
  CZK: 2250,
  HUF: 36_000,
  BGN: 176,
  RON: 450,
  UAH: 4_000,
  JPY: 14_500,
  AUD: 140,
  USD: 60,
};

const SDAC_QUARTER_HOURS_FROM = epochDayFromCivil(2025, 10, 1);
const HOUR_MS = 3_600_000;

/**
 * The simulated market of a source and the currency it publishes in. Known regions use their
 * country's zone and currency; EU day-ahead regions are quarter-hourly from 2025-10-01 (SDAC's
 * switch) and hourly before; GB, IE and UA hourly; AEMO and JEPX half-hourly. Operator-defined
 * sources are hourly, in `fallback.timeZone` (else UTC) and `fallback.currency` (else EUR).
 */
export function simulatedMarketFor(
  source: MarketSource,
  fallback: { timeZone?: string | undefined; currency?: string | undefined } = {},
): { market: SimulatedMarket; currency: string } {
  const currency = source.currency ?? fallback.currency ?? 'EUR';
  const timeZone = source.timeZone ?? fallback.timeZone ?? 'UTC';
  const levelPerMwh = LEVEL_PER_MWH[currency] ?? LEVEL_PER_MWH.EUR ?? 90;
  const base = { seed: source.id, timeZone, levelPerMwh };
  if (!source.known) return { market: { ...base, resolutionMs: HOUR_MS }, currency };
  if (source.market === 'aemo' || source.market === 'jepx') {
    return { market: { ...base, resolutionMs: HOUR_MS / 2 }, currency };
  }
  if (source.region === 'GB' || source.region === 'IE' || source.region === 'UA') {
    return { market: { ...base, resolutionMs: HOUR_MS }, currency };
  }
  return {
    market: { ...base, resolutionMs: HOUR_MS / 4, hourlyBeforeDay: SDAC_QUARTER_HOURS_FROM },
    currency,
  };
}
