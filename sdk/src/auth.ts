import { errorFromResponse } from './errors.ts';

/** What `GET /login` answers. */
export interface BearerToken {
  bearer_token: string;
  /** Seconds the token lives. */
  expires_in: number;
  live_mode: boolean;
}

export interface TokenSourceOptions {
  baseUrl: string;
  accountId: string;
  apiKey: string;
  /** Log in again this many seconds before the token's end (default 60). */
  refreshMarginSeconds?: number;
  fetch?: typeof globalThis.fetch;
  /** The client's clock in ms (tests); the server's may differ, which the 403 retry covers. */
  now?: () => number;
}

/**
 * Bearer tokens for an account ID and API key: `GET /login` with HTTP Basic, kept until shortly
 * before they expire by the client's clock, and dropped when the server refuses one (its clock
 * may have moved on: a test clock, or skew). Concurrent callers share one login.
 */
export class TokenSource {
  readonly #options: TokenSourceOptions;
  #current: { token: string; expiresAt: number; liveMode: boolean } | undefined;
  #pending: Promise<string> | undefined;
  /** How many times this source has logged in (tests and metrics). */
  logins = 0;

  constructor(options: TokenSourceOptions) {
    this.#options = options;
  }

  get liveMode(): boolean | undefined {
    return this.#current?.liveMode;
  }

  /** A token that is not about to expire, logging in when needed. */
  async token(): Promise<string> {
    const now = (this.#options.now ?? Date.now)();
    const margin = (this.#options.refreshMarginSeconds ?? 60) * 1000;
    if (this.#current && this.#current.expiresAt - margin > now) return this.#current.token;
    this.#pending ??= this.#login().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  /** Forgets `token` (the server refused it), so the next `token()` logs in again. */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  async #login(): Promise<string> {
    const { baseUrl, accountId, apiKey } = this.#options;
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    const basic = btoa(`${accountId}:${apiKey}`);
    const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/login`, {
      headers: { authorization: `Basic ${basic}`, accept: 'application/json' },
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: reported as it came
    }
    if (!response.ok) throw errorFromResponse(response, body);
    const token = body as BearerToken;
    this.logins += 1;
    this.#current = {
      token: token.bearer_token,
      expiresAt: (this.#options.now ?? Date.now)() + token.expires_in * 1000,
      liveMode: token.live_mode,
    };
    return token.bearer_token;
  }
}
