import { percentEncode } from './encode.ts';
import type { ApiDescription, AuthMode } from './openapi.ts';
import { KeepAliveClient } from './raw-http.ts';

/**
 * What the fuzzer's requests name: accounts, keys and tokens, the objects of the fuzzing scope,
 * objects of other scopes, and a request that worked for each operation the seeding called.
 * Everything is made over HTTP, through the API and its admin surface.
 */
export interface IdBook {
  /** An object of the calling scope for each ID prefix: what a valid request names. */
  own: Map<string, string>;
  /** Objects a DELETE may consume, by prefix; once they are gone, deletes name unknown IDs. */
  victims: Map<string, string[]>;
  /** IDs the calling scope cannot reach: another account's, the other mode's. */
  foreign: string[];
}

export interface Template {
  query: [string, string][];
  body: unknown;
  contentType?: string;
}

export interface Seeds {
  adminToken: string;
  /** The fuzzing account's test key, for Basic logins. */
  accountId: string;
  apiKey: string;
  tokens: {
    valid: string;
    /** Signed by the account's secret, but past its expiry; absent when the clock cannot move. */
    expired?: string;
    /** Of a key revoked since. */
    revoked: string;
    /** The live key of the same account. */
    live: string;
  };
  books: Record<AuthMode, IdBook>;
  /** A request each operation answered with 2xx during seeding, by operation ID. */
  templates: Map<string, Template>;
}

const ID = /^([a-z]{3})_[0-9a-f]{24,32}$/;
/** The session reference the meter records carry: the documented example of a session path ID. */
export const SESSION_REFERENCE = 'SESSION1234567890';

function collectIds(value: unknown, into: Map<string, string>, all: string[]): void {
  if (typeof value === 'string') {
    const prefix = ID.exec(value)?.[1];
    if (prefix) {
      if (!into.has(prefix)) into.set(prefix, value);
      all.push(value);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collectIds(item, into, all);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectIds(item, into, all);
  }
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface SeedOptions {
  port: number;
  adminToken: string;
  /** Moves the server's clock, to log in "in the past" for an expired token. */
  setClockOffset?: (ms: number) => void;
}

export async function seed(api: ApiDescription, options: SeedOptions): Promise<Seeds> {
  const client = new KeepAliveClient(options.port);
  const templates = new Map<string, Template>();
  const patterns = api.operations.map((op) => ({
    op,
    pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

  // Seeding reads the fields of its answers freely; a wrong shape fails the seeding loudly.
  async function call(
    method: string,
    path: string,
    authorization: string,
    body?: unknown,
    query: [string, string][] = [],
    contentType = 'application/json',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<any> {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const target = query.length
      ? `${path}?${query.map(([k, v]) => `${k}=${percentEncode(v)}`).join('&')}`
      : path;
    const headers: [string, string][] = [['Authorization', authorization]];
    if (text !== undefined) headers.push(['Content-Type', contentType]);
    const exchange = await client.send(
      { method, target, headers, body: text === undefined ? undefined : Buffer.from(text) },
      30_000,
    );
    if (exchange.kind !== 'response') throw new Error(`seeding ${method} ${path}: ${exchange.kind}`);
    const { status } = exchange.response;
    const parsed = JSON.parse(exchange.response.body.toString('utf8') || 'null');
    if (status >= 300) throw new Error(`seeding ${method} ${path}: ${status} ${JSON.stringify(parsed)}`);
    const op = patterns.find((p) => p.op.method === method && p.pattern.test(path))?.op;
    if (op && !templates.has(op.id)) templates.set(op.id, { query, body, contentType });
    return parsed;
  }

  const admin = `Bearer ${options.adminToken}`;
  const newAccount = async () => (await call('POST', '/admin/accounts', admin, {})).id as string;
  const newKey = async (account: string, mode: 'test' | 'live') =>
    (await call('POST', `/admin/accounts/${account}/keys`, admin, { mode })) as { id: string; key: string };
  const login = async (account: string, key: string) =>
    `Bearer ${(await call('GET', '/login', basic(account, key))).bearer_token as string}`;

  const accountId = await newAccount();
  const testKey = await newKey(accountId, 'test');
  const liveKey = await newKey(accountId, 'live');
  const valid = await login(accountId, testKey.key);
  const live = await login(accountId, liveKey.key);
  let expired: string | undefined;
  if (options.setClockOffset) {
    options.setClockOffset(-2 * 3_600_000);
    expired = await login(accountId, testKey.key);
    options.setClockOffset(0);
  }

  // The admin operations act on an account of their own, never on the fuzzing one.
  const target = await newAccount();
  const targetKey = await newKey(target, 'test');
  const revokedKey = await newKey(target, 'test');
  const revoked = await login(target, revokedKey.key);
  await call('DELETE', `/admin/keys/${revokedKey.id}`, admin);
  const keyVictims = [(await newKey(target, 'test')).id, (await newKey(target, 'test')).id];
  // Webhook endpoints of the target (its test mode), and an event that has a delivery to one, for
  // the admin webhook operations; nothing listens at the URL, and the tests run no delivery worker.
  const hooks = `/admin/accounts/${target}/webhook-endpoints`;
  const hook = { url: 'http://127.0.0.1:9/offpeak-fuzz', mode: 'test' };
  const endpoint = (await call('POST', hooks, admin, hook)) as { id: string };
  const endpointVictims = [
    ((await call('POST', hooks, admin, hook)) as { id: string }).id,
    ((await call('POST', hooks, admin, hook)) as { id: string }).id,
  ];
  await call('POST', '/customers', await login(target, targetKey.key), {});
  const targetEvents = (await call('GET', `/admin/accounts/${target}/webhook-deliveries`, admin, undefined, [
    ['endpoint_id', endpoint.id],
  ])) as { data: { event_id: string }[] };
  const targetEvent = targetEvents.data[0]?.event_id;

  const own = new Map<string, string>();
  const ownAll: string[] = [];
  const seen = (value: unknown) => (collectIds(value, own, ownAll), value);
  const now = Date.now();
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const london = {
    address_line1: '1-3',
    address_line2: 'Strand',
    city: 'London',
    post_code: 'WC2N 5EH',
    country_code: 'GB',
  };
  const flat = [
    {
      months: ['All'],
      days_and_hours: [
        { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.25 }] }] },
      ],
    },
  ];
  const tariff = (locationId: string) => ({
    location_id: locationId,
    direction: 'IMPORT',
    type: 'COMMODITY',
    display_name: 'Flat',
    contract_start_date: '2020-01-01T00:00:00Z',
    contract_end_date: '2035-01-01T00:00:00Z',
    schedule: flat,
  });

  const customer = seen(await call('POST', '/customers', valid, { reference_id: 'CUS1234567890' })) as {
    id: string;
  };
  const location = seen(
    await call('POST', '/locations', valid, {
      reference_id: 'LOC1234567890',
      customer_id: customer.id,
      postal_address: london,
    }),
  ) as { id: string; market_sources: { import: string } };
  const device = seen(await call('POST', '/devices', valid, { reference_id: 'DEV1234567890' })) as {
    id: string;
  };
  seen(await call('POST', '/tariffs', valid, tariff(location.id)));
  const connect = seen(
    await call('POST', '/connect/token', valid, {
      connect_url: 'https://app.example.com/connect',
      callback_url: 'https://app.example.com/done',
      customer_id: customer.id,
      location_id: location.id,
    }),
  ) as { connect_token: string };
  await call('GET', '/connect/token', valid, undefined, [['connect_token', connect.connect_token]]);
  seen(
    await call('POST', '/tariffs', valid, {
      ...tariff(location.id),
      direction: 'EXPORT',
      market_rates: true,
      schedule: undefined,
    }),
  );
  const record = (from: number, extra: Record<string, unknown>) => ({
    location_id: location.id,
    units: 'WH',
    value: 1200,
    start_time: iso(from),
    end_time: iso(from + 1_800_000),
    session_reference_id: SESSION_REFERENCE,
    ...extra,
  });
  const batch = seen(
    await call('PUT', '/meters/interval', valid, [
      record(now - 7_200_000, { record_reference_id: 'MET1' }),
      record(now - 5_400_000, { record_reference_id: 'MET2', device_id: device.id }),
    ]),
  ) as { id: string };
  const epoch = Math.floor((now - 3_600_000) / 1000);
  seen(
    await call('PUT', '/meters/cumulative/epoch', valid, {
      location_id: location.id,
      units: 'KWH',
      data: [
        { time: epoch, value: 10 },
        { time: epoch + 1800, value: 12 },
      ],
    }),
  );
  seen(await call('GET', '/meters/batch', valid, undefined, [['batch_id', batch.id]]));
  seen(await call('GET', '/events', valid));
  const window = { start_time: iso(now), end_time: iso(now + 86_400_000) };
  await call('POST', `/prices/${location.id}`, valid, window);
  await call('POST', `/costs/interval/${location.id}`, valid, {
    start_time: iso(now - 86_400_000),
    end_time: iso(now),
  });
  await call('POST', `/costs/session/${SESSION_REFERENCE}`, valid, {});
  await call('POST', `/schedules/duration/${location.id}`, valid, {
    ...window,
    segment: 'LOW',
    duration: 60,
  });
  await call('POST', `/schedules/limit/${location.id}`, valid, { ...window, segment: 'LOW', relative: 0.5 });
  await call('POST', `/schedules/amount/${location.id}`, valid, {
    max_power: { units: 'KW', value: 7 },
    data: [{ device_id: device.id, end_time: window.end_time, energy: { units: 'KWH', value: 5 } }],
  });
  const slots: [string, string][] = [
    ['start_time', window.start_time],
    ['end_time', window.end_time],
    ['segment', 'LOW'],
  ];
  await call('GET', `/slots/time/${location.id}`, valid, undefined, [...slots, ['duration', '60']]);
  await call('GET', `/slots/threshold/${location.id}`, valid, undefined, [...slots, ['relative', '0.5']]);
  const feed = {
    Prices: [0, 1, 2].map((h) => ({ price: 0.2 + h / 100, readingDate: iso(Date.UTC(2025, 0, 1, h)) })),
  };
  const source = location.market_sources.import;
  await call('POST', '/admin/market-prices/import', admin, JSON.stringify(feed), [
    ['source_id', source],
    ['format', 'energyzero'],
  ]);

  const victims = new Map<string, string[]>();
  const victim = (value: { id: string }) => {
    const prefix = value.id.slice(0, 3);
    victims.set(prefix, [...(victims.get(prefix) ?? []), value.id]);
    return value;
  };
  // Victim tariffs live on a location of their own, which is not a victim itself.
  const tariffHome = (await call('POST', '/locations', valid, { postal_address: london })) as { id: string };
  // Market scenarios of the test-mode market (an Offpeak test helper): one to name, three to delete.
  const scenario = {
    source_id: source,
    type: 'flat',
    start_date: '2030-01-01',
    end_date: '2030-01-01',
  };
  seen(await call('POST', '/test_helpers/market_scenarios', valid, scenario));
  for (let i = 0; i < 3; i++) {
    victim(await call('POST', '/test_helpers/market_scenarios', valid, scenario));
    victim(await call('POST', '/customers', valid, {}));
    victim(await call('POST', '/devices', valid, {}));
    victim(await call('POST', '/locations', valid, { postal_address: london }));
    victim(await call('POST', '/tariffs', valid, tariff(tariffHome.id)));
  }

  // Objects of another account and of the other mode: IDs this scope must not reach.
  const foreign: string[] = [];
  const other = await newAccount();
  const otherToken = await login(other, (await newKey(other, 'test')).key);
  for (const token of [otherToken, live]) {
    const c = await call('POST', '/customers', token, {});
    const l = await call('POST', '/locations', token, { customer_id: c.id, postal_address: london });
    const d = await call('POST', '/devices', token, {});
    const t = await call('POST', '/tariffs', token, tariff(l.id));
    const events = await call('GET', '/events', token);
    collectIds([c, l, d, t, events], new Map(), foreign);
  }
  client.close();

  const bearerBook: IdBook = {
    own,
    victims,
    foreign: [...new Set(foreign)].filter((id) => !ownAll.includes(id)),
  };
  // Admin operations on objects name the fuzzing account's; on accounts and keys, the target's.
  const adminBook: IdBook = {
    own: new Map([
      ...own,
      ['acc', target],
      ['key', targetKey.id],
      ['mrs', source],
      ['whe', endpoint.id],
      ...(targetEvent ? [['evt', targetEvent] as [string, string]] : []),
    ]),
    victims: new Map([
      ['key', keyVictims],
      ['whe', endpointVictims],
    ]),
    foreign: [],
  };
  return {
    adminToken: options.adminToken,
    accountId,
    apiKey: testKey.key,
    tokens: { valid, live, revoked, ...(expired !== undefined ? { expired } : {}) },
    books: { bearer: bearerBook, basic: bearerBook, none: bearerBook, admin: adminBook },
    templates,
  };
}
