import { wallNow } from '../clock.ts';
import { refreshClock } from '../test-clocks/clock-cache.ts';
import { selectApiKeyByHash, selectKeyGrant, type KeyGrant } from '../../store/accounts.ts';
import { hashApiKey } from '../accounts/accounts.ts';
import type { CoreContext, Scope } from '../context.ts';
import { AccessDeniedError, AccountDisabledError } from '../errors.ts';
import {
  peekExpiry,
  peekToken,
  signToken,
  TOKEN_LIFETIME_SECONDS,
  verifyToken,
  type TokenClaims,
} from './tokens.ts';

/** Who is calling, once a token has been verified. */
export interface Principal extends Scope {
  keyId: string;
  /** The account's own limit, or null for the server default. */
  rateLimitPerMinute: number | null;
}

export interface LoginResult {
  bearerToken: string;
  expiresIn: number;
  liveMode: boolean;
}

const ACCOUNT_ID = /^acc_[0-9a-f]{24,32}$/;
const API_KEY = /^sk_(test|live)_[0-9A-Za-z]{8,128}$/;

/**
 * Turns credentials into a Principal. Key grants are cached for `cacheMs` so that a request
 * does not always cost a database round trip; revoking a key or disabling an account takes
 * effect at once on the node that did it (`forget`) and within `cacheMs` on the others.
 */
export class Authenticator {
  readonly #grants = new Map<string, { grant: KeyGrant | undefined; expires: number }>();
  /** Tokens whose signature has been checked, with their claims and expiry: a signature never
   * needs checking twice, nor a known token decoding again. */
  readonly #verified = new Map<string, { claims: TokenClaims; expires: number }>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly cacheMs: number,
  ) {}

  async login(accountId: string, apiKey: string): Promise<LoginResult> {
    if (!ACCOUNT_ID.test(accountId) || !API_KEY.test(apiKey)) throw new AccessDeniedError();
    const key = await selectApiKeyByHash(this.ctx.db, hashApiKey(apiKey));
    if (!key || key.account_id !== accountId || key.revoked_at !== null) throw new AccessDeniedError();
    const grant = await this.#grant(accountId, key.id);
    if (!grant || grant.revoked) throw new AccessDeniedError();
    // the token's expiry follows the test clock of a test key [decision:test-clocks]
    const stale = refreshClock(this.ctx, { accountId, liveMode: key.live_mode });
    if (stale) await stale;
    if (grant.status !== 'active') throw new AccountDisabledError();
    const bearerToken = await signToken(
      { accountId, liveMode: key.live_mode, keyId: key.id },
      grant.token_secret,
      this.ctx.now({ accountId, liveMode: key.live_mode }),
    );
    return { bearerToken, expiresIn: TOKEN_LIFETIME_SECONDS, liveMode: key.live_mode };
  }

  async authenticate(token: string): Promise<Principal> {
    const claims = this.#verified.get(token)?.claims ?? peekToken(token);
    if (!claims) throw new AccessDeniedError();
    const grant = await this.#grant(claims.accountId, claims.keyId);
    if (!grant || grant.revoked || grant.live_mode !== claims.liveMode) throw new AccessDeniedError();
    // a test-mode request reads its account's test clock, refreshed on this node when stale (no
    // query, and no await, on the requests in between) [decision:test-clocks]
    const stale = refreshClock(this.ctx, claims);
    if (stale) await stale;
    if (
      !(await this.#verify(
        token,
        claims,
        grant.token_secret,
        this.ctx.now({ accountId: claims.accountId, liveMode: claims.liveMode }),
      ))
    )
      throw new AccessDeniedError();
    if (grant.status !== 'active') throw new AccountDisabledError();
    return principalOf(grant);
  }

  /**
   * The principal of a token this node has verified before, when all `authenticate` needs is
   * cached and fresh (the key's grant, the test clock, the token's expiry): no query and no
   * promise. Undefined sends the caller to `authenticate`, which also answers a failing token
   * with its exact error. The checks are `authenticate`'s own, in its order.
   */
  authenticateCached(token: string): Principal | undefined {
    const known = this.#verified.get(token);
    if (known === undefined) return undefined;
    const { claims } = known;
    const cached = this.#grants.get(`${claims.accountId}/${claims.keyId}`);
    if (cached === undefined || !(cached.expires > wallNow())) return undefined;
    const { grant } = cached;
    if (!grant || grant.revoked || grant.live_mode !== claims.liveMode || grant.status !== 'active')
      return undefined;
    if (refreshClock(this.ctx, claims)) return undefined;
    const now = this.ctx.now({ accountId: claims.accountId, liveMode: claims.liveMode });
    if (!(known.expires > now)) return undefined;
    return principalOf(grant);
  }

  /** Drops cached grants of an account after an admin change made on this node. */
  forget(accountId: string): void {
    for (const cacheKey of this.#grants.keys()) {
      if (cacheKey.startsWith(`${accountId}/`)) this.#grants.delete(cacheKey);
    }
  }

  async #verify(token: string, claims: TokenClaims, secret: string, now: number): Promise<boolean> {
    const known = this.#verified.get(token);
    if (known !== undefined && known.expires > now) return true;
    if (!(await verifyToken(token, secret, now))) return false;
    if (this.#verified.size > 10_000) this.#verified.clear();
    this.#verified.set(token, { claims, expires: (peekExpiry(token) ?? 0) * 1000 });
    return true;
  }

  async #grant(accountId: string, keyId: string): Promise<KeyGrant | undefined> {
    const cacheKey = `${accountId}/${keyId}`;
    const now = wallNow(); // a cache lifetime, not behaviour of the account
    const cached = this.#grants.get(cacheKey);
    if (cached && cached.expires > now) return cached.grant;
    const grant = await selectKeyGrant(this.ctx.db, accountId, keyId);
    if (this.cacheMs > 0) {
      if (this.#grants.size > 10_000) this.#grants.clear();
      this.#grants.set(cacheKey, { grant, expires: now + this.cacheMs });
    }
    return grant;
  }
}

/** The principal a request runs as, from its key's grant. */
function principalOf(grant: KeyGrant): Principal {
  return {
    accountId: grant.account_id,
    liveMode: grant.live_mode,
    keyId: grant.key_id,
    rateLimitPerMinute: grant.rate_limit_per_minute,
  };
}
