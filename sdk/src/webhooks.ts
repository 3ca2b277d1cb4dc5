import type { paths } from './generated/openapi.ts';

/** A webhook's body: the Event, as `GET /events/{id}` renders it. */
export type WebhookEvent = paths['/events/{id}']['get']['responses'][200]['content']['application/json'];

/** Request headers as Node (`req.headers`), fetch (`Headers`) or a plain record gives them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface WebhookVerifierOptions {
  /** The server's address: the keys are read from `{baseUrl}/jwks.json`. */
  baseUrl?: string;
  /** Or the JWKS address itself. */
  jwksUrl?: string;
  /** Largest accepted distance between `Flatpeak-Timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** How long fetched keys are kept before they are fetched again, in seconds (default 300). */
  cacheSeconds?: number;
  /** An unknown key ID fetches the JWKS again, at most this often, in seconds (default 10). */
  refetchIntervalSeconds?: number;
  fetch?: typeof globalThis.fetch;
  /** The receiver's clock in ms (tests). */
  now?: () => number;
}

export type WebhookFailure =
  | 'signature_missing'
  | 'signature_malformed'
  | 'timestamp_invalid'
  | 'timestamp_out_of_tolerance'
  | 'key_unknown'
  | 'signature_invalid';

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly reason: WebhookFailure,
    message: string,
  ) {
    super(message);
  }
}

interface Jwk {
  kid: string;
  kty: string;
  n: string;
  e: string;
  alg?: string;
}

/** WebCrypto's key type, named without the DOM library. */
type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const SIGNATURE = /^v1=([A-Za-z0-9_-]+)$/;

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Checks Offpeak's (Flatpeak's) webhook signatures: `Flatpeak-Signature: v1=<base64url>` is
 * PS256 (RSA-PSS, SHA-256, MGF1-SHA-256, salt 32) over `{Flatpeak-Timestamp}.{raw body}`, made
 * with the key `Flatpeak-Key-ID` names in the server's `/jwks.json`. Keys are cached; a key ID
 * not in the cache fetches the JWKS again (keys rotate). Uses WebCrypto, so it runs on Node,
 * Deno, Bun and in workers alike.
 */
export class WebhookVerifier {
  readonly #jwksUrl: string;
  readonly #options: WebhookVerifierOptions;
  #keys = new Map<string, WebCryptoKey>();
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<void> | undefined;
  /** How many times the JWKS was fetched (tests and metrics). */
  fetches = 0;

  constructor(options: WebhookVerifierOptions) {
    const jwksUrl =
      options.jwksUrl ?? (options.baseUrl ? `${options.baseUrl.replace(/\/+$/, '')}/jwks.json` : undefined);
    if (!jwksUrl) throw new TypeError('WebhookVerifier needs baseUrl or jwksUrl');
    this.#jwksUrl = jwksUrl;
    this.#options = options;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /**
   * Verifies a delivery and returns its event. `rawBody` must be the body exactly as received
   * (before any JSON parsing). Throws `WebhookVerificationError` when it does not verify.
   */
  async verify(headers: WebhookHeaders, rawBody: string | Uint8Array): Promise<WebhookEvent> {
    const signatureHeader = header(headers, 'flatpeak-signature');
    const timestamp = header(headers, 'flatpeak-timestamp');
    const kid = header(headers, 'flatpeak-key-id');
    if (!signatureHeader || !timestamp || !kid) {
      throw new WebhookVerificationError(
        'signature_missing',
        'Flatpeak-Signature, Flatpeak-Timestamp and Flatpeak-Key-ID are required',
      );
    }
    const signature = SIGNATURE.exec(signatureHeader)?.[1];
    if (!signature)
      throw new WebhookVerificationError('signature_malformed', 'Flatpeak-Signature is not v1=<base64url>');
    if (!/^\d{1,12}$/.test(timestamp)) {
      throw new WebhookVerificationError('timestamp_invalid', 'Flatpeak-Timestamp is not Unix seconds');
    }
    const tolerance = this.#options.toleranceSeconds ?? 300;
    if (Math.abs(this.#now() / 1000 - Number(timestamp)) > tolerance) {
      throw new WebhookVerificationError(
        'timestamp_out_of_tolerance',
        `Flatpeak-Timestamp is more than ${tolerance} s from now`,
      );
    }
    const key = await this.#key(kid);
    if (!key) throw new WebhookVerificationError('key_unknown', `no key ${kid} in ${this.#jwksUrl}`);

    const body = typeof rawBody === 'string' ? new TextEncoder().encode(rawBody) : rawBody;
    const prefix = new TextEncoder().encode(`${timestamp}.`);
    const signed = new Uint8Array(prefix.length + body.length);
    signed.set(prefix, 0);
    signed.set(body, prefix.length);
    const ok = await crypto.subtle.verify(
      { name: 'RSA-PSS', saltLength: 32 },
      key,
      fromBase64Url(signature),
      signed,
    );
    if (!ok) throw new WebhookVerificationError('signature_invalid', 'the signature does not match the body');
    return JSON.parse(new TextDecoder().decode(body)) as WebhookEvent;
  }

  /** The key `kid`: from the cache while it is fresh, else from a new fetch of the JWKS. */
  async #key(kid: string): Promise<WebCryptoKey | undefined> {
    const now = this.#now();
    const age = now - this.#fetchedAt;
    const stale = age > (this.#options.cacheSeconds ?? 300) * 1000;
    const unknown = !this.#keys.has(kid) && age > (this.#options.refetchIntervalSeconds ?? 10) * 1000;
    if (stale || unknown) {
      this.#pending ??= this.#fetch().finally(() => (this.#pending = undefined));
      await this.#pending;
    }
    return this.#keys.get(kid);
  }

  async #fetch(): Promise<void> {
    const response = await (this.#options.fetch ?? globalThis.fetch)(this.#jwksUrl);
    if (!response.ok) throw new Error(`GET ${this.#jwksUrl} answered ${response.status}`);
    const { keys } = (await response.json()) as { keys: Jwk[] };
    const imported = new Map<string, WebCryptoKey>();
    for (const jwk of keys) {
      if (jwk.kty !== 'RSA' || (jwk.alg !== undefined && jwk.alg !== 'PS256')) continue;
      imported.set(
        jwk.kid,
        await crypto.subtle.importKey(
          'jwk',
          { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'PS256', ext: true },
          { name: 'RSA-PSS', hash: 'SHA-256' },
          false,
          ['verify'],
        ),
      );
    }
    this.fetches += 1;
    this.#keys = imported;
    this.#fetchedAt = this.#now();
  }
}
