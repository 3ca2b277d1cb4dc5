// The provider and tariff-library catalogue, read side: what Connect's provider_select,
// tariff_select and region_select pages offer. One catalogue for the whole server, managed by the
// operator, read-only to accounts [decision:catalogue-is-global]. Writes live in admin.ts.
import type { ScheduleEntryDefinition } from '../../engine/index.ts';
import {
  selectLibraryTariffById,
  selectProviderById,
  selectProvidersOfCountry,
  selectTariffsOfProvider,
  type CatalogueProviderRecord,
  type CatalogueTariffRecord,
} from '../../store/catalogue.ts';
import type { CoreContext } from '../context.ts';
import type { ConnectionType } from './connection-type.ts';
import { regionsServe } from './regions.ts';

export type { ConnectionType } from './connection-type.ts';
export { regionOfAddress } from './regions.ts';

export type SandboxBehaviour = 'connect' | 'pending' | 'fail';

export interface Provider {
  id: string; // prv_…
  displayName: string;
  /** Absolute URL of the logo Offpeak serves, or null when the provider has no logo. */
  logoUrl: string | null;
  /** ISO 3166-1 alpha-2. */
  countries: string[];
  /** Region codes within those countries it serves (`US-CA`, `SE-SE3`, `GB-A`); none of a country = all of it. */
  regions: string[];
  /** Offered: any of DIRECT, LIBRARY, MARKET. */
  connectionTypes: ConnectionType[];
  /** For MARKET providers: the market source whose prices it passes on. */
  marketSourceId: string | null;
  /** Test mode only: how the sandbox provider answers a connection. */
  sandbox: { behaviour: SandboxBehaviour; pendingSeconds: number; libraryTariffId: string | null } | null;
  updatedAt: number;
}

export interface LibraryTariff {
  id: string; // trt_…
  providerId: string;
  name: string;
  description: string | null;
  direction: 'IMPORT' | 'EXPORT';
  type: 'COMMODITY' | 'NON_COMMODITY';
  currencyCode: string;
  /** [] = every region the provider serves. */
  regions: string[];
  /** Epoch ms; null = open. */
  validFrom: number | null;
  validTo: number | null;
  marketRates: boolean;
  /** The POST /tariffs schedule model, as core/tariffs stores it. */
  schedule: ScheduleEntryDefinition[];
  updatedAt: number;
}

type CatalogueContext = Pick<CoreContext, 'db'> & { publicUrl?: string | undefined };

/** Where logos are served, below the public base URL (see http/catalogue). */
export const LOGO_PATH_PREFIX = '/catalogue/logos/';

/** The base of absolute links when no public URL is configured [decision:catalogue-logo-urls]. */
export const FALLBACK_PUBLIC_URL = 'http://localhost:8080';

export function logoUrlOf(publicUrl: string | undefined, providerId: string): string {
  const base = (publicUrl ?? FALLBACK_PUBLIC_URL).replace(/\/+$/, '');
  return `${base}${LOGO_PATH_PREFIX}${providerId}.svg`;
}

export function providerOf(row: CatalogueProviderRecord, publicUrl: string | undefined): Provider {
  return {
    id: row.id,
    displayName: row.display_name,
    logoUrl: logoUrlOf(publicUrl, row.id),
    countries: row.countries,
    regions: row.regions,
    connectionTypes: row.connection_types as ConnectionType[],
    marketSourceId: row.market_source_id,
    sandbox: row.sandbox
      ? {
          behaviour: row.sandbox.behaviour,
          pendingSeconds: row.sandbox.pending_seconds,
          libraryTariffId: row.sandbox.library_tariff_id,
        }
      : null,
    updatedAt: row.updated_at.getTime(),
  };
}

export function libraryTariffOf(row: CatalogueTariffRecord): LibraryTariff {
  return {
    id: row.id,
    providerId: row.provider_id,
    name: row.name,
    description: row.description,
    direction: row.direction,
    type: row.type,
    currencyCode: row.currency_code,
    regions: row.regions,
    validFrom: row.valid_from ? row.valid_from.getTime() : null,
    validTo: row.valid_to ? row.valid_to.getTime() : null,
    marketRates: row.market_rates,
    schedule: row.schedule as ScheduleEntryDefinition[],
    updatedAt: row.updated_at.getTime(),
  };
}

const byName = (a: Provider, b: Provider): number =>
  a.displayName.localeCompare(b.displayName, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The providers serving an address: of its country, and of its region where both the address's
 * region and the provider's regions there are known. Sandbox providers only in test mode.
 */
export async function listProvidersServing(
  ctx: CatalogueContext,
  q: { liveMode: boolean; countryCode: string; region: string | null },
): Promise<Provider[]> {
  const country = q.countryCode.trim().toUpperCase();
  const rows = await selectProvidersOfCountry(ctx.db, country, !q.liveMode);
  return rows
    .filter((row) => regionsServe(row.regions, country, q.region))
    .map((row) => providerOf(row, ctx.publicUrl))
    .sort(byName);
}

/** One provider; a sandbox provider is not found in live mode. */
export async function retrieveProvider(
  ctx: CatalogueContext,
  q: { liveMode: boolean; id: string },
): Promise<Provider | null> {
  const row = await selectProviderById(ctx.db, q.id);
  if (!row || (q.liveMode && row.sandbox !== null)) return null;
  return providerOf(row, ctx.publicUrl);
}

/** Whether a library tariff with these regions applies in `region` (null = do not filter). */
export function tariffRegionMatches(regions: readonly string[], region: string | null): boolean {
  return region === null || regions.length === 0 || regions.includes(region);
}

/**
 * A provider's library tariffs for a slot, a region and an instant: valid at `atMs`
 * ([validFrom, validTo)), of that direction and type. LOCAL has no library tariffs.
 */
export async function listLibraryTariffs(
  ctx: Pick<CoreContext, 'db'>,
  q: {
    providerId: string;
    direction: 'IMPORT' | 'EXPORT' | 'LOCAL';
    type: 'COMMODITY' | 'NON_COMMODITY';
    region: string | null;
    atMs: number;
  },
): Promise<LibraryTariff[]> {
  if (q.direction === 'LOCAL') return [];
  const rows = await selectTariffsOfProvider(ctx.db, q.providerId);
  return rows
    .map(libraryTariffOf)
    .filter(
      (t) =>
        t.direction === q.direction &&
        t.type === q.type &&
        tariffRegionMatches(t.regions, q.region) &&
        (t.validFrom === null || t.validFrom <= q.atMs) &&
        (t.validTo === null || q.atMs < t.validTo),
    );
}

export async function retrieveLibraryTariff(
  ctx: Pick<CoreContext, 'db'>,
  id: string,
): Promise<LibraryTariff | null> {
  const row = await selectLibraryTariffById(ctx.db, id);
  return row ? libraryTariffOf(row) : null;
}
