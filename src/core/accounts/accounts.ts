import { SERVER } from '../clock.ts';
import { createHash } from 'node:crypto';
import { newId, randomHex } from '../../lib/ids.ts';
import {
  insertAccount,
  insertApiKey,
  revokeApiKeyRow,
  selectAccountById,
  selectApiKeysOfAccount,
  selectFirstAccount,
  updateAccountRow,
} from '../../store/accounts.ts';
import type { CoreContext } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors.ts';

/**
 * Accounts and API keys: Flatpeak keeps these in its Dashboard, Offpeak in its admin surface
 * (CLI and admin HTTP API). Keys are random 128-bit secrets, so a plain SHA-256 is the right
 * hash: it makes a leaked table useless without slowing every login down.
 */
export interface Account {
  id: string;
  status: 'active' | 'disabled';
  rateLimitPerMinute: number | null;
  /** Whether Connect tokens may ask for the LOCAL direction [decision:connect-local-direction]. */
  connectLocalEnabled: boolean;
  createdAt: number;
}

export interface ApiKeySummary {
  id: string;
  accountId: string;
  liveMode: boolean;
  hint: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The secret itself; shown once and never stored. */
  key: string;
}

export type Mode = 'test' | 'live';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toAccount(row: {
  id: string;
  status: Account['status'];
  rate_limit_per_minute: number | null;
  connect_local_enabled: boolean;
  created_at: Date;
}): Account {
  return {
    id: row.id,
    status: row.status,
    rateLimitPerMinute: row.rate_limit_per_minute,
    connectLocalEnabled: row.connect_local_enabled,
    createdAt: row.created_at.getTime(),
  };
}

export async function createAccount(
  ctx: CoreContext,
  options: { rateLimitPerMinute?: number } = {},
): Promise<Account> {
  const now = ctx.now(SERVER);
  const row = {
    id: newId('acc', now),
    status: 'active' as const,
    token_secret: randomHex(32),
    rate_limit_per_minute: options.rateLimitPerMinute ?? null,
    connect_local_enabled: true,
    created_at: new Date(now),
  };
  await insertAccount(ctx.db, row);
  return toAccount(row);
}

export async function retrieveAccount(ctx: CoreContext, id: string): Promise<Account> {
  const row = await selectAccountById(ctx.db, id);
  if (!row) throw new NotFoundError('account', id);
  return toAccount(row);
}

export async function retrieveFirstAccount(ctx: CoreContext): Promise<Account | undefined> {
  const row = await selectFirstAccount(ctx.db);
  return row && toAccount(row);
}

export async function updateAccount(
  ctx: CoreContext,
  id: string,
  patch: { status?: Account['status']; rateLimitPerMinute?: number | null; connectLocalEnabled?: boolean },
): Promise<Account> {
  if (
    patch.rateLimitPerMinute !== undefined &&
    patch.rateLimitPerMinute !== null &&
    (!Number.isInteger(patch.rateLimitPerMinute) || patch.rateLimitPerMinute < 1)
  ) {
    throw new ValidationError(
      'rate_limit_per_minute_invalid',
      'rate_limit_per_minute must be a positive integer',
    );
  }
  const updated = await updateAccountRow(ctx.db, id, {
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: patch.rateLimitPerMinute } : {}),
    ...(patch.connectLocalEnabled !== undefined ? { connect_local_enabled: patch.connectLocalEnabled } : {}),
  });
  if (updated === 0) throw new NotFoundError('account', id);
  return retrieveAccount(ctx, id);
}

export async function createApiKey(ctx: CoreContext, accountId: string, mode: Mode): Promise<CreatedApiKey> {
  await retrieveAccount(ctx, accountId);
  const now = ctx.now(SERVER);
  const key = `sk_${mode}_${randomHex(16)}`;
  const record = {
    account_id: accountId,
    id: newId('key', now),
    live_mode: mode === 'live',
    key_hash: hashApiKey(key),
    key_hint: key.slice(-4),
    created_at: new Date(now),
    revoked_at: null,
  };
  await insertApiKey(ctx.db, record);
  return {
    id: record.id,
    accountId,
    liveMode: record.live_mode,
    hint: record.key_hint,
    createdAt: now,
    revokedAt: null,
    key,
  };
}

export async function listApiKeys(ctx: CoreContext, accountId: string): Promise<ApiKeySummary[]> {
  await retrieveAccount(ctx, accountId);
  const rows = await selectApiKeysOfAccount(ctx.db, accountId);
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    hint: row.key_hint,
    createdAt: row.created_at.getTime(),
    revokedAt: row.revoked_at?.getTime() ?? null,
  }));
}

/** Revokes a key; tokens it issued stop working within the auth cache lifetime on every node. */
export async function revokeApiKey(ctx: CoreContext, keyId: string): Promise<{ accountId: string }> {
  const accountId = await revokeApiKeyRow(ctx.db, keyId, new Date(ctx.now(SERVER)));
  if (accountId === undefined) throw new NotFoundError('key', keyId);
  return { accountId };
}
