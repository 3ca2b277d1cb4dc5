// The Connect session's vocabulary: routes, the request a page answers, the state kept between
// steps (stored as JSON on the token, so any node answers any step), the facts core reads before
// a step, and what a step decides. Types only: the machine (machine.ts) is pure over them.
import type { ScheduleEntryDefinition, TariffDirection, TariffType } from '../../../engine/index.ts';
import type { LibraryTariff, Provider } from '../../catalogue/catalogue.ts';
import type { PostalAddress } from '../../locations/locations.ts';

/** The pages Offpeak emits (`tariff_summary`, as the reference client expects). */
export const PAGE_ROUTES = [
  'postal_address_capture',
  'provider_select',
  'provider_name_capture',
  'session_redirect',
  'tariff_select',
  'tariff_structure_select',
  'rate_fixed_capture',
  'rate_tod_capture',
  'rate_advanced_capture',
  'surcharge_capture',
  'region_select',
  'tariff_name_capture',
  'contract_term_capture',
  'tariff_connection_pending',
  'tariff_connection_failed',
  'tariff_summary',
  'complete_tariff',
  'error',
] as const;
export type PageRoute = (typeof PAGE_ROUTES)[number];

/** Routes a request may name: every page, `session_start`, and the `tariffs_summary` alias. */
export const REQUEST_ROUTES: readonly string[] = ['session_start', 'tariffs_summary', ...PAGE_ROUTES];
export type RequestRoute = PageRoute | 'session_start';

export const ACTIONS = [
  'BACK',
  'CLOSE',
  'EDIT',
  'DISCONNECT',
  'WRONG_TARIFF',
  'ADDRESS_CHANGE',
  'PROVIDER_MISSING',
  'TARIFF_MISSING',
] as const;
export type Action = (typeof ACTIONS)[number];

export type ConnectionType = 'DIRECT' | 'LIBRARY' | 'MARKET' | 'MANUAL';
export type Structure = 'FIXED' | 'TIME_OF_DAY' | 'MARKET' | 'ADVANCED';
export type ContractTermType = 'FIXED' | 'UNTIL_TERMINATED';

/** What the token was created with (the normalised token input), as the session reads it. */
export interface SessionTokenRequest {
  connect_url: string;
  callback_url: string;
  customer_id?: string | null | undefined;
  customer_reference_id?: string | null | undefined;
  location_id?: string | null | undefined;
  location_reference_id?: string | null | undefined;
  direction: TariffDirection;
  type: TariffType;
  tariff_id?: string | null | undefined;
  actions: { disconnect_tariff: boolean; edit_tariff: boolean };
  route_options: {
    advanced_tariff_capture: boolean;
    tariff_name_capture: boolean;
    contract_term_capture: boolean;
  };
  postal_address_type?: string | null | undefined;
  postal_address?: PostalAddress | null | undefined;
}

/** A request to the session endpoint, after the transport has read the envelope. */
export interface SessionRequest {
  /** Absent only for `BACK` on the start page, which the reference client sends without a route. */
  route?: unknown;
  action?: unknown;
  data?: unknown;
}

/** A provider of the catalogue. */
export type SessionProvider = Provider;

/** A tariff of the library. */
export type SessionLibraryTariff = LibraryTariff;

/** The tariff a session builds (or shows, when it is the location's current one). */
export interface DraftTariff {
  connectionType: ConnectionType;
  isLinked: boolean;
  providerId: string | null;
  /** The provider's name when the customer typed it (no catalogue provider). */
  providerName: string | null;
  displayName: string | null;
  libraryTariffId: string | null;
  marketRates: boolean;
  schedule: ScheduleEntryDefinition[];
  contractStart: number;
  contractEnd: number;
  contractTermType: ContractTermType;
  /** The location's tariff shown as it is (not a new one): saving writes nothing. */
  existingTariffId: string | null;
}

/** A DIRECT connection the provider has not answered yet, or refused. */
export interface DirectConnection {
  providerId: string;
  outcome: 'pending' | 'failed';
  pendingSeconds: number;
  libraryTariffId: string | null;
}

/** Everything kept between steps. JSON-safe: stored in `connect_tokens.session`. */
export interface SessionState {
  /** The pages shown, oldest first; the last is the current page. Pages without input are not kept. */
  history: PageRoute[];
  address: PostalAddress | null;
  /** The chosen provider: a catalogue ID, or a typed name. */
  providerId: string | null;
  providerName: string | null;
  region: string | null;
  structure: Structure | null;
  /** The provider's login page was given; the next `session_start` makes the DIRECT connection. */
  awaitingRedirect: string | null;
  direct: DirectConnection | null;
  /** Rates captured so far (before name and contract pages). */
  draft: DraftTariff | null;
  wrongTariffReported: boolean;
}

/** What core reads before a step, so the step itself needs no I/O. */
export interface SessionFacts {
  now: number;
  liveMode: boolean;
  token: SessionTokenRequest;
  /** The token's location (its address and zone), when the token names one. */
  location: {
    id: string;
    postalAddress: PostalAddress;
    timezone: string;
    currencyCode: string | null;
  } | null;
  /** The tariff now filling the token's slot at that location (or the token's `tariff_id`). */
  currentTariff: DraftTariff | null;
  /** Providers serving the address the step works with. */
  providers: readonly SessionProvider[];
  /** Providers by ID: the ones the request or the state name (whether or not they serve the address). */
  providerById: ReadonlyMap<string, SessionProvider>;
  /** Library tariffs of the chosen provider for the token's direction, type and the region. */
  libraryTariffs: readonly SessionLibraryTariff[];
  /** Library tariffs by ID: the ones the request or the state name. */
  libraryTariffById: ReadonlyMap<string, SessionLibraryTariff>;
  /** The market region of an address (catalogue regions), or null when it cannot be told. */
  regionOfAddress: (address: PostalAddress) => string | null;
  /** Where the sandbox login page of a provider lives (absolute URL, with `fp_cot`). */
  redirectUrlOf: (providerId: string) => string;
}

/** A page object's route, actions and data; the transport adds the envelope. */
export interface Page {
  route: PageRoute;
  actions: string[];
  data: Record<string, unknown>;
  /** For the summary: the tariff whose three days of rates core adds to `data.rates`. */
  ratesOf?: DraftTariff | undefined;
  /** The `error` page's `error_code` and `error_message` (it has no `data`). */
  error?: { code: string; message: string } | undefined;
}

/** What completing writes. */
export interface CompletionPlan {
  action: 'SAVE' | 'DISCONNECT';
  /** The address of a new location (when the token names none). */
  address: PostalAddress | null;
  /** The tariff to write, or none (DISCONNECT, a pending DIRECT connection, or an unchanged tariff). */
  tariff: DraftTariff | null;
  direct: DirectConnection | null;
}

export type StepOutcome =
  | { kind: 'page'; state: SessionState; page: Page }
  | { kind: 'complete'; state: SessionState; plan: CompletionPlan; page: Page }
  | { kind: 'error'; route: string; code: string; message: string };
