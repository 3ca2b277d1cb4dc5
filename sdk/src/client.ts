import createClient, {
  type Client,
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import { TokenSource } from './auth.ts';
import { errorFromResponse } from './errors.ts';
import type { paths } from './generated/openapi.ts';

export type { paths, components, operations } from './generated/openapi.ts';

/** The raw openapi-fetch client over the generated paths: `{ data, error, response }` answers. */
export type ApiClient = Client<paths>;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Media = `${string}/${string}`;

/** The paths that have `method`. */
export type PathsWith<M extends Method> = ClientPathsWithMethod<ApiClient, M>;

/** The success body of `method path`. */
export type ResponseOf<P extends keyof paths, M extends Method> = NonNullable<
  FetchResponse<paths[P][M] & Record<string | number, unknown>, object, Media>['data']
>;

/** The request options of `method path` (params, body, headers…), as openapi-fetch takes them. */
export type RequestOf<P extends keyof paths, M extends Method> = MaybeOptionalInit<paths[P], M>;

/** What every call takes besides the operation's own params and body. */
export interface CallOptions {
  /** Sent as `Idempotency-Key` (POST, PUT, PATCH): a retry with the same key and body is answered once. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** The init argument: optional when the operation needs nothing (no required params or body). */
type InitArgs<I> = [RequiredKeys<I>] extends [never] ? [init?: I & CallOptions] : [init: I & CallOptions];

type CallMethod<M extends Method> = <P extends PathsWith<M>>(
  path: P,
  ...init: InitArgs<NonNullable<RequestOf<P, M>>>
) => Promise<ResponseOf<P, M>>;

/** The paths whose GET answers a Flatpeak list (`{ object: 'list', has_more, data: [...] }`). */
export type ListPath = {
  [P in PathsWith<'get'>]: ResponseOf<P, 'get'> extends { object: 'list'; has_more: boolean; data: unknown[] }
    ? P
    : never;
}[PathsWith<'get'>];

/** One item of the list at `path`. */
export type ListItem<P extends ListPath> = ResponseOf<P, 'get'> extends { data: (infer I)[] } ? I : never;

export type OffpeakClientOptions = {
  /** The server's address, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** Log in again this many seconds before the token's end (default 60). */
  refreshMarginSeconds?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /** The client's clock in ms, for token expiry (tests). */
  now?: () => number;
} & (
  | {
      /** The account ID (`acc_…`) and an API key (`sk_test_…` / `sk_live_…`): logged in for you. */
      accountId: string;
      apiKey: string;
      bearerToken?: never;
    }
  | {
      /** A fixed bearer token (for example the admin token for `/admin/…`): never refreshed. */
      bearerToken: string;
      accountId?: never;
      apiKey?: never;
    }
);

/**
 * A typed Offpeak client. `get`/`post`/`put`/`patch`/`delete` return the success body and
 * throw `FlatpeakError` for an error response; `list` walks every page of a list; `api` is the
 * underlying openapi-fetch client for anything else.
 */
export class OffpeakClient {
  /** The raw client: typed `{ data, error, response }`, authenticated the same way. */
  readonly api: ApiClient;
  /** The token source when the client logs in with a key (absent with a fixed bearer token). */
  readonly tokens: TokenSource | undefined;
  readonly baseUrl: string;

  readonly get: CallMethod<'get'>;
  readonly post: CallMethod<'post'>;
  readonly put: CallMethod<'put'>;
  readonly patch: CallMethod<'patch'>;
  readonly delete: CallMethod<'delete'>;

  constructor(options: OffpeakClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    this.tokens =
      options.accountId !== undefined
        ? new TokenSource({
            baseUrl: this.baseUrl,
            accountId: options.accountId,
            apiKey: options.apiKey,
            refreshMarginSeconds: options.refreshMarginSeconds,
            fetch: fetchImpl,
            now: options.now,
          })
        : undefined;
    const fixed = options.bearerToken;
    const tokens = this.tokens;

    // Every request gets a bearer token; a 403 on a token we logged in for means the server
    // no longer takes it (expired by its clock), so log in once more and send the request again
    // [decision:sdk-token-refresh].
    const authenticatedFetch = async (request: Request): Promise<Response> => {
      if (!tokens) {
        if (fixed !== undefined) request.headers.set('authorization', `Bearer ${fixed}`);
        return fetchImpl(request);
      }
      const retry = request.clone();
      const token = await tokens.token();
      request.headers.set('authorization', `Bearer ${token}`);
      const response = await fetchImpl(request);
      if (response.status !== 403) return response;
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { code?: string } | undefined;
      if (body?.code !== 'access_denied') return response;
      tokens.invalidate(token);
      retry.headers.set('authorization', `Bearer ${await tokens.token()}`);
      return fetchImpl(retry);
    };

    this.api = createClient<paths>({ baseUrl: this.baseUrl, fetch: authenticatedFetch });

    const call =
      (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') =>
      async (path: string, init: Record<string, unknown> & CallOptions = {}) => {
        const { idempotencyKey, headers, ...rest } = init;
        const merged: Record<string, string> = { ...headers };
        if (idempotencyKey !== undefined) merged['idempotency-key'] = idempotencyKey;
        const request = this.api.request as unknown as (
          method: string,
          path: string,
          init: Record<string, unknown>,
        ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
        const { data, error, response } = await request(method.toLowerCase(), path, {
          ...rest,
          headers: merged,
        });
        if (!response.ok) throw errorFromResponse(response, error);
        return data;
      };
    this.get = call('GET') as CallMethod<'get'>;
    this.post = call('POST') as CallMethod<'post'>;
    this.put = call('PUT') as CallMethod<'put'>;
    this.patch = call('PATCH') as CallMethod<'patch'>;
    this.delete = call('DELETE') as CallMethod<'delete'>;
  }

  /**
   * Every item of a list, page after page (`limit` per request, then `starting_after` the last
   * item's ID while `has_more`). Other query parameters (filters) are kept on every page.
   */
  async *list<P extends ListPath>(
    path: P,
    ...init: InitArgs<NonNullable<RequestOf<P, 'get'>>>
  ): AsyncGenerator<ListItem<P>, void, undefined> {
    const options = (init[0] ?? {}) as { params?: { query?: Record<string, unknown> } } & CallOptions;
    const get = this.get as unknown as (
      path: string,
      init: object,
    ) => Promise<{ has_more: boolean; data: { id: string }[] }>;
    let startingAfter = options.params?.query?.starting_after as string | undefined;
    for (;;) {
      const page = await get(path, {
        ...options,
        params: {
          ...options.params,
          query: {
            ...options.params?.query,
            ...(startingAfter !== undefined ? { starting_after: startingAfter } : {}),
          },
        },
      });
      for (const item of page.data) yield item as ListItem<P>;
      const last = page.data.at(-1);
      if (!page.has_more || !last) return;
      startingAfter = last.id;
    }
  }
}

/** A fresh idempotency key (a random UUID). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
