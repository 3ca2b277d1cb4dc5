import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';

/**
 * Bearer tokens are HS256 JWTs signed with a secret of the account, carrying the claims of
 * Flatpeak's documented example (account_id, live_mode, iss, sub, exp, nbf, iat) and the API
 * key's ID as `kid`. Any node that shares the database can verify them without a session store.
 */
export const TOKEN_LIFETIME_SECONDS = 3600;
const ISSUER = 'FlatPeakAPI';

export interface TokenClaims {
  accountId: string;
  liveMode: boolean;
  keyId: string;
}

export async function signToken(claims: TokenClaims, secret: string, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ account_id: claims.accountId, live_mode: claims.liveMode })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: claims.keyId })
    .setIssuer(ISSUER)
    .setSubject(claims.accountId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + TOKEN_LIFETIME_SECONDS)
    .sign(new TextEncoder().encode(secret));
}

/** Reads the claims without checking the signature: only to find the key that must verify it. */
export function peekToken(token: string): TokenClaims | undefined {
  try {
    const header = decodeProtectedHeader(token);
    const payload = decodeJwt(token);
    if (
      header.alg !== 'HS256' ||
      typeof header.kid !== 'string' ||
      typeof payload.account_id !== 'string' ||
      typeof payload.live_mode !== 'boolean'
    ) {
      return undefined;
    }
    return { accountId: payload.account_id, liveMode: payload.live_mode, keyId: header.kid };
  } catch {
    return undefined;
  }
}

export async function verifyToken(token: string, secret: string, nowMs: number): Promise<boolean> {
  try {
    await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      currentDate: new Date(nowMs),
    });
    return true;
  } catch {
    return false;
  }
}

/** The `exp` claim in seconds, read without verification; only for tokens already verified. */
export function peekExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
