import {
  deleteIdempotencyKey,
  insertIdempotencyClaim,
  reclaimIdempotencyKey,
  selectIdempotencyKey,
  updateIdempotencyResult,
} from '../../store/idempotency.ts';
import type { CoreContext, Scope } from '../context.ts';
import { ConflictError, ValidationError } from '../errors.ts';

/**
 * Stripe-style idempotency keys: the first request with a key runs and its response is kept
 * for 24 hours; a repeat with the same request replays that response, a repeat with a
 * different request is refused, and a repeat while the first still runs is a conflict.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const MAX_KEY_LENGTH = 255;

export type IdempotencyStart = { kind: 'proceed' } | { kind: 'replay'; statusCode: number; body: string };

export async function beginIdempotentRequest(
  ctx: CoreContext,
  scope: Scope,
  key: string,
  requestHash: string,
): Promise<IdempotencyStart> {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new ValidationError(
      'idempotency_key_invalid',
      `The Idempotency-Key header must be 1 to ${MAX_KEY_LENGTH} characters long`,
    );
  }
  const now = ctx.now(scope);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await insertIdempotencyClaim(ctx.db, scope, key, requestHash, new Date(now)))
      return { kind: 'proceed' };
    const existing = await selectIdempotencyKey(ctx.db, scope, key);
    if (!existing) continue; // removed between our two statements: claim again
    const expiredBefore = new Date(now - IDEMPOTENCY_TTL_MS);
    if (existing.created_at < expiredBefore) {
      if (await reclaimIdempotencyKey(ctx.db, scope, key, requestHash, expiredBefore, new Date(now))) {
        return { kind: 'proceed' };
      }
      continue;
    }
    if (existing.request_hash !== requestHash) {
      throw new ValidationError(
        'idempotency_key_reused',
        'This Idempotency-Key was used with a different request; use a new key for a new request',
      );
    }
    if (existing.state === 'running' || existing.status_code === null || existing.response_body === null) {
      throw new ConflictError(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still running; retry when it has finished',
      );
    }
    return { kind: 'replay', statusCode: existing.status_code, body: existing.response_body };
  }
  throw new ConflictError('idempotency_key_in_use', 'The Idempotency-Key is contended; retry the request');
}

export async function completeIdempotentRequest(
  ctx: CoreContext,
  scope: Scope,
  key: string,
  statusCode: number,
  body: string,
): Promise<void> {
  await updateIdempotencyResult(ctx.db, scope, key, statusCode, body);
}

/** Frees the key after a failure on our side, so that the client's retry runs again. */
export async function abandonIdempotentRequest(ctx: CoreContext, scope: Scope, key: string): Promise<void> {
  await deleteIdempotencyKey(ctx.db, scope, key);
}
