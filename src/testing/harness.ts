import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { KyselyPlugin } from 'kysely';
import { pino } from 'pino';
import { createAccount, createApiKey, type Mode } from '../core/accounts/accounts.ts';
import { Authenticator } from '../core/auth/authenticator.ts';
import { loadStartingCatalogue } from '../core/catalogue/starting.ts';
import type { CoreContext } from '../core/context.ts';
import { PricingCaches } from '../core/pricing/pricing-caches.ts';
import { TestClocks } from '../core/test-clocks/clock-cache.ts';
import { buildApp, type AppOptions } from '../http/app.ts';
import type { App } from '../http/types.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { scratchDatabase } from './scratch-database.ts';
import { migrateToLatest } from '../store/migrate.ts';

/**
 * The real app on a real database for tests: PGlite in memory, or the PostgreSQL named by
 * TEST_DATABASE_URL. One harness per test file; tests isolate themselves by account.
 * Every response is checked against the published OpenAPI document.
 */
export interface Harness {
  app: App;
  ctx: CoreContext;
  database: Database;
  authenticator: Authenticator;
  /** Milliseconds added to the real clock; tests move time with it. */
  clockOffset: number;
  adminToken: string;
  inject(request: InjectRequest): Promise<Reply>;
  close(): Promise<void>;
}

export interface InjectRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  payload?: string;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  // Tests read fields freely; the schema check has already vouched for the shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

type Operations = { pattern: RegExp; method: string; responses: Record<string, ValidateFunction> }[];

function compileOperations(document: Record<string, unknown>): Operations {
  const ajv = addFormats.default(new Ajv.default({ strict: false, allErrors: true }));
  const paths = document.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  const operations: Operations = [];
  for (const [path, methods] of Object.entries(paths)) {
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
    for (const [method, operation] of Object.entries(methods)) {
      const responses: Record<string, ValidateFunction> = {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const schema = (response as { content?: Record<string, { schema: object }> }).content?.[
          'application/json'
        ]?.schema;
        // `$ref`s point into the document's components, so they travel with each schema.
        if (schema) responses[status] = ajv.compile({ ...schema, components: document.components });
        // a declared answer in another type (an SVG logo) or without a body is checked by its status only
        else responses[status] = Object.assign(() => true, { errors: null }) as unknown as ValidateFunction;
      }
      operations.push({ pattern, method: method.toUpperCase(), responses });
    }
  }
  return operations;
}

/** How long the harness's node trusts its copy of a test clock (see clock-cache.ts). */
const HARNESS_CLOCK_FRESH_MS = 10 * 60_000;

export async function startHarness(
  options: Partial<
    Pick<
      AppOptions,
      'rateLimitPerMinute' | 'anonymousRateLimitPerMinute' | 'redis' | 'corsOrigins' | 'webhooks' | 'logger'
    >
  > & {
    /** A database of this file's own (scratch-database.ts), for subjects that work across accounts. */
    ownDatabase?: boolean;
    /** Called with the app before it is ready, to add hooks a test needs (the fuzzer's probes)
     * or another transport on the same app (the web pages). */
    configure?: (app: App, deps: { ctx: CoreContext; authenticator: Authenticator }) => void;
    /** Kysely plugins on the context's database, e.g. to count the queries a request makes. */
    plugins?: KyselyPlugin[];
    /** How long key grants stay cached (0, the default: every request reads its grant). */
    authCacheMs?: number;
  } = {},
): Promise<Harness> {
  const scratch = options.ownDatabase ? await scratchDatabase() : undefined;
  const database = await openDatabase({
    url: scratch ? scratch.url : process.env.TEST_DATABASE_URL,
    dataDir: 'memory://',
    poolSize: 4,
  });
  await migrateToLatest(database.db);
  const harness = { clockOffset: 0 } as Harness;
  const db = (options.plugins ?? []).reduce(
    (withPlugins, plugin) => withPlugins.withPlugin(plugin),
    database.db,
  );
  // the server's time is real time plus the harness's offset; test clocks run on top of it. The
  // harness is one node, which learns every clock change at once, so its copies need no refresh
  // within a test: a long freshness keeps the queries of a request the same however slow it runs.
  const clocks = new TestClocks(db, () => Date.now() + harness.clockOffset, HARNESS_CLOCK_FRESH_MS);
  const ctx: CoreContext = {
    db,
    now: clocks.now,
    clocks,
    caches: new PricingCaches(),
  };
  await loadStartingCatalogue(ctx);
  const authenticator = new Authenticator(ctx, options.authCacheMs ?? 0);
  const adminToken = 'admin-token-for-tests';
  const app = await buildApp({
    ctx,
    authenticator,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    adminToken,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    anonymousRateLimitPerMinute: options.anonymousRateLimitPerMinute ?? 100_000,
    redis: options.redis,
    corsOrigins: options.corsOrigins,
    webhooks: options.webhooks,
  });
  options.configure?.(app, { ctx, authenticator });
  await app.ready();
  const operations = compileOperations(app.swagger() as unknown as Record<string, unknown>);

  async function inject(request: InjectRequest): Promise<Reply> {
    const response = await app.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
      ...(request.body !== undefined ? { payload: request.body as object } : {}),
    });
    const type = String(response.headers['content-type'] ?? '');
    const json = type === '' || type.includes('json');
    const body = response.body === '' ? undefined : json ? JSON.parse(response.body) : response.body;
    const path = request.url.split('?')[0] ?? '';
    const operation = operations.find((op) => op.method === request.method && op.pattern.test(path));
    if (operation) {
      const validate = operation.responses[String(response.statusCode)];
      if (!validate) {
        throw new Error(
          `${request.method} ${path} answered ${response.statusCode}, which it does not declare`,
        );
      }
      if (!validate(body)) {
        throw new Error(
          `${request.method} ${path} ${response.statusCode} does not match its schema: ${JSON.stringify(validate.errors)}\n${response.body}`,
        );
      }
    }
    return { status: response.statusCode, body, headers: response.headers };
  }

  return Object.assign(harness, {
    app,
    ctx,
    database,
    authenticator,
    adminToken,
    inject,
    close: async () => {
      await app.close();
      await database.close();
      await scratch?.drop();
    },
  });
}

/** An account with one key, logged in: requests carry its bearer token. */
export interface Client {
  accountId: string;
  apiKey: string;
  keyId: string;
  token: string;
  liveMode: boolean;
  request(
    method: InjectRequest['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function login(h: Harness, accountId: string, apiKey: string): Promise<Reply> {
  return h.inject({ method: 'GET', url: '/login', headers: { authorization: basicAuth(accountId, apiKey) } });
}

export async function newClient(h: Harness, mode: Mode = 'test', accountId?: string): Promise<Client> {
  const account = accountId ?? (await createAccount(h.ctx)).id;
  const key = await createApiKey(h.ctx, account, mode);
  const reply = await login(h, account, key.key);
  if (reply.status !== 200) throw new Error(`login failed: ${JSON.stringify(reply.body)}`);
  const token = reply.body.bearer_token as string;
  return {
    accountId: account,
    apiKey: key.key,
    keyId: key.id,
    token,
    liveMode: mode === 'live',
    request: (method, url, body, headers = {}) =>
      h.inject({ method, url, body, headers: { authorization: `Bearer ${token}`, ...headers } }),
  };
}
