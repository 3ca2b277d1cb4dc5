// MARKET providers: one per day-ahead bidding zone whose prices Offpeak imports (the market
// region table of core/locations), named after the market operator that publishes the zone's
// prices. A location in the zone connects to it on the MARKET path. Pure.
import type { CatalogueData, ProviderSeed } from '../catalogue-data.ts';
import { MARKET_REGIONS } from '../../locations/address-regions.ts';
import { regionOfMarketSource } from '../regions.ts';

/** The market operators of the region table, by its market key. */
const OPERATORS: Readonly<Record<string, string>> = {
  nordpool: 'Nord Pool',
  epex: 'EPEX SPOT',
  omie: 'OMIE',
  gme: 'GME',
  aemo: 'AEMO',
  jepx: 'JEPX',
  okte: 'OKTE',
  cropex: 'CROPEX',
  ibex: 'IBEX',
  oree: 'Market Operator (Ukraine)',
  hupx: 'HUPX',
  ote: 'OTE',
  selectra: 'SEMO',
};

export function marketProviders(): CatalogueData {
  const providers: ProviderSeed[] = MARKET_REGIONS.map((r) => {
    const region = regionOfMarketSource(r.id);
    return {
      ref: `market:${r.id}`,
      displayName: `${OPERATORS[r.market] ?? r.market} day-ahead ${r.region}`,
      countries: [r.country_code],
      regions: region === null ? [] : [region],
      connectionTypes: ['MARKET'],
      marketSourceId: r.id,
      sandbox: null,
    };
  });
  return { providers, tariffs: [] };
}
