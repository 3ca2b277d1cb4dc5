import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPair,
  hkdfSync,
  randomBytes,
  sign,
  constants,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { newId } from '../../lib/ids.ts';
import {
  insertActiveSigningKey,
  retireActiveSigningKey,
  selectActiveSigningKey,
  selectSigningKeys,
  type WebhookSigningKeyRecord,
} from '../../store/webhooks.ts';
import { SERVER, wallNow } from '../clock.ts';
import type { CoreContext } from '../context.ts';
import { ConflictError } from '../errors.ts';

/** How often a rotation that lost a race with another one tries again before answering 409. */
const ROTATION_ATTEMPTS = 5;
import type { WebhookSettings } from './settings.ts';

// One RSA-2048 signing key per mode for the whole server, published in one JWKS. The private
// key is stored as PKCS8 PEM, encrypted with AES-256-GCM under a key derived from
// OFFPEAK_SECRET_KEY when that is set; it never leaves this module in clear
// [decision:webhook-signing-keys].

const generate = promisify(generateKeyPair);
const ENCRYPTED = 'aes-256-gcm:';

export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'PS256';
  use: 'sig';
}

export interface SigningKeySummary {
  id: string;
  liveMode: boolean;
  status: 'active' | 'retired';
  createdAt: number;
  retiredAt: number | null;
  expiresAt: number | null;
}

export class SecretKeyNeededError extends Error {
  constructor() {
    super(
      'The webhook signing keys are encrypted: set OFFPEAK_SECRET_KEY to the value they were stored with',
    );
  }
}

function wrappingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'offpeak', 'webhook-signing-key', 32));
}

function sealPrivateKey(pem: string, kid: string, secret: string | undefined): string {
  if (!secret) return pem;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(secret), iv);
  cipher.setAAD(Buffer.from(kid));
  const body = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return `${ENCRYPTED}${[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join(':')}`;
}

function openPrivateKey(stored: string, kid: string, secret: string | undefined): KeyObject {
  if (!stored.startsWith(ENCRYPTED)) return createPrivateKey(stored);
  if (!secret) throw new SecretKeyNeededError();
  const [iv, tag, body] = stored
    .slice(ENCRYPTED.length)
    .split(':')
    .map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) throw new SecretKeyNeededError();
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey(secret), iv);
  decipher.setAAD(Buffer.from(kid));
  decipher.setAuthTag(tag);
  try {
    return createPrivateKey(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
  } catch {
    throw new SecretKeyNeededError();
  }
}

async function newKeyRecord(liveMode: boolean, now: number, secret: string | undefined) {
  const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const kid = newId('wsk', now).replace('wsk_', liveMode ? 'wsk_live_' : 'wsk_test_');
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const record: WebhookSigningKeyRecord = {
    id: kid,
    live_mode: liveMode,
    status: 'active',
    public_jwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'PS256', use: 'sig' },
    private_key: sealPrivateKey(pem, kid, secret),
    created_at: new Date(now),
    retired_at: null,
    expires_at: null,
  };
  return record;
}

/** The signer of a mode: its key ID and a function that signs bytes with PS256. */
export interface Signer {
  kid: string;
  sign(data: Buffer): Buffer;
}

/** How long a node trusts its cached active key before looking again (another node may rotate). */
const ACTIVE_KEY_TTL_MS = 5000;
const signers = new Map<boolean, { signer: Signer; until: number }>();

function signerOf(record: WebhookSigningKeyRecord, settings: WebhookSettings): Signer {
  const key = openPrivateKey(record.private_key, record.id, settings.secretKey);
  return {
    kid: record.id,
    sign: (data) => sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
  };
}

/**
 * The active key of a mode, created when the mode has none. Safe across nodes: the unique index
 * on the active key lets one insert win; the others read the winner's key.
 */
async function activeKey(
  ctx: CoreContext,
  settings: WebhookSettings,
  liveMode: boolean,
): Promise<WebhookSigningKeyRecord> {
  const existing = await selectActiveSigningKey(ctx.db, liveMode);
  if (existing) return existing;
  await insertActiveSigningKey(ctx.db, await newKeyRecord(liveMode, ctx.now(SERVER), settings.secretKey));
  const created = await selectActiveSigningKey(ctx.db, liveMode);
  if (!created) throw new Error('no active webhook signing key after creating one');
  return created;
}

/** Creates each mode's signing key if it has none (at start-up). */
export async function ensureSigningKeys(ctx: CoreContext, settings: WebhookSettings): Promise<void> {
  // both at once: key generation runs on libuv's threads, and the unique index settles races
  await Promise.all([activeKey(ctx, settings, false), activeKey(ctx, settings, true)]);
}

export async function signerFor(
  ctx: CoreContext,
  settings: WebhookSettings,
  liveMode: boolean,
): Promise<Signer> {
  const cached = signers.get(liveMode);
  const wall = wallNow();
  if (cached && cached.until > wall) return cached.signer;
  const record = await activeKey(ctx, settings, liveMode);
  const signer = cached?.signer.kid === record.id ? cached.signer : signerOf(record, settings);
  signers.set(liveMode, { signer, until: wall + ACTIVE_KEY_TTL_MS });
  return signer;
}

/** The public keys receivers verify with: both modes' active keys and retired keys within grace. */
export async function retrieveJwks(
  ctx: CoreContext,
  settings: WebhookSettings,
): Promise<{ keys: PublicJwk[] }> {
  await ensureSigningKeys(ctx, settings);
  const rows = await selectSigningKeys(ctx.db, new Date(ctx.now(SERVER)));
  return { keys: rows.map((row) => row.public_jwk as unknown as PublicJwk) };
}

export async function listSigningKeys(
  ctx: CoreContext,
  settings: WebhookSettings,
): Promise<SigningKeySummary[]> {
  await ensureSigningKeys(ctx, settings);
  const rows = await selectSigningKeys(ctx.db, new Date(ctx.now(SERVER)));
  return rows.map(toSummary);
}

function toSummary(row: WebhookSigningKeyRecord): SigningKeySummary {
  return {
    id: row.id,
    liveMode: row.live_mode,
    status: row.status,
    createdAt: row.created_at.getTime(),
    retiredAt: row.retired_at?.getTime() ?? null,
    expiresAt: row.expires_at?.getTime() ?? null,
  };
}

/**
 * Rotates a mode's signing key: the new key signs from now on; the old one stays in the JWKS
 * for the grace period. Returns the new key.
 */
export async function rotateSigningKey(
  ctx: CoreContext,
  settings: WebhookSettings,
  mode: 'test' | 'live',
): Promise<SigningKeySummary> {
  const liveMode = mode === 'live';
  const now = ctx.now(SERVER);
  const record = await newKeyRecord(liveMode, now, settings.secretKey);
  // Two rotations at once: the one that commits second finds the other's new key still active
  // only in a later statement, so it tries again in a fresh transaction, retiring that key too.
  for (let attempt = 1; ; attempt += 1) {
    const inserted = await ctx.db.transaction().execute(async (trx) => {
      await retireActiveSigningKey(trx, liveMode, new Date(now), new Date(now + settings.keyGraceMs));
      return insertActiveSigningKey(trx, record);
    });
    if (inserted) break;
    if (attempt === ROTATION_ATTEMPTS) {
      throw new ConflictError(
        'signing_key_rotation_conflict',
        'Other rotations of this signing key are running; try again',
      );
    }
  }
  signers.delete(liveMode);
  return toSummary(record);
}
