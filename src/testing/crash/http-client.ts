/** A request's end: an answer read in full, or none (the connection broke, the server died). */
export type Answer =
  { answered: true; status: number; body: unknown; replayed: boolean } | { answered: false; error: string };

/** Longest wait for one answer; a live server answers these requests in milliseconds. */
const TIMEOUT_MS = 30_000;

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
}

/** The Offpeak HTTP API over real sockets, with one `Authorization` header. */
export class ApiSession {
  constructor(
    readonly baseUrl: string,
    readonly authorization: string,
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { authorization: this.authorization };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    try {
      const reply = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      // an answer counts once its body has arrived whole: a status line alone acknowledges nothing
      const text = await reply.text();
      return {
        answered: true,
        status: reply.status,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
        replayed: reply.headers.get('idempotent-replayed') === 'true',
      };
    } catch (error) {
      return { answered: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** A request that must succeed (set-up and verification): throws on anything but `expect`. */
  async expect<T>(method: string, path: string, expect: number[], options: RequestOptions = {}): Promise<T> {
    const answer = await this.request(method, path, options);
    if (!answer.answered) throw new Error(`${method} ${path} got no answer: ${answer.error}`);
    if (!expect.includes(answer.status)) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body as T;
  }
}

export const basicAuthorization = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Logs in with an API key; the session carries the bearer token. */
export async function logIn(baseUrl: string, accountId: string, apiKey: string): Promise<ApiSession> {
  const login = new ApiSession(baseUrl, basicAuthorization(accountId, apiKey));
  const { bearer_token } = await login.expect<{ bearer_token: string }>('GET', '/login', [200]);
  return new ApiSession(baseUrl, `Bearer ${bearer_token}`);
}
