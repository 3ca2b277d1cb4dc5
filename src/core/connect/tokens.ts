// Connect tokens: what an integrator's backend creates so that one Connect session can run in a
// customer's browser or app without an API key (docs/connect.md). The session flow reads and
// writes the same row (`session`), so the token is also where a session's outcome is reported.
import { isId, newId } from '../../lib/ids.ts';
import { selectAccountById } from '../../store/accounts.ts';
import {
  insertConnectToken,
  selectConnectTokenById,
  type ConnectTokenRecord,
} from '../../store/connect-tokens.ts';
import type { CoreContext, Scope } from '../context.ts';
import { retrieveCustomerIn } from '../customers/customers.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { retrieveLocationIn, type PostalAddress } from '../locations/locations.ts';
import { retrieveTariff } from '../tariffs/tariffs.ts';

/** A token is valid for one session during this long [decision:connect-token-lifetime]. */
export const CONNECT_TOKEN_LIFETIME_SECONDS = 86_400;

export type ConnectDirection = 'IMPORT' | 'EXPORT' | 'LOCAL';
export type ConnectTariffType = 'COMMODITY' | 'NON_COMMODITY';

/** A token's input, wire aliases resolved (by the transport) and defaults applied. */
export interface ConnectTokenRequest {
  connectUrl: string;
  callbackUrl: string;
  customerId: string | null;
  customerReferenceId: string | null;
  locationId: string | null;
  locationReferenceId: string | null;
  direction: ConnectDirection;
  type: ConnectTariffType;
  tariffId: string | null;
  actions: { disconnectTariff: boolean; editTariff: boolean };
  routeOptions: {
    advancedTariffCapture: boolean;
    tariffNameCapture: boolean;
    contractTermCapture: boolean;
  };
  postalAddressType: 'RESIDENTIAL' | 'COMMERCIAL' | null;
  postalAddress: PostalAddress | null;
}

/** What the integrator may leave out of a token request. */
export type ConnectTokenInput = Pick<ConnectTokenRequest, 'connectUrl' | 'callbackUrl'> &
  Partial<Omit<ConnectTokenRequest, 'connectUrl' | 'callbackUrl' | 'actions' | 'routeOptions'>> & {
    actions?: Partial<ConnectTokenRequest['actions']>;
    routeOptions?: Partial<ConnectTokenRequest['routeOptions']>;
  };

export interface ConnectToken {
  id: string;
  accountId: string;
  liveMode: boolean;
  request: ConnectTokenRequest;
  /** The session's state, owned by the session flow; null before its first step. */
  session: Record<string, unknown> | null;
  sessionVersion: number;
  customerId: string | null;
  locationId: string | null;
  /** The tariff the session put in place, once it is there (null while a connection is pending). */
  tariffId: string | null;
  completeAction: 'SAVE' | 'DISCONNECT' | null;
  completedAt: number | null;
  expiresAt: number;
  createdAt: number;
}

export interface CreatedConnectToken {
  id: string;
  expiresInSeconds: number;
  liveMode: boolean;
}

/** `cot_` and the hex of every Offpeak ID; anything else is not a token at all. */
export function isConnectTokenId(value: string): boolean {
  return isId(value, 'cot');
}

/**
 * Checks a token request and stores the token. Every ID it names must exist in the caller's
 * account and mode; LOCAL needs the account to allow it [decision:connect-local-direction].
 */
export async function createConnectToken(
  ctx: CoreContext,
  scope: Scope,
  input: ConnectTokenInput,
): Promise<CreatedConnectToken> {
  const request = await checkTokenRequest(ctx, scope, input);
  const now = ctx.now(scope);
  const id = newId('cot', now);
  await insertConnectToken(ctx.db, {
    id,
    account_id: scope.accountId,
    live_mode: scope.liveMode,
    request: JSON.stringify(toRequestJson(request)),
    customer_id: null,
    location_id: null,
    tariff_id: null,
    complete_action: null,
    completed_at: null,
    expires_at: new Date(now + CONNECT_TOKEN_LIFETIME_SECONDS * 1000),
    created_at: new Date(now),
  });
  return { id, expiresInSeconds: CONNECT_TOKEN_LIFETIME_SECONDS, liveMode: scope.liveMode };
}

/**
 * A token of the caller's account and mode, for its backend: readable until it expires
 * [decision:connect-token-lifetime]. Another account's or mode's token is not found.
 */
export async function retrieveConnectToken(
  ctx: CoreContext,
  scope: Scope,
  id: string,
): Promise<ConnectToken> {
  if (!isConnectTokenId(id)) {
    throw new ValidationError('connect_token_invalid', 'connect_token must be a cot_… token');
  }
  const row = await selectConnectTokenById(ctx.db, id);
  if (!row || row.account_id !== scope.accountId || row.live_mode !== scope.liveMode) {
    throw new NotFoundError('connect_token', id);
  }
  const token = fromRow(row);
  if (ctx.now(scope) >= token.expiresAt) {
    throw new ValidationError('connect_token_expired', 'This connect_token has expired');
  }
  return token;
}

/** Whether the token's backend can count on the tariff: saved, and the tariff in place. */
export function isTariffProcessed(token: ConnectToken): boolean {
  return token.completeAction === 'SAVE' && token.tariffId !== null;
}

async function checkTokenRequest(
  ctx: CoreContext,
  scope: Scope,
  input: ConnectTokenInput,
): Promise<ConnectTokenRequest> {
  const connectUrl = checkUrl(input.connectUrl, 'connect_url');
  const callbackUrl = checkUrl(input.callbackUrl, 'callback_url');
  const direction = input.direction ?? 'IMPORT';
  const type = input.type ?? 'COMMODITY';
  if (type === 'NON_COMMODITY' && direction !== 'IMPORT') {
    throw new ValidationError(
      'tariff_direction_not_supported',
      'NON_COMMODITY tariffs exist for the IMPORT direction only',
    );
  }
  if (input.locationId && input.locationReferenceId) {
    throw new ValidationError(
      'location_reference_conflict',
      'Send location_id or location_reference_id, not both',
    );
  }
  if (direction === 'LOCAL') {
    const account = await selectAccountById(ctx.db, scope.accountId);
    if (!account?.connect_local_enabled) {
      throw new ValidationError(
        'tariff_direction_not_supported',
        'The LOCAL tariff direction is not enabled for this account',
      );
    }
  }
  let customerId = input.customerId ?? null;
  if (customerId !== null)
    await mustExist(() => retrieveCustomerIn(ctx.db, scope, customerId ?? ''), 'customer_id');
  const locationId = input.locationId ?? null;
  if (locationId !== null) {
    const location = await mustExist(() => retrieveLocationIn(ctx.db, scope, locationId), 'location_id');
    if (customerId !== null && location.customerId !== null && location.customerId !== customerId) {
      throw new ValidationError('location_id_invalid', `Location ${locationId} belongs to another customer`);
    }
    customerId ??= location.customerId;
  }
  const tariffId = input.tariffId ?? null;
  if (tariffId !== null) {
    const tariff = await mustExist(() => retrieveTariff(ctx, scope, tariffId), 'tariff_id');
    if (locationId !== null && tariff.locationId !== locationId) {
      throw new ValidationError('tariff_id_invalid', `Tariff ${tariffId} is not a tariff of ${locationId}`);
    }
  }
  return {
    connectUrl,
    callbackUrl,
    customerId,
    customerReferenceId: input.customerReferenceId ?? null,
    locationId,
    locationReferenceId: input.locationReferenceId ?? null,
    direction,
    type,
    tariffId,
    actions: {
      disconnectTariff: input.actions?.disconnectTariff ?? false,
      editTariff: input.actions?.editTariff ?? false,
    },
    routeOptions: {
      advancedTariffCapture: input.routeOptions?.advancedTariffCapture ?? false,
      tariffNameCapture: input.routeOptions?.tariffNameCapture ?? false,
      contractTermCapture: input.routeOptions?.contractTermCapture ?? false,
    },
    postalAddressType: input.postalAddressType ?? null,
    postalAddress: input.postalAddress ?? null,
  };
}

/**
 * A URL the customer is sent to: a web URL or an app's deep link (`myapp://…`), so any absolute
 * URL with a scheme is accepted [decision:connect-token-urls].
 */
function checkUrl(value: string | undefined, field: string): string {
  if (value === undefined || value === '') {
    throw new ValidationError(`${field}_missing`, `${field} is required`);
  }
  if (!URL.canParse(value) || /[\s<>"]/.test(value)) {
    throw new ValidationError(`${field}_invalid`, `${field} must be an absolute URL or deep link`);
  }
  const scheme = new URL(value).protocol.toLowerCase();
  if (scheme === 'javascript:' || scheme === 'data:' || scheme === 'vbscript:' || scheme === 'file:') {
    throw new ValidationError(`${field}_invalid`, `${field} may not use the ${scheme} scheme`);
  }
  return value;
}

async function mustExist<T>(load: () => Promise<T>, field: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ValidationError(`${field}_invalid`, `${field} ${error.objectId} does not exist`);
    }
    throw error;
  }
}

// The request is stored in snake_case JSON so that the row reads like the API it came from.
function toRequestJson(request: ConnectTokenRequest): Record<string, unknown> {
  return {
    connect_url: request.connectUrl,
    callback_url: request.callbackUrl,
    customer_id: request.customerId,
    customer_reference_id: request.customerReferenceId,
    location_id: request.locationId,
    location_reference_id: request.locationReferenceId,
    direction: request.direction,
    type: request.type,
    tariff_id: request.tariffId,
    actions: {
      disconnect_tariff: request.actions.disconnectTariff,
      edit_tariff: request.actions.editTariff,
    },
    route_options: {
      advanced_tariff_capture: request.routeOptions.advancedTariffCapture,
      tariff_name_capture: request.routeOptions.tariffNameCapture,
      contract_term_capture: request.routeOptions.contractTermCapture,
    },
    postal_address_type: request.postalAddressType,
    postal_address: request.postalAddress,
  };
}

function fromRequestJson(json: Record<string, unknown>): ConnectTokenRequest {
  const j = json as {
    connect_url: string;
    callback_url: string;
    customer_id: string | null;
    customer_reference_id: string | null;
    location_id: string | null;
    location_reference_id: string | null;
    direction: ConnectDirection;
    type: ConnectTariffType;
    tariff_id: string | null;
    actions: { disconnect_tariff: boolean; edit_tariff: boolean };
    route_options: {
      advanced_tariff_capture: boolean;
      tariff_name_capture: boolean;
      contract_term_capture: boolean;
    };
    postal_address_type: 'RESIDENTIAL' | 'COMMERCIAL' | null;
    postal_address: PostalAddress | null;
  };
  return {
    connectUrl: j.connect_url,
    callbackUrl: j.callback_url,
    customerId: j.customer_id,
    customerReferenceId: j.customer_reference_id,
    locationId: j.location_id,
    locationReferenceId: j.location_reference_id,
    direction: j.direction,
    type: j.type,
    tariffId: j.tariff_id,
    actions: { disconnectTariff: j.actions.disconnect_tariff, editTariff: j.actions.edit_tariff },
    routeOptions: {
      advancedTariffCapture: j.route_options.advanced_tariff_capture,
      tariffNameCapture: j.route_options.tariff_name_capture,
      contractTermCapture: j.route_options.contract_term_capture,
    },
    postalAddressType: j.postal_address_type,
    postalAddress: j.postal_address,
  };
}

/** A stored token row as the domain object (the session flow reads it through this too). */
export function fromRow(row: ConnectTokenRecord): ConnectToken {
  return {
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    request: fromRequestJson(row.request),
    session: row.session,
    sessionVersion: row.session_version,
    customerId: row.customer_id,
    locationId: row.location_id,
    tariffId: row.tariff_id,
    completeAction: row.complete_action,
    completedAt: row.completed_at?.getTime() ?? null,
    expiresAt: row.expires_at.getTime(),
    createdAt: row.created_at.getTime(),
  };
}
