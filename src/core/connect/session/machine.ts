// The Connect session as a pure state machine [decision:connect-session-machine]: (state, request,
// facts read up front) → the next state and page, a refusal, or what completing writes. Core
// reads the facts (see `factsNeeded`), runs one step and writes the result with compare-and-set.
import { localEpochDayOf, startOfLocalDay, type ScheduleEntryDefinition } from '../../../engine/index.ts';
import { formatInOffset } from '../../../lib/time.ts';
import { zoneOffsetAt } from '../../../engine/index.ts';
import { deriveRegion, isKnownCountryCode } from '../../locations/address-regions.ts';
import type { PostalAddress } from '../../locations/locations.ts';
import { structureTypeOf } from '../../tariffs/tariffs.ts';
import type { Tariff } from '../../tariffs/tariff.ts';
import {
  checkAdvancedTariff,
  checkCost,
  checkHours,
  checkSurcharge,
  dataObject,
  fixedSchedule,
  marketSchedule,
  objectField,
  PageInputError,
  todSchedule,
} from './rates.ts';
import {
  REQUEST_ROUTES,
  type CompletionPlan,
  type ContractTermType,
  type DraftTariff,
  type Page,
  type PageRoute,
  type SessionFacts,
  type SessionLibraryTariff,
  type SessionProvider,
  type SessionRequest,
  type SessionState,
  type StepOutcome,
  type Structure,
} from './types.ts';

/** A contract with no end is kept open until the last second of year 9999. */
export const OPEN_END = Date.UTC(9999, 11, 31, 23, 59, 59);

export function newSessionState(): SessionState {
  return {
    history: [],
    address: null,
    providerId: null,
    providerName: null,
    region: null,
    structure: null,
    awaitingRedirect: null,
    direct: null,
    draft: null,
    wrongTariffReported: false,
  };
}

/** What a step will read: core loads these before calling `step`. */
export interface FactsNeeded {
  /** The address whose providers (and region) the step needs; null when none is known yet. */
  address: PostalAddress | null;
  providerIds: string[];
  /** The provider whose library tariffs the step may list, and the region to list them for. */
  libraryOf: { providerId: string; region: string | null } | null;
  libraryTariffIds: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The facts a step needs, told from the state and the request before anything is read. The
 * region is the chosen one, or the address's own (`regionOf`, the catalogue's reading).
 */
export function factsNeeded(
  stored: SessionState | null,
  request: SessionRequest,
  token: SessionFacts['token'],
  locationAddress: PostalAddress | null,
  regionOf: (address: PostalAddress) => string | null,
): FactsNeeded {
  const data = isRecord(request.data) ? request.data : {};
  const givenAddress =
    request.route === 'postal_address_capture' && isRecord(data.postal_address)
      ? (data.postal_address as PostalAddress)
      : null;
  const address = givenAddress ?? stored?.address ?? locationAddress ?? token.postal_address ?? null;
  const providerIds = new Set<string>();
  const givenProvider = isRecord(data.provider) ? str(data.provider.id) : undefined;
  if (givenProvider && request.route === 'provider_select') providerIds.add(givenProvider);
  const chosen =
    (request.route === 'provider_select' ? givenProvider : undefined) ?? stored?.providerId ?? null;
  if (stored?.providerId) providerIds.add(stored.providerId);
  if (stored?.awaitingRedirect) providerIds.add(stored.awaitingRedirect);
  if (stored?.draft?.providerId) providerIds.add(stored.draft.providerId);
  const libraryTariffIds: string[] = [];
  const givenTariff = isRecord(data.tariff) ? str(data.tariff.id) : undefined;
  if (givenTariff && request.route === 'tariff_select') libraryTariffIds.push(givenTariff);
  const givenRegion = request.route === 'region_select' ? str(data.region) : undefined;
  const region = givenRegion ?? stored?.region ?? (address ? safeRegion(address, regionOf) : null);
  return {
    address,
    providerIds: [...providerIds],
    libraryOf: chosen ? { providerId: chosen, region } : null,
    libraryTariffIds,
  };
}

function safeRegion(address: PostalAddress, regionOf: (address: PostalAddress) => string | null) {
  try {
    return regionOf(address);
  } catch {
    return null;
  }
}

// ── pages ────────────────────────────────────────────────────────────────────────────────────

const BLANK_ADDRESS = [
  'address_line1',
  'address_line2',
  'city',
  'state',
  'post_code',
  'country_code',
] as const;

function addressData(address: PostalAddress | null): Record<string, string> {
  return Object.fromEntries(BLANK_ADDRESS.map((field) => [field, address?.[field] ?? '']));
}

function providerSummary(
  state: SessionState,
  facts: SessionFacts,
  id = state.providerId,
  name = state.providerName,
) {
  const provider = id ? facts.providerById.get(id) : undefined;
  if (provider) return { id: provider.id, display_name: provider.displayName, logo_url: provider.logoUrl };
  return { id: null, display_name: name ?? '', logo_url: null };
}

const zoneOf = (state: SessionState, facts: SessionFacts): string =>
  facts.location?.timezone ?? (state.address ? deriveRegion(state.address).timezone : undefined) ?? 'UTC';

const currencyOf = (state: SessionState, facts: SessionFacts): string | null =>
  facts.location?.currencyCode ??
  (state.address ? deriveRegion(state.address).currency_code : undefined) ??
  null;

/** The address's market source for the token's direction; none for LOCAL or NON_COMMODITY. */
function marketSourceOf(state: SessionState, facts: SessionFacts): string | null {
  if (facts.token.type !== 'COMMODITY' || !state.address) return null;
  const sources = deriveRegion(state.address).market_sources;
  if (facts.token.direction === 'IMPORT') return sources.import ?? null;
  if (facts.token.direction === 'EXPORT') return sources.export ?? null;
  return null;
}

function structureOptions(facts: SessionFacts): Structure[] {
  const options: Structure[] = ['FIXED', 'TIME_OF_DAY', 'MARKET'];
  if (facts.token.route_options.advanced_tariff_capture) options.push('ADVANCED');
  return options;
}

const inZone = (ms: number, zone: string) => formatInOffset(ms, Math.round(zoneOffsetAt(zone, ms) / 60_000));

const isTiered = (schedule: readonly ScheduleEntryDefinition[]) =>
  schedule.some((e) => e.days_and_hours.some((b) => b.hours.some((h) => h.rate.length > 1)));

/** The summary page's data, without `rates` (core adds them from the price computation). */
function summaryData(state: SessionState, facts: SessionFacts, draft: DraftTariff): Record<string, unknown> {
  const zone = zoneOf(state, facts);
  return {
    connection_type: draft.connectionType,
    currency_code: currencyOf(state, facts),
    market_rates_source: draft.marketRates,
    provider: providerSummary(state, facts, draft.providerId, draft.providerName),
    tariff: {
      status: 'CONNECTED',
      name: draft.displayName ?? '',
      structure_type: structureTypeOf({ marketRates: draft.marketRates, schedule: draft.schedule } as Tariff),
      contract_start_date: inZone(draft.contractStart, zone),
      contract_end_date: inZone(draft.contractEnd, zone),
      contract_term_type: draft.contractTermType,
      tiered: isTiered(draft.schedule),
    },
  };
}

/** The page of a route, from the state alone. */
export function render(route: PageRoute, state: SessionState, facts: SessionFacts): Page {
  const provider = () => providerSummary(state, facts);
  const currency = () => currencyOf(state, facts);
  switch (route) {
    case 'postal_address_capture':
      return { route, actions: ['BACK', 'CLOSE'], data: { postal_address: addressData(state.address) } };
    case 'provider_select':
      return {
        route,
        actions: ['ADDRESS_CHANGE', 'PROVIDER_MISSING', 'BACK'],
        data: {
          postal_address: addressData(state.address),
          providers: facts.providers.map((p) => ({
            id: p.id,
            display_name: p.displayName,
            logo_url: p.logoUrl,
          })),
        },
      };
    case 'provider_name_capture':
      return {
        route,
        actions: ['ADDRESS_CHANGE'],
        data: { postal_address: addressData(state.address), provider: { name: state.providerName ?? '' } },
      };
    case 'session_redirect':
      return {
        route,
        actions: [],
        data: { redirect_url: facts.redirectUrlOf(state.awaitingRedirect ?? '') },
      };
    case 'tariff_select':
      return {
        route,
        actions: ['TARIFF_MISSING', 'BACK'],
        data: {
          provider: provider(),
          tariffs: facts.libraryTariffs.map((t) => ({
            id: t.id,
            name: t.name,
            description: t.description ?? '',
          })),
        },
      };
    case 'tariff_structure_select':
      return { route, actions: ['BACK'], data: { provider: provider(), options: structureOptions(facts) } };
    case 'rate_fixed_capture':
      return { route, actions: ['BACK'], data: { currency_code: currency(), provider: provider(), cost: 0 } };
    case 'rate_tod_capture':
      return {
        route,
        actions: ['BACK'],
        data: {
          currency_code: currency(),
          provider: provider(),
          hours: [{ cost: 0, valid_from: '00:00:00', valid_to: '00:00:00' }],
        },
      };
    case 'rate_advanced_capture': {
      const { start, end } = defaultContract(state, facts);
      const zone = zoneOf(state, facts);
      return {
        route,
        actions: ['BACK'],
        data: {
          currency_code: currency(),
          provider: provider(),
          tariff: {
            market_rates: false,
            contract_start_date: inZone(start, zone),
            contract_end_date: inZone(end, zone),
            schedule: fixedSchedule(0.1).map((entry) => ({ ...entry, dates: [] })),
          },
        },
      };
    }
    case 'surcharge_capture':
      return {
        route,
        actions: ['BACK'],
        data: { currency_code: currency(), provider: provider(), surcharge: { fixed: 0, percentage: 0 } },
      };
    case 'region_select': {
      const chosen = state.providerId ? facts.providerById.get(state.providerId) : undefined;
      return {
        route,
        actions: ['BACK'],
        data: { provider: provider(), regions: [...(chosen?.regions ?? [])] },
      };
    }
    case 'tariff_name_capture':
      return {
        route,
        actions: ['BACK'],
        data: { provider: provider(), tariff: { name: state.draft?.displayName ?? '' } },
      };
    case 'contract_term_capture':
      return {
        route,
        actions: ['BACK'],
        data: {
          provider: provider(),
          contract_start_date: null,
          contract_end_date: null,
          contract_term_type: '',
        },
      };
    case 'tariff_connection_pending':
    case 'tariff_connection_failed':
      return {
        route,
        actions: ['EDIT', 'DISCONNECT', 'BACK'],
        data: {
          connection_type: 'DIRECT',
          provider: providerSummary(state, facts, state.direct?.providerId ?? state.providerId, null),
        },
      };
    case 'tariff_summary': {
      const draft = state.draft;
      if (!draft) return errorPage('tariff_not_found', 'The session has no tariff to show');
      return {
        route,
        actions: [
          ...(state.wrongTariffReported ? [] : ['WRONG_TARIFF']),
          'EDIT',
          'DISCONNECT',
          'CLOSE',
          'BACK',
        ],
        data: summaryData(state, facts, draft),
        ratesOf: draft,
      };
    }
    case 'complete_tariff':
      return { route, actions: [], data: { callback_url: facts.token.callback_url } };
    case 'error':
      return errorPage('server_error', 'A server error has occurred.');
  }
}

function errorPage(code: string, message: string): Page {
  return { route: 'error', actions: ['CLOSE'], data: {}, error: { code, message } };
}

// ── transitions ──────────────────────────────────────────────────────────────────────────────

/** Pages that take no input are shown but not kept in the history (BACK never returns to them). */
const TRANSIENT: ReadonlySet<PageRoute> = new Set(['session_redirect', 'complete_tariff', 'error']);

function show(state: SessionState, route: PageRoute, facts: SessionFacts): StepOutcome {
  const next = TRANSIENT.has(route) ? state : { ...state, history: [...state.history, route] };
  return { kind: 'page', state: next, page: render(route, next, facts) };
}

const refuse = (route: string, code: string, message: string): StepOutcome => ({
  kind: 'error',
  route,
  code,
  message,
});

/** The start of today in the location's zone, open-ended: the contract a capture assumes
 * [decision:connect-default-contract]. */
function defaultContract(state: SessionState, facts: SessionFacts): { start: number; end: number } {
  const zone = zoneOf(state, facts);
  return { start: startOfLocalDay(zone, localEpochDayOf(zone, facts.now)), end: OPEN_END };
}

function complete(
  state: SessionState,
  facts: SessionFacts,
  plan: Omit<CompletionPlan, 'address'>,
): StepOutcome {
  const address = facts.token.location_id ? null : state.address;
  return {
    kind: 'complete',
    state,
    plan: { ...plan, address: plan.action === 'SAVE' ? address : null },
    page: render('complete_tariff', state, facts),
  };
}

/** CLOSE: saves on the summary and on a pending connection, else only gives the callback URL
 * [decision:connect-close]. */
function close(state: SessionState, current: PageRoute | undefined, facts: SessionFacts): StepOutcome {
  if (current === 'tariff_summary' && state.draft) {
    const tariff = state.draft.existingTariffId ? null : state.draft;
    return complete(state, facts, { action: 'SAVE', tariff, direct: null });
  }
  if (current === 'tariff_connection_pending' && state.direct) {
    return complete(state, facts, { action: 'SAVE', tariff: null, direct: state.direct });
  }
  return { kind: 'page', state, page: render('complete_tariff', state, facts) };
}

function back(state: SessionState, current: PageRoute | undefined, facts: SessionFacts): StepOutcome {
  const history = state.history.slice(0, -1);
  const previous = history.at(-1);
  if (!previous) return close(state, current, facts);
  const next = { ...state, history, awaitingRedirect: null };
  return { kind: 'page', state: next, page: render(previous, next, facts) };
}

/** Back to provider selection, the tariff built so far dropped (the current one stays until replaced). */
function edit(state: SessionState, facts: SessionFacts): StepOutcome {
  return show(
    {
      ...state,
      providerId: null,
      providerName: null,
      region: null,
      structure: null,
      direct: null,
      draft: null,
      wrongTariffReported: false,
    },
    state.address ? 'provider_select' : 'postal_address_capture',
    facts,
  );
}

function draftFrom(
  state: SessionState,
  facts: SessionFacts,
  fields: Pick<DraftTariff, 'connectionType' | 'marketRates' | 'schedule'> & Partial<DraftTariff>,
): DraftTariff {
  const contract = defaultContract(state, facts);
  return {
    isLinked: false,
    providerId: state.providerId,
    providerName: state.providerName,
    displayName: null,
    libraryTariffId: null,
    contractStart: contract.start,
    contractEnd: contract.end,
    contractTermType: 'UNTIL_TERMINATED',
    existingTariffId: null,
    ...fields,
  };
}

function libraryDraft(
  state: SessionState,
  facts: SessionFacts,
  tariff: SessionLibraryTariff,
  connectionType: 'LIBRARY' | 'DIRECT',
): DraftTariff {
  const contract = defaultContract(state, facts);
  return draftFrom(state, facts, {
    connectionType,
    isLinked: true,
    providerId: tariff.providerId,
    providerName: null,
    displayName: tariff.name,
    libraryTariffId: tariff.id,
    marketRates: tariff.marketRates,
    schedule: tariff.schedule,
    contractStart: tariff.validFrom ?? contract.start,
    contractEnd: tariff.validTo ?? contract.end,
    contractTermType: tariff.validTo === null ? 'UNTIL_TERMINATED' : 'FIXED',
  });
}

/** The rate pages end on the optional name and contract pages, then the summary. */
function afterRates(state: SessionState, facts: SessionFacts, from: PageRoute): StepOutcome {
  const order: PageRoute[] = [];
  if (facts.token.route_options.tariff_name_capture) order.push('tariff_name_capture');
  if (facts.token.route_options.contract_term_capture) order.push('contract_term_capture');
  order.push('tariff_summary');
  const at = order.indexOf(from);
  return show(state, order[at + 1] ?? order[0] ?? 'tariff_summary', facts);
}

function regionNeeded(state: SessionState, provider: SessionProvider, facts: SessionFacts): boolean {
  if (state.region !== null || provider.regions.length < 2) return false;
  const own = state.address ? safeRegion(state.address, facts.regionOfAddress) : null;
  return own === null || !provider.regions.includes(own);
}

/** Where a chosen provider leads: DIRECT, LIBRARY, MARKET, then MANUAL [decision:connect-fallback]. */
function afterProvider(
  state: SessionState,
  provider: SessionProvider,
  facts: SessionFacts,
  skipDirect = false,
): StepOutcome {
  if (!skipDirect && !facts.liveMode && provider.sandbox && provider.connectionTypes.includes('DIRECT')) {
    return show({ ...state, awaitingRedirect: provider.id }, 'session_redirect', facts);
  }
  if (provider.connectionTypes.includes('LIBRARY')) {
    if (regionNeeded(state, provider, facts)) return show(state, 'region_select', facts);
    if (facts.libraryTariffs.length > 0) return show(state, 'tariff_select', facts);
  }
  return afterLibrary(state, provider, facts);
}

function afterLibrary(
  state: SessionState,
  provider: SessionProvider | undefined,
  facts: SessionFacts,
): StepOutcome {
  if (provider?.connectionTypes.includes('MARKET') && marketSourceOf(state, facts)) {
    return show({ ...state, structure: 'MARKET' }, 'surcharge_capture', facts);
  }
  return show(state, 'tariff_structure_select', facts);
}

/** The address checks of `postal_address_capture`, as a location would settle it. */
function checkAddress(value: unknown): PostalAddress {
  if (!isRecord(value))
    throw new PageInputError('data_json_invalid', 'data.postal_address must be a JSON object');
  const address: PostalAddress = {};
  for (const field of BLANK_ADDRESS) {
    const given = value[field];
    if (given === undefined || given === null) continue;
    if (typeof given !== 'string')
      throw new PageInputError('data_json_invalid', `postal_address.${field} must be a string`);
    if (given.trim() !== '') address[field] = given.trim();
  }
  if (!address.city) throw new PageInputError('city_missing', 'postal_address.city is required');
  if (!address.country_code)
    throw new PageInputError('country_code_missing', 'postal_address.country_code is required');
  address.country_code = address.country_code.toUpperCase();
  if (!isKnownCountryCode(address.country_code)) {
    throw new PageInputError(
      'country_code_invalid',
      `postal_address.country_code ${JSON.stringify(value.country_code)} is not an ISO 3166-1 alpha-2 code`,
    );
  }
  const region = deriveRegion(address);
  if (region.timezone === undefined || (address.country_code === 'US' && !address.state)) {
    throw new PageInputError(
      'timezone_not_found',
      'The time zone cannot be told from the address; give its state',
    );
  }
  return address;
}

function addressUsable(address: PostalAddress | null | undefined): address is PostalAddress {
  if (!address?.city || !address.country_code) return false;
  try {
    checkAddress(address);
    return true;
  } catch {
    return false;
  }
}

const dateOrNull = (value: unknown, field: string): number | null => {
  if (value === undefined || value === null) return null;
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms))
    throw new PageInputError('date_format_invalid', `${field} must be an RFC 3339 date-time or null`);
  return ms;
};

// ── the step ─────────────────────────────────────────────────────────────────────────────────

const ACTION_ALIASES: Record<string, string> = { WRONG_TARIFF_REPORT: 'WRONG_TARIFF', SAVE: 'CLOSE' };

/** One step of a session: `stored` is null before the first `session_start`. */
export function step(stored: SessionState | null, request: SessionRequest, facts: SessionFacts): StepOutcome {
  const state = stored ?? newSessionState();
  const current = state.history.at(-1);
  if (request.route !== undefined && typeof request.route !== 'string') {
    return refuse('session_start', 'route_invalid', 'route must be a string');
  }
  const route = request.route === 'tariffs_summary' ? 'tariff_summary' : request.route;
  const rawAction = request.action;
  if (rawAction !== undefined && typeof rawAction !== 'string') {
    const at = route !== undefined && REQUEST_ROUTES.includes(route) ? route : (current ?? 'session_start');
    return refuse(at, 'action_invalid', 'action must be a string');
  }
  const action = rawAction === undefined ? undefined : (ACTION_ALIASES[rawAction] ?? rawAction);

  // BACK sent without a route (the start page does this) answers the current page.
  if (route === undefined) {
    if (action === 'BACK') return back(state, current, facts);
    if (action === 'CLOSE') return close(state, current, facts);
    return refuse('session_start', 'route_missing', 'route is required');
  }
  if (!REQUEST_ROUTES.includes(route)) {
    return refuse(
      'session_start',
      'route_invalid',
      `route ${JSON.stringify(route).slice(0, 80)} is not a Connect route`,
    );
  }
  if (route === 'session_start') {
    if (action === 'BACK') return back(state, current, facts);
    if (action === 'CLOSE') return close(state, current, facts);
    return start(stored, state, facts);
  }
  if (current !== route) {
    return refuse(
      route,
      'route_invalid',
      current
        ? `The session is on page ${current}; answer that page or post session_start`
        : 'The session has not started; post session_start first',
    );
  }
  const page = current as PageRoute;
  const answering = { ...state, awaitingRedirect: null };
  try {
    if (action !== undefined) {
      if (action === 'BACK') return back(answering, page, facts);
      if (action === 'CLOSE') return close(answering, page, facts);
      const offered = render(page, answering, facts).actions;
      if (!offered.includes(action)) {
        return refuse(
          page,
          'action_invalid',
          `action ${JSON.stringify(action).slice(0, 40)} is not offered on ${page}`,
        );
      }
      return act(answering, page, action, facts);
    }
    return submit(answering, page, request.data, facts);
  } catch (error) {
    if (error instanceof PageInputError) return refuse(page, error.code, error.message);
    throw error;
  }
}

function start(stored: SessionState | null, state: SessionState, facts: SessionFacts): StepOutcome {
  // [decision:connect-disconnect-at-start]: the tariff goes without any page.
  if (facts.token.actions.disconnect_tariff) {
    return complete(state, facts, { action: 'DISCONNECT', tariff: null, direct: null });
  }
  if (state.awaitingRedirect) return resumeDirect(state, state.awaitingRedirect, facts);
  const current = state.history.at(-1);
  if (stored && current) return { kind: 'page', state, page: render(current, state, facts) };
  const address = facts.location?.postalAddress ?? facts.token.postal_address ?? null;
  const fresh = {
    ...newSessionState(),
    address: addressUsable(address) ? checkAddress(address) : (address ?? null),
  };
  if (facts.currentTariff && !facts.token.actions.edit_tariff) {
    return show(
      { ...fresh, draft: facts.currentTariff, providerId: facts.currentTariff.providerId },
      'tariff_summary',
      facts,
    );
  }
  return show(fresh, addressUsable(address) ? 'provider_select' : 'postal_address_capture', facts);
}

/** After the provider's login page: the sandbox provider connects, stays pending, or fails. */
function resumeDirect(state: SessionState, providerId: string, facts: SessionFacts): StepOutcome {
  const provider = facts.providerById.get(providerId);
  const resumed = { ...state, awaitingRedirect: null };
  if (!provider?.sandbox)
    return {
      kind: 'page',
      state: resumed,
      page: errorPage('provider_not_found', `Provider ID ${providerId} not found.`),
    };
  const { behaviour, pendingSeconds, libraryTariffId } = provider.sandbox;
  const found = libraryTariffId ? facts.libraryTariffById.get(libraryTariffId) : undefined;
  // the provider's tariff fills the token's slot only when it is of that direction and type
  const tariff =
    found && found.direction === facts.token.direction && found.type === facts.token.type ? found : undefined;
  if (behaviour === 'connect' && tariff) {
    return show(
      { ...resumed, direct: null, draft: libraryDraft(resumed, facts, tariff, 'DIRECT') },
      'tariff_summary',
      facts,
    );
  }
  const outcome = behaviour === 'pending' ? 'pending' : 'failed';
  return show(
    { ...resumed, direct: { providerId, outcome, pendingSeconds, libraryTariffId: tariff?.id ?? null } },
    outcome === 'pending' ? 'tariff_connection_pending' : 'tariff_connection_failed',
    facts,
  );
}

function act(state: SessionState, page: PageRoute, action: string, facts: SessionFacts): StepOutcome {
  switch (action) {
    case 'ADDRESS_CHANGE':
      return show(state, 'postal_address_capture', facts);
    case 'PROVIDER_MISSING':
      return show(state, 'provider_name_capture', facts);
    case 'TARIFF_MISSING':
      return afterLibrary(
        state,
        state.providerId ? facts.providerById.get(state.providerId) : undefined,
        facts,
      );
    case 'EDIT':
      return edit(state, facts);
    case 'DISCONNECT':
      return complete(state, facts, { action: 'DISCONNECT', tariff: null, direct: null });
    case 'WRONG_TARIFF':
      return {
        kind: 'page',
        state: { ...state, wrongTariffReported: true },
        page: render(page, { ...state, wrongTariffReported: true }, facts),
      };
  }
  return refuse(page, 'action_invalid', `action ${action} is not offered on ${page}`);
}

const ACTION_ONLY: ReadonlySet<PageRoute> = new Set([
  'tariff_connection_pending',
  'tariff_connection_failed',
  'tariff_summary',
  'complete_tariff',
  'error',
]);

function submit(state: SessionState, page: PageRoute, raw: unknown, facts: SessionFacts): StepOutcome {
  if (ACTION_ONLY.has(page)) {
    if (raw !== undefined && !isRecord(raw))
      throw new PageInputError('data_json_invalid', 'data must be a JSON object');
    throw new PageInputError('action_missing', `${page} takes an action`);
  }
  const data = dataObject(raw);
  switch (page) {
    case 'postal_address_capture': {
      const address = checkAddress(data.postal_address);
      return show(
        { ...state, address, providerId: null, providerName: null, region: null, draft: null },
        'provider_select',
        facts,
      );
    }
    case 'provider_select': {
      const given = data.provider;
      if (given !== undefined && !isRecord(given))
        throw new PageInputError('data_json_invalid', 'data.provider must be a JSON object');
      const id = given?.id;
      if (id === undefined || id === null || id === '')
        throw new PageInputError('provider_id_missing', 'data.provider.id is required');
      if (typeof id !== 'string')
        throw new PageInputError('data_json_invalid', 'data.provider.id must be a string');
      const provider = facts.providerById.get(id);
      if (!provider)
        throw new PageInputError('provider_not_found', `Provider ID ${id.slice(0, 64)} not found.`);
      if (!facts.providers.some((p) => p.id === id)) {
        throw new PageInputError(
          'provider_id_invalid',
          `Provider ID ${id} is not available at this address.`,
        );
      }
      return afterProvider(
        { ...state, providerId: id, providerName: null, region: null, draft: null, direct: null },
        provider,
        facts,
      );
    }
    case 'provider_name_capture': {
      const name = isRecord(data.provider) ? data.provider.name : undefined;
      if (name !== undefined && typeof name !== 'string')
        throw new PageInputError('data_json_invalid', 'data.provider.name must be a string');
      if (!name?.trim()) throw new PageInputError('provider_name_missing', 'data.provider.name is required');
      return show(
        { ...state, providerId: null, providerName: name.trim(), draft: null, direct: null },
        'tariff_structure_select',
        facts,
      );
    }
    case 'region_select': {
      const provider = state.providerId ? facts.providerById.get(state.providerId) : undefined;
      const region = data.region;
      if (typeof region !== 'string' || !provider?.regions.includes(region)) {
        throw new PageInputError(
          'data_json_invalid',
          `data.region must be one of ${(provider?.regions ?? []).join(', ')}`,
        );
      }
      const next = { ...state, region };
      if (facts.libraryTariffs.length > 0) return show(next, 'tariff_select', facts);
      return afterLibrary(next, provider, facts);
    }
    case 'tariff_select': {
      const given = data.tariff;
      if (given !== undefined && !isRecord(given))
        throw new PageInputError('data_json_invalid', 'data.tariff must be a JSON object');
      const id = given?.id;
      if (id === undefined || id === null || id === '')
        throw new PageInputError('tariff_id_missing', 'data.tariff.id is required');
      if (typeof id !== 'string')
        throw new PageInputError('data_json_invalid', 'data.tariff.id must be a string');
      const tariff = facts.libraryTariffById.get(id);
      if (!tariff) throw new PageInputError('tariff_not_found', `Tariff ID ${id.slice(0, 64)} not found.`);
      if (!facts.libraryTariffs.some((t) => t.id === id)) {
        throw new PageInputError(
          'tariff_id_invalid',
          `Provider ID ${state.providerId ?? ''} does not support tariff ID ${id}.`,
        );
      }
      return show(
        { ...state, draft: libraryDraft(state, facts, tariff, 'LIBRARY') },
        'tariff_summary',
        facts,
      );
    }
    case 'tariff_structure_select': {
      const options = data.options;
      if (!Array.isArray(options) || options.length !== 1 || typeof options[0] !== 'string') {
        throw new PageInputError('option_invalid', 'data.options must hold exactly one option');
      }
      const option = options[0];
      const offered = structureOptions(facts) as string[];
      if (!offered.includes(option) || (option === 'MARKET' && !marketSourceOf(state, facts))) {
        throw new PageInputError(
          'option_not_supported',
          `Unsupported option parameter ${option.slice(0, 40)}.`,
        );
      }
      const structure = option as Structure;
      const next: Record<Structure, PageRoute> = {
        FIXED: 'rate_fixed_capture',
        TIME_OF_DAY: 'rate_tod_capture',
        MARKET: 'surcharge_capture',
        ADVANCED: 'rate_advanced_capture',
      };
      return show({ ...state, structure }, next[structure], facts);
    }
    case 'rate_fixed_capture': {
      const cost = checkCost(data.cost, 'data.cost');
      const draft = draftFrom(state, facts, {
        connectionType: 'MANUAL',
        marketRates: false,
        schedule: fixedSchedule(cost),
      });
      return afterRates({ ...state, draft }, facts, page);
    }
    case 'rate_tod_capture': {
      const hours = checkHours(data.hours);
      const draft = draftFrom(state, facts, {
        connectionType: 'MANUAL',
        marketRates: false,
        schedule: todSchedule(hours),
      });
      return afterRates({ ...state, draft }, facts, page);
    }
    case 'rate_advanced_capture':
      return afterRates(
        { ...state, draft: advancedDraft(state, facts, objectField(data, 'tariff')) },
        facts,
        page,
      );
    case 'surcharge_capture': {
      const surcharge = checkSurcharge(data);
      const draft = draftFrom(state, facts, {
        connectionType: 'MARKET',
        marketRates: true,
        schedule: marketSchedule(surcharge),
      });
      return afterRates({ ...state, draft }, facts, page);
    }
    case 'tariff_name_capture': {
      const name = isRecord(data.tariff) ? data.tariff.name : undefined;
      if (name !== undefined && typeof name !== 'string')
        throw new PageInputError('data_json_invalid', 'data.tariff.name must be a string');
      if (!name?.trim() || !state.draft)
        throw new PageInputError('tariff_name_missing', 'data.tariff.name is required');
      return afterRates({ ...state, draft: { ...state.draft, displayName: name.trim() } }, facts, page);
    }
    case 'contract_term_capture': {
      const start = dateOrNull(data.contract_start_date, 'contract_start_date');
      const end = dateOrNull(data.contract_end_date, 'contract_end_date');
      const term = data.contract_term_type;
      if (
        term !== undefined &&
        term !== null &&
        term !== '' &&
        term !== 'FIXED' &&
        term !== 'UNTIL_TERMINATED'
      ) {
        throw new PageInputError('data_json_invalid', 'contract_term_type must be FIXED or UNTIL_TERMINATED');
      }
      if (!state.draft) throw new PageInputError('data_json_invalid', 'The session has no tariff yet');
      const termType: ContractTermType =
        term === 'UNTIL_TERMINATED' || end === null ? 'UNTIL_TERMINATED' : 'FIXED';
      const contractStart = start ?? state.draft.contractStart;
      const contractEnd = termType === 'UNTIL_TERMINATED' ? OPEN_END : (end as number);
      if (contractEnd <= contractStart) {
        throw new PageInputError(
          'date_format_invalid',
          'contract_end_date must be after contract_start_date',
        );
      }
      return afterRates(
        { ...state, draft: { ...state.draft, contractStart, contractEnd, contractTermType: termType } },
        facts,
        page,
      );
    }
  }
  throw new PageInputError('data_json_invalid', `${page} takes no data`);
}

/** `rate_advanced_capture`: the schedule model of `POST /tariffs`, checked as it checks it. */
function advancedDraft(
  state: SessionState,
  facts: SessionFacts,
  tariff: Record<string, unknown>,
): DraftTariff {
  const marketRates = tariff.market_rates ?? false;
  if (typeof marketRates !== 'boolean')
    throw new PageInputError('data_json_invalid', 'tariff.market_rates must be a boolean');
  const contract = defaultContract(state, facts);
  const start = dateOrNull(tariff.contract_start_date, 'tariff.contract_start_date') ?? contract.start;
  const end = dateOrNull(tariff.contract_end_date, 'tariff.contract_end_date') ?? contract.end;
  const schedule = tariff.schedule ?? [];
  if (!Array.isArray(schedule))
    throw new PageInputError('data_json_invalid', 'tariff.schedule must be an array');
  const normalised = schedule.map((entry: unknown) => {
    if (!isRecord(entry)) return entry;
    const { dates, ...rest } = entry;
    return {
      ...rest,
      months: entry.months ?? ['All'],
      ...(Array.isArray(dates) && dates.length > 0 ? { dates } : {}),
      days_and_hours: Array.isArray(entry.days_and_hours)
        ? entry.days_and_hours.map((block: unknown) =>
            isRecord(block) ? { ...block, days: block.days ?? ['All'] } : block,
          )
        : entry.days_and_hours,
    };
  }) as ScheduleEntryDefinition[];
  checkAdvancedTariff({
    direction: facts.token.direction,
    type: facts.token.type,
    timezone: zoneOf(state, facts),
    marketRates,
    contractStart: start,
    contractEnd: end,
    schedule: normalised,
  });
  if (marketRates && !marketSourceOf(state, facts)) {
    throw new PageInputError(
      'market_rates_not_supported',
      'No market price source serves this address and direction',
    );
  }
  return draftFrom(state, facts, {
    connectionType: marketRates ? 'MARKET' : 'MANUAL',
    marketRates,
    schedule: normalised,
    contractStart: start,
    contractEnd: end,
    contractTermType: end >= OPEN_END ? 'UNTIL_TERMINATED' : 'FIXED',
  });
}
