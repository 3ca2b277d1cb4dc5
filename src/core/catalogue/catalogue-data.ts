// What an importer produces: providers and library tariffs keyed by an external reference (`ref`),
// before they have IDs. Pure data; catalogue IDs are derived from the refs (see ids in admin.ts).
import type { ScheduleEntryDefinition } from '../../engine/index.ts';
import type { ConnectionType } from './connection-type.ts';

export interface ProviderSeed {
  /** Stable key of the provider in its source (`urdb-utility:6452`, `octopus-brand:OCTOPUS_ENERGY`). */
  ref: string;
  displayName: string;
  countries: string[];
  regions: string[];
  connectionTypes: ConnectionType[];
  marketSourceId: string | null;
  sandbox: {
    behaviour: 'connect' | 'pending' | 'fail';
    pendingSeconds: number;
    libraryTariffRef: string | null;
  } | null;
}

export interface TariffSeed {
  /** Stable key of the tariff in its source (`urdb:<label>`, `octopus:E-1R-AGILE-24-10-01-A`). */
  ref: string;
  providerRef: string;
  name: string;
  description: string | null;
  direction: 'IMPORT' | 'EXPORT';
  type: 'COMMODITY' | 'NON_COMMODITY';
  currencyCode: string;
  regions: string[];
  validFrom: number | null;
  validTo: number | null;
  marketRates: boolean;
  schedule: ScheduleEntryDefinition[];
}

export interface CatalogueData {
  providers: ProviderSeed[];
  tariffs: TariffSeed[];
}

/** The formats `offpeak catalogue import` reads. */
export const CATALOGUE_FORMATS = ['urdb', 'octopus', 'offpeak'] as const;
export type CatalogueFormat = (typeof CATALOGUE_FORMATS)[number];

/** Options an import may add where the file does not say (a URDB record names no state). */
export interface ImportOptions {
  /** Region codes (`US-FL`) the imported providers and tariffs serve. */
  regions?: string[] | undefined;
  /** Provider name when the file has none (the REopt test record has no `utility`). */
  providerName?: string | undefined;
}

/** Merges data sets; a provider or tariff ref seen twice keeps its first appearance. */
export function mergeCatalogueData(sets: readonly CatalogueData[]): CatalogueData {
  const providers = new Map<string, ProviderSeed>();
  const tariffs = new Map<string, TariffSeed>();
  for (const set of sets) {
    for (const p of set.providers) if (!providers.has(p.ref)) providers.set(p.ref, p);
    for (const t of set.tariffs) if (!tariffs.has(t.ref)) tariffs.set(t.ref, t);
  }
  return { providers: [...providers.values()], tariffs: [...tariffs.values()] };
}
