/** Just enough of an Offpeak client to set a benchmark up through the public and admin APIs. */
export class Api {
  constructor(
    readonly baseUrl: string,
    private authorization: string,
  ) {}

  async request<T>(method: string, path: string, body?: unknown, expect = [200, 201]): Promise<T> {
    const reply = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: this.authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await reply.text();
    if (!expect.includes(reply.status))
      throw new Error(`${method} ${path} answered ${reply.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}

export interface BenchAccount {
  accountId: string;
  /** The `Authorization` header of an API client of the account (a bearer token). */
  authorization: string;
  api: Api;
}

/** Creates an account without a rate limit worth the name, a test key, and logs in with it. */
export async function createBenchAccount(baseUrl: string, adminToken: string): Promise<BenchAccount> {
  const admin = new Api(baseUrl, `Bearer ${adminToken}`);
  const account = await admin.request<{ id: string }>('POST', '/admin/accounts', {});
  await admin.request('PATCH', `/admin/accounts/${account.id}`, { rate_limit_per_minute: 100_000_000 });
  const { key } = await admin.request<{ key: string }>('POST', `/admin/accounts/${account.id}/keys`, {
    mode: 'test',
  });
  const basic = `Basic ${Buffer.from(`${account.id}:${key}`).toString('base64')}`;
  const login = await new Api(baseUrl, basic).request<{ bearer_token: string }>('GET', '/login');
  const authorization = `Bearer ${login.bearer_token}`;
  return { accountId: account.id, authorization, api: new Api(baseUrl, authorization) };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function inParallel(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
