// The token as a session step sees it: its scope, what it was created with, the session state and
// its version, read by ID alone (the token authorises the step).
import type { Db } from '../../../store/database.ts';
import { updateTokenSession, updateTokenTariff } from '../../../store/connect-sessions.ts';
import { selectConnectTokenById } from '../../../store/connect-tokens.ts';
import { fromRow, type ConnectToken } from '../tokens.ts';
import type { Scope } from '../../context.ts';
import type { SessionState, SessionTokenRequest } from './types.ts';

export interface SessionToken {
  id: string;
  scope: Scope;
  liveMode: boolean;
  request: SessionTokenRequest;
  session: SessionState | null;
  version: number;
  completedAt: number | null;
  expiresAt: number;
}

/** What completing sets on the token. */
export interface SessionTokenCompletion {
  action: 'SAVE' | 'DISCONNECT';
  customerId: string | null;
  locationId: string | null;
  tariffId: string | null;
  now: number;
}

const DEFAULT_REQUEST: Pick<SessionTokenRequest, 'direction' | 'type' | 'actions' | 'route_options'> = {
  direction: 'IMPORT',
  type: 'COMMODITY',
  actions: { disconnect_tariff: false, edit_tariff: false },
  route_options: { advanced_tariff_capture: false, tariff_name_capture: false, contract_term_capture: false },
};

const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

export async function loadSessionToken(db: Db, id: string): Promise<SessionToken | undefined> {
  const row = await selectConnectTokenById(db, id);
  if (!row) return undefined;
  const request = (parsed(row.request) ?? {}) as Partial<SessionTokenRequest>;
  return {
    id: row.id,
    scope: { accountId: row.account_id, liveMode: row.live_mode },
    liveMode: row.live_mode,
    request: {
      ...DEFAULT_REQUEST,
      ...request,
      actions: { ...DEFAULT_REQUEST.actions, ...request.actions },
      route_options: { ...DEFAULT_REQUEST.route_options, ...request.route_options },
    } as SessionTokenRequest,
    session: (parsed(row.session) ?? null) as SessionState | null,
    version: row.session_version,
    completedAt: row.completed_at ? row.completed_at.getTime() : null,
    expiresAt: row.expires_at.getTime(),
  };
}

/** Compare-and-set of the session state (and, when completing, what completing sets). */
export async function writeSession(
  db: Db,
  token: SessionToken,
  state: SessionState,
  completion: SessionTokenCompletion | null,
): Promise<boolean> {
  return updateTokenSession(db, token.id, token.version, {
    session: JSON.stringify(state),
    ...(completion
      ? {
          customer_id: completion.customerId,
          location_id: completion.locationId,
          tariff_id: completion.tariffId,
          complete_action: completion.action,
          completed_at: new Date(completion.now),
        }
      : {}),
  });
}

export async function setTokenTariffIn(db: Db, tokenId: string, tariffId: string): Promise<void> {
  await updateTokenTariff(db, tokenId, tariffId);
}

/** The completed token, for the `connect_session.complete` event's data. */
export async function completedTokenIn(db: Db, id: string): Promise<ConnectToken> {
  const row = await selectConnectTokenById(db, id);
  if (!row) throw new Error(`connect token ${id} vanished while completing`);
  return fromRow(row);
}
