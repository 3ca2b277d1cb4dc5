import { newId } from '../../lib/ids.ts';
import { selectCustomerById } from '../../store/customers.ts';
import type { Db } from '../../store/database.ts';
import {
  deleteLocationRow,
  insertLocation,
  selectLocationById,
  selectLocationFacts,
  selectLocationsPage,
  updateLocationRow,
  type LocationRecord,
} from '../../store/locations.ts';
import type { CoreContext, Scope } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { recordEvent } from '../events/events.ts';
import { selectPage, type Page, type PageQuery } from '../pagination.ts';
import { isValidTimeZone } from '../../engine/index.ts';
import { deriveRegion, isKnownCountryCode, type MarketSources } from './address-regions.ts';

export interface PostalAddress {
  address_line1?: string;
  address_line2?: string;
  city?: string;
  state?: string;
  post_code?: string;
  country_code?: string;
}

export interface GeoLocation {
  lat: number;
  lng: number;
}

export type SlotStatus = 'CONNECTED' | 'NOT_CONNECTED' | 'PENDING' | 'ERROR' | 'NOT_SUPPORTED';

/** The tariff slots a location reports; NON_COMMODITY export and LOCAL are never offered. */
export interface TariffStatus {
  commodity_import: SlotStatus;
  commodity_export: SlotStatus;
  non_commodity_import: SlotStatus;
  non_commodity_export: SlotStatus;
  local: SlotStatus;
}

export interface Location {
  id: string;
  accountId: string;
  liveMode: boolean;
  referenceId: string | null;
  customerId: string | null;
  timezone: string;
  currencyCode: string | null;
  flexAllowed: boolean;
  postalAddress: PostalAddress;
  geoLocation: GeoLocation | null;
  marketSources: MarketSources;
  tariffStatus: TariffStatus;
  tariffElements: string[];
  gridNodeId: string | null;
  createdAt: number;
}

export interface LocationInput {
  referenceId?: string | null | undefined;
  customerId?: string | null | undefined;
  postalAddress?: PostalAddress | undefined;
  timezone?: string | undefined;
  geoLocation?: GeoLocation | undefined;
  gridNodeId?: string | undefined;
}

/**
 * Slot statuses from the location's tariffs (`id:type:direction`): a slot is CONNECTED when a
 * tariff fills it, PENDING when a Connect session left it waiting for its provider
 * (`pending:type:direction`) [decision:connect-pending-connections]. NON_COMMODITY export is
 * never offered; LOCAL only when a LOCAL tariff exists (or is pending).
 */
function tariffStatusOf(entries: readonly string[]): TariffStatus {
  const slots = new Set<string>();
  const pending = new Set<string>();
  for (const entry of entries) {
    const [id, ...slot] = entry.split(':');
    (id === 'pending' ? pending : slots).add(slot.join(':'));
  }
  const slot = (key: string, otherwise: SlotStatus): SlotStatus =>
    slots.has(key) ? 'CONNECTED' : pending.has(key) ? 'PENDING' : otherwise;
  return {
    commodity_import: slot('COMMODITY:IMPORT', 'NOT_CONNECTED'),
    commodity_export: slot('COMMODITY:EXPORT', 'NOT_CONNECTED'),
    non_commodity_import: slot('NON_COMMODITY:IMPORT', 'NOT_CONNECTED'),
    non_commodity_export: 'NOT_SUPPORTED',
    local: slot('COMMODITY:LOCAL', 'NOT_SUPPORTED'),
  };
}

/** A stored location as the domain object (events store it as their `data`). */
export function fromRecord(row: LocationRecord): Location {
  return {
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    referenceId: row.reference_id,
    customerId: row.customer_id,
    timezone: row.timezone,
    currencyCode: row.currency_code,
    flexAllowed: row.flex_allowed,
    postalAddress: row.postal_address,
    geoLocation: row.geo_location,
    marketSources: row.market_sources,
    tariffStatus: tariffStatusOf(row.tariffs),
    tariffElements: row.tariffs
      .filter((entry) => !entry.startsWith('pending:'))
      .map((entry) => entry.split(':')[0] ?? entry),
    gridNodeId: row.grid_node_id,
    createdAt: row.created_at.getTime(),
  };
}

/** What an address settles: a normalised address, its zone, currency and market regions. */
function settleAddress(address: PostalAddress, timezone: string | undefined) {
  const city = address.city?.trim();
  const countryCode = address.country_code?.trim().toUpperCase();
  if (!city) throw new ValidationError('city_missing', 'postal_address.city is required');
  if (!countryCode)
    throw new ValidationError('country_code_missing', 'postal_address.country_code is required');
  if (!isKnownCountryCode(countryCode)) {
    throw new ValidationError(
      'country_code_invalid',
      `postal_address.country_code ${JSON.stringify(address.country_code)} is not an ISO 3166-1 alpha-2 code`,
    );
  }
  if (countryCode === 'US' && !address.state?.trim()) {
    throw new ValidationError('state_missing', 'postal_address.state is required for US addresses');
  }
  const normalised: PostalAddress = { ...address, city, country_code: countryCode };
  const region = deriveRegion(normalised);
  if (timezone !== undefined && !isValidTimeZone(timezone)) {
    throw new ValidationError(
      'timezone_invalid',
      `timezone ${JSON.stringify(timezone)} is not an IANA time zone`,
    );
  }
  const zone = timezone ?? region.timezone;
  if (zone === undefined) {
    throw new ValidationError(
      'timezone_not_found',
      'The time zone cannot be derived from postal_address; give postal_address.state or timezone',
    );
  }
  return {
    address: normalised,
    timezone: zone,
    currencyCode: region.currency_code ?? null,
    marketSources: region.market_sources,
  };
}

async function checkCustomer(db: Db, scope: Scope, customerId: string | null | undefined): Promise<void> {
  if (customerId === undefined || customerId === null) return;
  if (!(await selectCustomerById(db, scope, customerId))) {
    throw new ValidationError('customer_id_invalid', `customer_id ${customerId} does not exist`);
  }
}

/** Loads a location inside the caller's transaction (for events of changes that touch it). */
export async function retrieveLocationIn(db: Db, scope: Scope, id: string): Promise<Location> {
  return load(db, scope, id);
}

async function load(db: Db, scope: Scope, id: string): Promise<Location> {
  const row = await selectLocationById(db, scope, id);
  if (!row) throw new NotFoundError('location', id);
  return fromRecord(row);
}

export async function createLocation(
  ctx: CoreContext,
  scope: Scope,
  input: LocationInput,
): Promise<Location> {
  const now = ctx.now(scope);
  return ctx.db.transaction().execute((trx) => createLocationIn(trx, scope, now, input));
}

/** Creates a location and records its event, inside the caller's transaction. */
export async function createLocationIn(
  db: Db,
  scope: Scope,
  nowMs: number,
  input: LocationInput,
): Promise<Location> {
  if (input.postalAddress === undefined) {
    throw new ValidationError('postal_address_missing', 'postal_address is required');
  }
  const settled = settleAddress(input.postalAddress, input.timezone);
  await checkCustomer(db, scope, input.customerId);
  const record: LocationRecord = {
    tariffs: [],
    account_id: scope.accountId,
    live_mode: scope.liveMode,
    id: newId('loc', nowMs),
    customer_id: input.customerId ?? null,
    reference_id: input.referenceId ?? null,
    postal_address: settled.address,
    timezone: settled.timezone,
    currency_code: settled.currencyCode,
    geo_location: input.geoLocation ?? null,
    market_sources: settled.marketSources,
    flex_allowed: false,
    grid_node_id: input.gridNodeId ?? null,
    created_at: new Date(Math.floor(nowMs / 1000) * 1000),
  };
  await insertLocation(db, record);
  const location = fromRecord(record);
  await recordEvent(db, scope, nowMs, 'location.create', location);
  return location;
}

export async function retrieveLocation(ctx: CoreContext, scope: Scope, id: string): Promise<Location> {
  return load(ctx.db, scope, id);
}

export async function listLocations(
  ctx: CoreContext,
  scope: Scope,
  filter: { referenceId?: string | undefined; customerId?: string | undefined },
  page: PageQuery,
): Promise<Page<Location>> {
  const { rows, hasMore } = await selectPage(
    page,
    (keyset) => selectLocationsPage(ctx.db, scope, filter, keyset),
    (id) => selectLocationById(ctx.db, scope, id),
  );
  return { data: rows.map(fromRecord), hasMore };
}

/**
 * A partial update. `postal_address`, when given, replaces the whole address and re-derives the
 * time zone (unless `timezone` is given too), currency and market sources.
 */
export async function updateLocation(
  ctx: CoreContext,
  scope: Scope,
  id: string,
  input: LocationInput,
): Promise<Location> {
  const now = ctx.now(scope);
  return ctx.db.transaction().execute(async (trx) => {
    const current = await load(trx, scope, id);
    await checkCustomer(trx, scope, input.customerId);
    const settled =
      input.postalAddress !== undefined || input.timezone !== undefined
        ? settleAddress(input.postalAddress ?? current.postalAddress, input.timezone)
        : undefined;
    await updateLocationRow(trx, scope, id, {
      ...(input.referenceId !== undefined ? { reference_id: input.referenceId } : {}),
      ...(input.customerId !== undefined ? { customer_id: input.customerId } : {}),
      ...(input.geoLocation !== undefined ? { geo_location: input.geoLocation } : {}),
      ...(input.gridNodeId !== undefined ? { grid_node_id: input.gridNodeId } : {}),
      ...(settled
        ? {
            postal_address: settled.address,
            timezone: settled.timezone,
            currency_code: settled.currencyCode,
            market_sources: settled.marketSources,
          }
        : {}),
    });
    const location = await load(trx, scope, id);
    await recordEvent(trx, scope, now, 'location.update', location);
    return location;
  });
}

/** Deletes a location's row and records its event, inside the caller's transaction. What depends
 * on the location (its tariffs) is deleted first by core/cascade, which calls this. */
export async function deleteLocationIn(
  db: Db,
  scope: Scope,
  nowMs: number,
  location: Location,
): Promise<void> {
  await deleteLocationRow(db, scope, location.id);
  await recordEvent(db, scope, nowMs, 'location.delete', location);
}

/** What a tariff takes from its location: the zone, the customer, the market sources. */
export interface LocationFacts {
  timezone: string;
  customerId: string | null;
  marketSources: MarketSources;
}

/** The facts of each of `ids` that names a location of this scope, in one query. */
export async function retrieveLocationFactsIn(
  db: Db,
  scope: Scope,
  ids: readonly string[],
): Promise<Map<string, LocationFacts>> {
  const rows = await selectLocationFacts(db, scope, [...new Set(ids)]);
  return new Map(
    rows.map((row) => [
      row.id,
      { timezone: row.timezone, customerId: row.customer_id, marketSources: row.market_sources },
    ]),
  );
}
