import {
  validateTariff,
  type ScheduleEntryDefinition,
  type TariffDirection,
  type TariffType,
} from '../../engine/index.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../store/database.ts';
import {
  deleteTariffRow,
  insertTariff,
  selectTariffById,
  selectTariffsOfLocation,
  selectLinkedTariffs,
  selectTariffsPage,
  updateTariffRow,
  type TariffRecord,
} from '../../store/tariffs.ts';
import type { CoreContext, Scope } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { recordEvent } from '../events/events.ts';
import { retrieveLocationFactsIn, retrieveLocationIn, type LocationFacts } from '../locations/locations.ts';
import { selectPage, type Page, type PageQuery } from '../pagination.ts';
import type { ConnectionType } from '../catalogue/connection-type.ts';

export type { TariffDirection, TariffType };
export { toTariffDefinition, type Tariff } from './tariff.ts';
import { toTariffDefinition, type Tariff } from './tariff.ts';

export interface TariffInput {
  locationId?: string | undefined;
  direction?: string | undefined;
  type?: string | undefined;
  displayName?: string | undefined;
  providerId?: string | undefined;
  marketRates?: boolean | undefined;
  contractStart?: number | undefined;
  contractEnd?: number | undefined;
  schedule?: ScheduleEntryDefinition[] | undefined;
}

const DIRECTIONS: readonly string[] = ['IMPORT', 'EXPORT', 'LOCAL'];
const TYPES: readonly string[] = ['COMMODITY', 'NON_COMMODITY'];

async function locationFacts(db: Db, scope: Scope, locationId: string): Promise<LocationFacts | undefined> {
  return (await retrieveLocationFactsIn(db, scope, [locationId])).get(locationId);
}

/** The market region a location's address maps to for a direction; none for LOCAL. */
function marketSourceFor(facts: LocationFacts, direction: TariffDirection): string | null {
  if (direction === 'IMPORT') return facts.marketSources.import ?? null;
  if (direction === 'EXPORT') return facts.marketSources.export ?? null;
  return null;
}

function fromRecord(row: TariffRecord, facts: LocationFacts): Tariff {
  return {
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    locationId: row.location_id,
    customerId: facts.customerId,
    direction: row.direction,
    type: row.type,
    displayName: row.display_name,
    providerId: row.provider_id,
    marketRates: row.market_rates,
    // derived, not stored: it follows the location's address
    marketRateSourceId: row.market_rates ? marketSourceFor(facts, row.direction) : null,
    contractStart: row.contract_start.getTime(),
    contractEnd: row.contract_end.getTime(),
    schedule: row.schedule as ScheduleEntryDefinition[],
    timezone: facts.timezone,
    connectionType: row.connection_type,
    isLinked: row.is_linked,
    libraryTariffId: row.library_tariff_id,
    status: 'CONNECTED',
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
  };
}

/**
 * The engine's rules decide ([decision:tariff-type-combinations], then the schedule under
 * [decision:schedule-precedence]); the messages of the tariff-level fields are said here in the
 * API's field names, since the engine's name its own (`contract_end_ms`).
 */
const WIRE_MESSAGES: Partial<Record<string, (tariff: Tariff) => string>> = {
  tariff_direction_invalid: () => 'direction must be IMPORT, EXPORT or LOCAL',
  tariff_type_invalid: () => 'type must be COMMODITY or NON_COMMODITY',
  tariff_type_not_supported: (t) => `type ${t.type} is not supported with direction ${t.direction}`,
  contract_start_date_invalid: () => 'contract_start_date must be a valid date',
  contract_end_date_invalid: () => 'contract_end_date must be after contract_start_date',
};

/** Checks a complete tariff with the engine: fields, combinations, contract window, schedule. */
function checkTariff(tariff: Tariff): void {
  const [issue] = validateTariff(toTariffDefinition(tariff));
  if (issue) throw new ValidationError(issue.code, WIRE_MESSAGES[issue.code]?.(tariff) ?? issue.message);
}

/** Before its contract ends, a tariff announces it with `tariff.expiring` this long ahead [decision:contract-notices]. */
export const EXPIRING_NOTICE_MS = 7 * 86_400_000;

/** When the first contract notice of a term ending at `contractEnd` is due (see notices.ts). */
export const firstNoticeAt = (contractEnd: number): Date => new Date(contractEnd - EXPIRING_NOTICE_MS);

/** A tariff from a row already read (the notice sweep claims rows), reading only its location. */
export async function tariffOfRecordIn(db: Db, scope: Scope, row: TariffRecord): Promise<Tariff> {
  const facts = await locationFacts(db, scope, row.location_id);
  if (!facts) throw new NotFoundError('tariff', row.id);
  return fromRecord(row, facts);
}

async function load(db: Db, scope: Scope, id: string): Promise<Tariff> {
  return (await loadWithFacts(db, scope, id)).tariff;
}

/** A tariff and what it read of its location. */
async function loadWithFacts(
  db: Db,
  scope: Scope,
  id: string,
): Promise<{ tariff: Tariff; facts: LocationFacts }> {
  const row = await selectTariffById(db, scope, id);
  if (!row) throw new NotFoundError('tariff', id);
  const facts = await locationFacts(db, scope, row.location_id);
  if (!facts) throw new NotFoundError('tariff', id);
  return { tariff: fromRecord(row, facts), facts };
}

async function recordTariffChange(db: Db, scope: Scope, now: number, type: string, tariff: Tariff) {
  await recordEvent(db, scope, now, type, tariff);
  await recordEvent(
    db,
    scope,
    now,
    'location.update',
    await retrieveLocationIn(db, scope, tariff.locationId),
  );
}

/** What the API create path checks before anything is read: the required fields are present. */
function checkRequired(input: TariffInput): asserts input is TariffInput & {
  locationId: string;
  direction: string;
  type: string;
  contractStart: number;
  contractEnd: number;
} {
  if (input.locationId === undefined)
    throw new ValidationError('location_id_missing', 'location_id is required');
  if (input.direction === undefined) throw new ValidationError('direction_missing', 'direction is required');
  if (input.type === undefined) throw new ValidationError('type_missing', 'type is required');
  if (input.contractStart === undefined) {
    throw new ValidationError('contract_start_date_missing', 'contract_start_date is required');
  }
  if (input.contractEnd === undefined) {
    throw new ValidationError('contract_end_date_missing', 'contract_end_date is required');
  }
}

/** How a tariff came to its location: `MANUAL` and unlinked for the API; Connect says otherwise. */
export interface TariffConnection {
  connectionType: ConnectionType;
  /** Whether the tariff follows its library tariff when the operator changes that. */
  isLinked: boolean;
  /** The library tariff (`trt_…`) it was made from, or null. */
  libraryTariffId: string | null;
}

const MANUAL: TariffConnection = { connectionType: 'MANUAL', isLinked: false, libraryTariffId: null };

/**
 * The shared body of every tariff creation, inside the caller's transaction: checks the input
 * (required fields, location, then the engine's rules), writes the row with its first contract
 * notice due, and records `tariff.create` and `location.update`.
 */
async function insertTariffIn(
  db: Db,
  scope: Scope,
  now: number,
  input: TariffInput,
  connection: TariffConnection,
): Promise<Tariff> {
  checkRequired(input);
  const locationId = input.locationId;
  const facts = await locationFacts(db, scope, locationId);
  if (!facts) throw new ValidationError('location_id_invalid', `location_id ${locationId} does not exist`);
  const direction = input.direction as TariffDirection;
  const marketRates = input.marketRates ?? false;
  const tariff: Tariff = {
    id: newId('trf', now),
    accountId: scope.accountId,
    liveMode: scope.liveMode,
    locationId,
    customerId: facts.customerId,
    direction,
    type: input.type as TariffType,
    displayName: input.displayName ?? null,
    providerId: input.providerId ?? null,
    marketRates,
    marketRateSourceId: marketRates ? marketSourceFor(facts, direction) : null,
    contractStart: input.contractStart,
    contractEnd: input.contractEnd,
    schedule: input.schedule ?? [],
    timezone: facts.timezone,
    connectionType: connection.connectionType,
    isLinked: connection.isLinked,
    libraryTariffId: connection.libraryTariffId,
    status: 'CONNECTED',
    createdAt: Math.floor(now / 1000) * 1000,
    updatedAt: now,
  };
  checkTariff(tariff);
  await insertTariff(db, {
    account_id: scope.accountId,
    live_mode: scope.liveMode,
    id: tariff.id,
    location_id: locationId,
    direction: tariff.direction,
    type: tariff.type,
    display_name: tariff.displayName,
    provider_id: tariff.providerId,
    market_rates: tariff.marketRates,
    contract_start: new Date(tariff.contractStart),
    contract_end: new Date(tariff.contractEnd),
    schedule: tariff.schedule,
    created_at: new Date(tariff.createdAt),
    updated_at: new Date(tariff.updatedAt),
    next_notice_at: firstNoticeAt(tariff.contractEnd),
    connection_type: tariff.connectionType,
    is_linked: tariff.isLinked,
    library_tariff_id: tariff.libraryTariffId,
  });
  await recordTariffChange(db, scope, now, 'tariff.create', tariff);
  return tariff;
}

export async function createTariff(ctx: CoreContext, scope: Scope, input: TariffInput): Promise<Tariff> {
  checkRequired(input);
  const now = ctx.now(scope);
  return ctx.db.transaction().execute((trx) => insertTariffIn(trx, scope, now, input, MANUAL));
}

/** The input of a tariff Connect makes: the API's create input plus how it was connected. */
export interface ConnectedTariffInput
  extends Omit<TariffInput, 'providerId' | 'displayName'>, TariffConnection {
  providerId: string | null;
  displayName: string | null;
}

/**
 * Creates a tariff for Connect inside the caller's transaction `db` (it opens none): the same
 * checks, row, contract notice and events (`tariff.create`, `location.update`) as `POST /tariffs`,
 * with the connection type, link and library tariff given. Throws the API's ValidationErrors.
 */
export async function insertConnectedTariff(
  db: Db,
  scope: Scope,
  nowMs: number,
  input: ConnectedTariffInput,
): Promise<Tariff> {
  const { connectionType, isLinked, libraryTariffId, providerId, displayName, ...rest } = input;
  return insertTariffIn(
    db,
    scope,
    nowMs,
    {
      ...rest,
      ...(providerId !== null ? { providerId } : {}),
      ...(displayName !== null ? { displayName } : {}),
    },
    { connectionType, isLinked, libraryTariffId },
  );
}

export async function retrieveTariff(ctx: CoreContext, scope: Scope, id: string): Promise<Tariff> {
  return load(ctx.db, scope, id);
}

/**
 * The tariffs of a location already loaded, oldest first: all of them, or those of one direction.
 * The location's facts come from the object given, so nothing is read twice.
 */
export async function tariffsOfLocation(
  db: Db,
  scope: Scope,
  location: LocationFacts & { id: string },
  direction?: TariffDirection,
): Promise<Tariff[]> {
  const rows = await selectTariffsOfLocation(db, scope, location.id, direction);
  return rows.map((row) => fromRecord(row, location));
}

export async function listTariffs(
  ctx: CoreContext,
  scope: Scope,
  filter: { locationId?: string | undefined; direction?: string | undefined; type?: string | undefined },
  page: PageQuery,
): Promise<Page<Tariff>> {
  if (filter.direction !== undefined && !DIRECTIONS.includes(filter.direction)) {
    throw new ValidationError('tariff_direction_invalid', 'direction must be IMPORT, EXPORT or LOCAL');
  }
  if (filter.type !== undefined && !TYPES.includes(filter.type)) {
    throw new ValidationError('tariff_type_invalid', 'type must be COMMODITY or NON_COMMODITY');
  }
  if (filter.locationId !== undefined && !(await locationFacts(ctx.db, scope, filter.locationId))) {
    throw new NotFoundError('location', filter.locationId);
  }
  const { rows, hasMore } = await selectPage(
    page,
    (keyset) =>
      selectTariffsPage(
        ctx.db,
        scope,
        {
          locationId: filter.locationId,
          direction: filter.direction as TariffDirection | undefined,
          type: filter.type as TariffType | undefined,
        },
        keyset,
      ),
    (id) => selectTariffById(ctx.db, scope, id),
  );
  const facts = await retrieveLocationFactsIn(
    ctx.db,
    scope,
    rows.map((row) => row.location_id),
  );
  const data: Tariff[] = [];
  for (const row of rows) {
    const known = facts.get(row.location_id);
    if (known) data.push(fromRecord(row, known));
  }
  return { data, hasMore };
}

/** A partial update: location, direction and type are fixed at creation; the result is re-validated. */
export async function updateTariff(
  ctx: CoreContext,
  scope: Scope,
  id: string,
  input: TariffInput,
): Promise<Tariff> {
  const now = ctx.now(scope);
  return ctx.db.transaction().execute(async (trx) => {
    const { tariff: current, facts } = await loadWithFacts(trx, scope, id);
    // [decision:linked-tariffs-read-only]
    if (current.connectionType === 'DIRECT' || current.isLinked) {
      throw new ValidationError(
        'tariff_not_editable',
        `tariff ${id} is kept up to date by its ${current.connectionType === 'DIRECT' ? 'provider' : 'library tariff'} and cannot be updated`,
      );
    }
    for (const [field, value] of [
      ['location_id', input.locationId],
      ['direction', input.direction],
      ['type', input.type],
    ] as const) {
      if (value !== undefined)
        throw new ValidationError(`${field}_invalid`, `${field} cannot be changed after creation`);
    }
    const marketRates = input.marketRates ?? current.marketRates;
    const next: Tariff = {
      ...current,
      displayName: input.displayName ?? current.displayName,
      providerId: input.providerId ?? current.providerId,
      marketRates,
      marketRateSourceId: marketRates ? marketSourceFor(facts, current.direction) : null,
      contractStart: input.contractStart ?? current.contractStart,
      contractEnd: input.contractEnd ?? current.contractEnd,
      schedule: input.schedule ?? current.schedule,
      updatedAt: now,
    };
    checkTariff(next);
    await updateTariffRow(trx, scope, id, {
      display_name: next.displayName,
      provider_id: next.providerId,
      market_rates: next.marketRates,
      contract_start: new Date(next.contractStart),
      contract_end: new Date(next.contractEnd),
      schedule: next.schedule,
      updated_at: new Date(now),
      // a new contract end is a new term: its notices are sent again when due
      ...(next.contractEnd !== current.contractEnd
        ? { next_notice_at: firstNoticeAt(next.contractEnd) }
        : {}),
    });
    await recordTariffChange(trx, scope, now, 'tariff.update', next);
    return next;
  });
}

/** What a linked tariff takes from its library tariff when the operator changes that. */
export interface LibraryTariffChange {
  schedule: ScheduleEntryDefinition[];
  marketRates: boolean;
  /** False when the library tariff is deleted: the tariffs keep their schedule and stop following. */
  linked: boolean;
}

/**
 * Makes every tariff linked to a library tariff follow its change, in any account, inside the
 * caller's transaction: each gets the new schedule and market flag (re-validated by the engine),
 * a `tariff.update`, and each location concerned one `location.update` [decision:linked-tariffs-read-only].
 * Answers how many tariffs changed.
 */
export async function followLibraryTariffIn(
  db: Db,
  now: (scope: Scope) => number,
  libraryTariffId: string,
  change: LibraryTariffChange,
): Promise<number> {
  const rows = await selectLinkedTariffs(db, libraryTariffId);
  const locations = new Map<string, { scope: Scope; locationId: string; at: number }>();
  for (const row of rows) {
    const scope: Scope = { accountId: row.account_id, liveMode: row.live_mode };
    const at = now(scope);
    const current = await tariffOfRecordIn(db, scope, row);
    const next: Tariff = change.linked
      ? { ...current, schedule: change.schedule, marketRates: change.marketRates, updatedAt: at }
      : { ...current, isLinked: false, updatedAt: at };
    if (change.linked) {
      const facts = await locationFacts(db, scope, row.location_id);
      next.marketRateSourceId = next.marketRates && facts ? marketSourceFor(facts, next.direction) : null;
      checkTariff(next);
    }
    await updateTariffRow(db, scope, row.id, {
      ...(change.linked ? { schedule: next.schedule, market_rates: next.marketRates } : { is_linked: false }),
      updated_at: new Date(at),
    });
    await recordEvent(db, scope, at, 'tariff.update', next);
    locations.set(`${scope.accountId}|${scope.liveMode}|${row.location_id}`, {
      scope,
      locationId: row.location_id,
      at,
    });
  }
  for (const { scope, locationId, at } of locations.values()) {
    await recordEvent(db, scope, at, 'location.update', await retrieveLocationIn(db, scope, locationId));
  }
  return rows.length;
}

/** Deletes one tariff inside the caller's transaction, with its event. */
export async function deleteTariffIn(db: Db, scope: Scope, nowMs: number, tariff: Tariff): Promise<void> {
  await deleteTariffRow(db, scope, tariff.id);
  await recordEvent(db, scope, nowMs, 'tariff.delete', tariff);
}

export async function deleteTariff(ctx: CoreContext, scope: Scope, id: string): Promise<void> {
  const now = ctx.now(scope);
  await ctx.db.transaction().execute(async (trx) => {
    const tariff = await load(trx, scope, id);
    await deleteTariffIn(trx, scope, now, tariff);
    await recordEvent(
      trx,
      scope,
      now,
      'location.update',
      await retrieveLocationIn(trx, scope, tariff.locationId),
    );
  });
}

export type StructureType = 'FIXED' | 'TIME_OF_DAY' | 'MARKET' | 'DYNAMIC';

/** structure_type: market → MARKET; one all-day period with one price everywhere → FIXED; else TIME_OF_DAY. */
export function structureTypeOf(tariff: Tariff): StructureType {
  if (tariff.marketRates) return 'MARKET';
  const prices = new Set<string>();
  for (const entry of tariff.schedule) {
    for (const block of entry.days_and_hours) {
      const [only, ...rest] = block.hours;
      if (!only || rest.length > 0 || only.valid_from !== only.valid_to) return 'TIME_OF_DAY';
      prices.add(JSON.stringify(only.rate));
    }
  }
  return prices.size <= 1 ? 'FIXED' : 'TIME_OF_DAY';
}

/** The tariff that fills a slot now: the newest whose contract covers `now`, else the newest. */
export function tariffForSlot(tariffs: readonly Tariff[], now: number): Tariff | undefined {
  const newestFirst = [...tariffs].sort((a, b) => (a.id < b.id ? 1 : -1));
  return newestFirst.find((t) => t.contractStart <= now && now < t.contractEnd) ?? newestFirst[0];
}
