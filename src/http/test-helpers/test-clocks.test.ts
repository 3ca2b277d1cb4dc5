import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localEpochDayOf, localToInstant, startOfLocalDay } from '../../engine/index.ts';
import { simulateMarketDay } from '../../engine/market-simulator.ts';
import { describeMarketSource, simulatedMarketFor } from '../../core/market-data/market-sources.ts';
import { runTariffNoticeRound } from '../../core/tariffs/notices.ts';
import { runTestClockRound } from '../../core/test-clocks/test-clocks.ts';
import { DeliveryWorker } from '../../core/webhooks/delivery.ts';
import {
  DEFAULT_WEBHOOK_SETTINGS,
  RETRY_DELAYS_MS,
  type WebhookSettings,
} from '../../core/webhooks/settings.ts';
import { insertCatalogueRows } from '../../store/catalogue.ts';
import {
  login,
  newClient,
  startHarness,
  type Client,
  type Harness,
  type Reply,
} from '../../testing/harness.ts';
import { WebhookReceiver } from '../../testing/webhook-receiver.ts';
import { toApiEvent } from '../events/event-schema.ts';

const SECOND = 1000;
const DAY = 86_400_000;
const AMSTERDAM = 'Europe/Amsterdam';
/** The market source the starting catalogue maps an address in the Netherlands to. */
const NL_MARKET = 'mrs_65792b4ef61b16685ebd2ec7';
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const flat = (rate: Record<string, number>) => [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [rate] }] },
    ],
  },
];

// Advancing moves every test clock's account ahead, and webhook deliveries are claimed across
// accounts, so this file has a database of its own.
let h: Harness;
let receiver: WebhookReceiver;
let worker: DeliveryWorker;
const settings: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, secretKey: 'a secret for the tests' };

before(async () => {
  h = await startHarness({ ownDatabase: true, webhooks: settings });
  receiver = await WebhookReceiver.start();
  worker = new DeliveryWorker(h.ctx, settings, toApiEvent, (error) => {
    throw error;
  });
});
after(async () => {
  await receiver.close();
  await h.close();
});

/**
 * A request with a bearer token fresh from GET /login: the token's one-hour life runs on the test
 * clock, so a token from before an advance of days has expired, as it would have in that time.
 */
async function call(
  client: Client,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<Reply> {
  const session = await login(h, client.accountId, client.apiKey);
  assert.equal(session.status, 200, JSON.stringify(session.body));
  return h.inject({ method, url, body, headers: { authorization: `Bearer ${session.body.bearer_token}` } });
}

async function ok(client: Client, method: 'GET' | 'POST', url: string, body?: unknown): Promise<Reply> {
  const reply = await call(client, method, url, body);
  assert.ok(
    reply.status >= 200 && reply.status < 300,
    `${method} ${url}: ${reply.status} ${JSON.stringify(reply.body)}`,
  );
  return reply;
}

const clockOf = async (client: Client) => (await ok(client, 'GET', '/test_helpers/clock')).body;
const advance = (client: Client, body: Record<string, unknown>) =>
  ok(client, 'POST', '/test_helpers/clock/advance', body);

async function endpointFor(client: Client): Promise<void> {
  const reply = await h.inject({
    method: 'POST',
    url: `/admin/accounts/${client.accountId}/webhook-endpoints`,
    body: { url: receiver.url(`/${client.accountId}`), mode: 'test' },
    headers: { authorization: `Bearer ${h.adminToken}` },
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
}

/** The event bodies the receiver got for an account, of one type, in arrival order. */
const receivedOf = (client: Client, type: string) =>
  receiver.received
    .filter((r) => r.path === `/${client.accountId}`)
    .map((r) => JSON.parse(r.body) as { id: string; type: string; data: { id?: string; tariff_id?: string } })
    .filter((e) => e.type === type);

async function eventsOf(client: Client, type: string) {
  return (await ok(client, 'GET', `/events?event_type=${type}&limit=100`)).body.data as {
    id: string;
    type: string;
    time_created: string;
    data: { id: string };
  }[];
}

async function newLocation(client: Client, city: string): Promise<string> {
  return (await ok(client, 'POST', '/locations', { postal_address: { city, country_code: 'NL' } })).body.id;
}

async function newTariff(client: Client, locationId: string, body: Record<string, unknown>): Promise<string> {
  return (
    await ok(client, 'POST', '/tariffs', {
      location_id: locationId,
      direction: 'IMPORT',
      type: 'COMMODITY',
      contract_start_date: '2024-01-01T00:00:00Z',
      ...body,
    })
  ).body.id;
}

const pricesOf = (client: Client, locationId: string, start: number, end: number) =>
  call(client, 'POST', `/prices/${locationId}`, {
    start_time: iso(start),
    end_time: iso(end),
    tariff_direction: 'IMPORT',
  });

describe('test_clock_* and the issue 15 scenario', () => {
  it('freezes, sends tariff.expiring and tariff.expired as the clock passes them, publishes tomorrow at 12:45 Amsterdam and runs a failing receiver through its retries', async () => {
    const client = await newClient(h);
    await endpointFor(client);
    const frozen = await ok(client, 'POST', '/test_helpers/clock/freeze');
    assert.equal(frozen.body.object, 'test_clock');
    assert.equal(frozen.body.frozen, true);
    const t0 = Date.parse(frozen.body.now);
    assert.deepEqual(await clockOf(client), frozen.body, 'a frozen clock stands still');

    // a contract that ends 10 days after the frozen time (to the second, at or before it)
    const contractEnd = Math.floor(t0 / SECOND) * SECOND + 10 * DAY;
    const home = await newLocation(client, 'Amsterdam');
    const tariffId = await newTariff(client, home, {
      contract_end_date: iso(contractEnd),
      schedule: flat({ fixed: 0.2 }),
    });
    const created = (await ok(client, 'GET', `/tariffs/${tariffId}`)).body;
    assert.equal(created.time_created, iso(Math.floor(t0 / SECOND) * SECOND), 'made at the clock time');

    // + 3 days: the contract ends in 7 days (at most a second less), so tariff.expiring is due
    const three = await advance(client, { by_seconds: 3 * 86_400 });
    assert.equal(three.body.now, new Date(t0 + 3 * DAY).toISOString());
    assert.equal(three.body.advanced.tariff_expiring, 1);
    assert.equal(three.body.advanced.tariff_expired, 0);
    assert.equal(three.body.advanced.from, new Date(t0).toISOString());
    await worker.drain();
    const expiring = receivedOf(client, 'tariff.expiring');
    assert.equal(expiring.length, 1, 'delivered to the receiver once');
    assert.equal(expiring[0]?.data.tariff_id, tariffId);
    const [expiringEvent] = await eventsOf(client, 'tariff.expiring');
    assert.equal(expiringEvent?.time_created, iso(contractEnd - 7 * DAY), 'written at its due instant');

    // + 7 more days: the contract has ended
    const ten = await advance(client, { by_seconds: 7 * 86_400 });
    assert.equal(ten.body.advanced.tariff_expired, 1);
    assert.equal(ten.body.advanced.tariff_expiring, 0);
    await worker.drain();
    assert.deepEqual(
      receivedOf(client, 'tariff.expired').map((e) => e.data.tariff_id),
      [tariffId],
    );
    assert.equal((await eventsOf(client, 'tariff.expired'))[0]?.time_created, iso(contractEnd));
    assert.equal((await eventsOf(client, 'tariff.expiring')).length, 1, 'no notice twice');

    // the simulated market: tomorrow's prices are a forecast until 12:45 Amsterdam, then published
    const market = await newLocation(client, 'Rotterdam');
    await newTariff(client, market, {
      market_rates: true,
      contract_end_date: '2099-01-01T00:00:00Z',
      schedule: flat({ surcharge_fixed: 0 }),
    });
    const now = Date.parse((await clockOf(client)).now);
    const today = localEpochDayOf(AMSTERDAM, now);
    const noonDay = now < localToInstant(AMSTERDAM, today * DAY + 12 * 3_600_000) ? today : today + 1;
    const noon = localToInstant(AMSTERDAM, noonDay * DAY + 12 * 3_600_000);
    await advance(client, { to: iso(noon) });
    const tomorrow = {
      start: startOfLocalDay(AMSTERDAM, noonDay + 1),
      end: startOfLocalDay(AMSTERDAM, noonDay + 2),
    };
    const before = await pricesOf(client, market, tomorrow.start, tomorrow.end);
    assert.equal(before.status, 200, JSON.stringify(before.body));
    assert.ok(
      before.body.data.every((p: { price: { confidence: number } }) => p.price.confidence < 1),
      'before the publication tomorrow is a forecast',
    );
    const past13 = await advance(client, {
      to: iso(localToInstant(AMSTERDAM, noonDay * DAY + 13 * 3_600_000)),
    });
    assert.equal(past13.body.advanced.market_publications, 1, 'one publication of the NL market');
    assert.equal(past13.body.advanced.location_updates, 2, 'both locations take the NL market');
    const published = await pricesOf(client, market, tomorrow.start, tomorrow.end);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const day = simulateMarketDay(simulatedMarketFor(describeMarketSource(NL_MARKET)).market, noonDay + 1);
    const first = published.body.data[0] as {
      valid_from: string;
      price: { value: number; confidence: number };
    };
    assert.equal(first.valid_from, iso(tomorrow.start));
    assert.equal(first.price.confidence, 1, 'published');
    const firstMwh = Number(day[0]?.pricePerMwh.units) / 10 ** (day[0]?.pricePerMwh.scale ?? 0);
    assert.ok(
      Math.abs(first.price.value - firstMwh / 1000) < 1e-5,
      `${first.price.value} vs ${firstMwh} per MWh`,
    );
    const updates = (await eventsOf(client, 'location.update')).filter(
      (e) => e.data.id === market && Date.parse(e.time_created) >= noon,
    );
    assert.deepEqual(
      updates.map((e) => e.time_created),
      [iso(localToInstant(AMSTERDAM, noonDay * DAY + 12 * 3_600_000 + 45 * 60_000))],
      'location.update at 12:45 Amsterdam, the publication',
    );

    // a receiver that fails every attempt of one event, through the whole retry schedule
    await worker.drain();
    const customer = await ok(client, 'POST', '/customers', { reference_id: 'retried' });
    const [event] = (await ok(client, 'GET', `/events?object_id=${customer.body.id}`)).body.data;
    receiver.answer = (request) => ((JSON.parse(request.body) as { id: string }).id === event.id ? 500 : 200);
    try {
      await worker.drain();
      assert.equal(receiver.of(event.id).length, 1, 'the first attempt at once');
      for (const [attempt, delay] of RETRY_DELAYS_MS.slice(1).entries()) {
        // a second short of the delay: nothing is due yet
        await advance(client, { by_seconds: delay / SECOND - 1 });
        await worker.drain();
        assert.equal(receiver.of(event.id).length, attempt + 1, `attempt ${attempt + 2} waits for its time`);
        await advance(client, { by_seconds: 1 });
        await worker.drain();
        assert.equal(receiver.of(event.id).length, attempt + 2, `attempt ${attempt + 2} once due`);
      }
      const log = await h.inject({
        method: 'GET',
        url: `/admin/accounts/${client.accountId}/webhook-deliveries?event_id=${event.id}`,
        headers: { authorization: `Bearer ${h.adminToken}` },
      });
      assert.equal(log.body.data[0].status, 'failed');
      assert.equal(log.body.data[0].attempts.length, RETRY_DELAYS_MS.length);
      for (const got of receiver.of(event.id)) {
        const timestamp = Number(got.headers['flatpeak-timestamp']);
        assert.ok(Math.abs(timestamp - got.at / 1000) < 60, 'Flatpeak-Timestamp is wall-clock time');
      }
    } finally {
      receiver.answer = () => 200;
    }
  });
});

describe('pending Connect connections on a test clock', () => {
  const PROVIDER = 'prv_00000000000000000000c1c1';
  const LIBRARY_TARIFF = 'trt_00000000000000000000c1c1';
  /** A provider that never gives the tariff. */
  const STUCK = 'prv_00000000000000000000c1c2';

  before(async () => {
    const at = new Date('2020-01-01T00:00:00Z');
    await insertCatalogueRows(
      h.ctx.db,
      [
        {
          id: PROVIDER,
          display_name: 'Clocked Direct',
          logo_svg: null,
          countries: ['GB'],
          regions: [],
          connection_types: ['DIRECT'],
          market_source_id: null,
          sandbox: { behaviour: 'pending', pending_seconds: 600, library_tariff_id: LIBRARY_TARIFF },
          external_ref: null,
          created_at: at,
          updated_at: at,
        },
        {
          id: STUCK,
          display_name: 'Clocked Stuck',
          logo_svg: null,
          countries: ['GB'],
          regions: [],
          connection_types: ['DIRECT'],
          market_source_id: null,
          sandbox: { behaviour: 'pending', pending_seconds: 60, library_tariff_id: null },
          external_ref: null,
          created_at: at,
          updated_at: at,
        },
      ],
      [
        {
          id: LIBRARY_TARIFF,
          provider_id: PROVIDER,
          name: 'Clocked 0.27',
          description: 'A flat library tariff',
          direction: 'IMPORT',
          type: 'COMMODITY',
          currency_code: 'GBP',
          regions: [],
          valid_from: null,
          valid_to: null,
          market_rates: false,
          schedule: flat({ fixed: 0.27 }),
          external_ref: null,
          created_at: at,
          updated_at: at,
        },
      ],
    );
  });

  async function step(token: string, body: Record<string, unknown>, route: string): Promise<void> {
    const reply = await h.inject({
      method: 'POST',
      url: '/',
      payload: JSON.stringify({ connect_token: token, type: 'submit', ...body }),
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.route, route, JSON.stringify(reply.body));
  }

  /** A completed Connect session whose DIRECT connection with `provider` is pending; its location. */
  async function pendingConnection(client: Client, provider: string): Promise<string> {
    const token = (
      await ok(client, 'POST', '/connect/token', {
        connect_url: 'myapp://connect',
        callback_url: 'myapp://complete',
        postal_address: { address_line1: '1-3', city: 'London', post_code: 'WC2N 5EH', country_code: 'GB' },
      })
    ).body.connect_token as string;
    await step(token, { route: 'session_start' }, 'provider_select');
    await step(token, { route: 'provider_select', data: { provider: { id: provider } } }, 'session_redirect');
    await step(token, { route: 'session_start' }, 'tariff_connection_pending');
    await step(token, { route: 'tariff_connection_pending', action: 'CLOSE' }, 'complete_tariff');
    return (await ok(client, 'GET', `/connect/token?connect_token=${token}`)).body.location_id;
  }

  it('gives up after 48 hours of the clock with tariff.fetch.failed at that instant', async () => {
    const client = await newClient(h);
    const t0 = Date.parse((await ok(client, 'POST', '/test_helpers/clock/freeze')).body.now);
    const locationId = await pendingConnection(client, STUCK);
    const before = await advance(client, { by_seconds: 48 * 3600 - 1 });
    assert.equal(before.body.advanced.connections_failed, 0);
    const after = await advance(client, { by_seconds: 1 });
    assert.equal(after.body.advanced.connections_failed, 1);
    const [failed] = await eventsOf(client, 'tariff.fetch.failed');
    assert.equal(failed?.time_created, iso(Math.floor((t0 + 48 * 3_600_000) / SECOND) * SECOND));
    assert.equal((failed?.data as unknown as { location_id: string }).location_id, locationId);
  });

  it('answers 422 pending_connect until the clock passes the provider delay, then prices the tariff', async () => {
    const client = await newClient(h);
    const t0 = Date.parse((await ok(client, 'POST', '/test_helpers/clock/freeze')).body.now);
    const locationId = await pendingConnection(client, PROVIDER);
    const start = Math.floor(t0 / DAY) * DAY;
    const window = [start, start + 6 * 3_600_000] as const;

    const pending = await pricesOf(client, locationId, ...window);
    assert.equal(pending.status, 422);
    assert.equal(pending.body.code, 'pending_connect');

    const early = await advance(client, { by_seconds: 599 });
    assert.equal(early.body.advanced.connections_connected, 0);
    assert.equal((await pricesOf(client, locationId, ...window)).body.code, 'pending_connect');

    const due = await advance(client, { by_seconds: 1 });
    assert.equal(due.body.advanced.connections_connected, 1);
    const prices = await pricesOf(client, locationId, ...window);
    assert.equal(prices.status, 200, JSON.stringify(prices.body));
    assert.equal(prices.body.data[0].price.value, 0.27);
    const tariff = (await ok(client, 'GET', `/tariffs?location_id=${locationId}`)).body.data[0];
    assert.equal(tariff.connection_type, 'DIRECT');
    assert.equal(
      tariff.time_created,
      iso(Math.floor((t0 + 600 * SECOND) / SECOND) * SECOND),
      'at the resolution instant',
    );
  });
});

describe('test clocks of accounts and modes', () => {
  const ENDPOINTS = [
    ['GET', '/test_helpers/clock'],
    ['POST', '/test_helpers/clock/advance'],
    ['POST', '/test_helpers/clock/freeze'],
    ['POST', '/test_helpers/clock/unfreeze'],
    ['POST', '/test_helpers/reset'],
  ] as const;

  it('keeps the clocks of two accounts apart and live mode on real time', async () => {
    const a = await newClient(h);
    const b = await newClient(h);
    const liveA = await newClient(h, 'live', a.accountId);
    await ok(a, 'POST', '/test_helpers/clock/freeze');
    const moved = await advance(a, { by_seconds: 5 * 86_400 });
    const aNow = Date.parse(moved.body.now);
    assert.ok(aNow > Date.now() + 4 * DAY);
    const bClock = await clockOf(b);
    assert.equal(bClock.frozen, false);
    assert.ok(Math.abs(Date.parse(bClock.now) - Date.now()) < 60 * SECOND, "b's clock is real time");
    assert.deepEqual((await clockOf(a)).now, moved.body.now, "a's clock did not move since");

    const testCustomer = await ok(a, 'POST', '/customers', { reference_id: 'test' });
    assert.equal(testCustomer.body.time_created, iso(Math.floor(aNow / SECOND) * SECOND));
    const liveCustomer = await ok(liveA, 'POST', '/customers', { reference_id: 'live' });
    assert.ok(
      Math.abs(Date.parse(liveCustomer.body.time_created) - Date.now()) < 60 * SECOND,
      'live mode: real time',
    );
    const bCustomer = await ok(b, 'POST', '/customers', { reference_id: 'b' });
    assert.ok(Math.abs(Date.parse(bCustomer.body.time_created) - Date.now()) < 60 * SECOND);
  });

  it('answers 404 to live keys on every /test_helpers/ endpoint, as for an unknown route', async () => {
    const live = await newClient(h, 'live');
    const unknown = await call(live, 'GET', '/test_helpers/unknown');
    assert.equal(unknown.status, 404);
    for (const [method, url] of ENDPOINTS) {
      const reply = await call(live, method, url, method === 'POST' ? { by_seconds: 60 } : undefined);
      assert.equal(reply.status, 404, `${method} ${url}`);
      assert.equal(reply.body.code, unknown.body.code);
      assert.equal(reply.body.type, unknown.body.type);
      assert.equal(reply.body.message, unknown.body.message);
    }
    // before the body is read: a live key's invalid advance is the same 404, not a 400
    const invalid = await call(live, 'POST', '/test_helpers/clock/advance', { by_seconds: 'soon' });
    assert.equal(invalid.status, 404, JSON.stringify(invalid.body));
    assert.equal(invalid.body.code, unknown.body.code);
  });

  it('expires bearer tokens and Connect tokens on the test clock, not on real time', async () => {
    const client = await newClient(h);
    const token = (
      await ok(client, 'POST', '/connect/token', {
        connect_url: 'myapp://connect',
        callback_url: 'myapp://complete',
        postal_address: { city: 'London', country_code: 'GB' },
      })
    ).body.connect_token as string;
    await advance(client, { by_seconds: 3600 });
    const stale = await client.request('GET', '/customers');
    assert.equal(stale.status, 403, 'a bearer token of an hour ago has expired');
    assert.equal(stale.body.code, 'access_denied');
    assert.equal((await call(client, 'GET', '/customers')).status, 200, 'a new login works');
    const session = () =>
      h.inject({
        method: 'POST',
        url: '/',
        payload: JSON.stringify({ connect_token: token, type: 'submit', route: 'session_start' }),
        headers: { 'content-type': 'text/plain' },
      });
    assert.equal((await session()).status, 200, 'the Connect token lives 24 h');
    await advance(client, { by_seconds: 23 * 3600 });
    const expired = await session();
    assert.equal(expired.status, 400);
    assert.equal(expired.body.code, 'connect_token_expired');
  });

  it('serialises two concurrent advances of one clock: each starts where the other ended', async () => {
    const client = await newClient(h);
    const t0 = Date.parse((await ok(client, 'POST', '/test_helpers/clock/freeze')).body.now);
    // Each advance logs in first, and a bearer token lives one hour of the test clock: advances
    // shorter than that keep the slower request's token valid whichever advance lands first.
    const step = 1800;
    const [one, two] = await Promise.all([
      advance(client, { by_seconds: step }),
      advance(client, { by_seconds: step }),
    ]);
    assert.deepEqual([one.body.advanced.from, two.body.advanced.from].sort(), [
      new Date(t0).toISOString(),
      new Date(t0 + step * 1000).toISOString(),
    ]);
    assert.equal((await clockOf(client)).now, new Date(t0 + 2 * step * 1000).toISOString());
  });

  it('runs from its new time after an advance unless frozen, and unfreezes', async () => {
    const client = await newClient(h);
    const running = await advance(client, { by_seconds: 86_400 });
    assert.equal(running.body.frozen, false);
    const ahead = Date.parse(running.body.now) - Date.now();
    assert.ok(ahead > DAY - 60 * SECOND && ahead <= DAY, `${ahead} ms ahead`);
    const frozen = await ok(client, 'POST', '/test_helpers/clock/freeze');
    const thawed = await ok(client, 'POST', '/test_helpers/clock/unfreeze');
    assert.equal(thawed.body.frozen, false);
    assert.equal(thawed.body.now, frozen.body.now, 'unfreezes where it stood');
  });

  it('refuses advances backwards, over 400 days, with both or neither field, as error objects', async () => {
    const client = await newClient(h);
    const now = Date.parse((await ok(client, 'POST', '/test_helpers/clock/freeze')).body.now);
    const cases: [Record<string, unknown>, string][] = [
      [{ to: iso(now - DAY) }, 'to_invalid'],
      [{ to: iso(now + 401 * DAY) }, 'to_invalid'],
      [{ to: 'tomorrow' }, 'to_invalid'],
      [{ by_seconds: 401 * 86_400 }, 'by_seconds_invalid'],
      [{ by_seconds: -1 }, 'by_seconds_invalid'],
      [{ by_seconds: 1.5 }, 'by_seconds_invalid'],
      [{ to: iso(now + DAY), by_seconds: 1 }, 'by_seconds_invalid'],
      [{}, 'to_missing'],
    ];
    for (const [body, code] of cases) {
      const reply = await call(client, 'POST', '/test_helpers/clock/advance', body);
      assert.equal(reply.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.object, 'error');
      assert.equal(reply.body.code, code, JSON.stringify(body));
    }
    assert.equal((await clockOf(client)).now, new Date(now).toISOString(), 'the clock did not move');
    const exact = await advance(client, { to: iso(now + 400 * DAY) });
    assert.equal(exact.body.now, new Date(now + 400 * DAY).toISOString(), '400 days is allowed');
  });

  it('resets: test objects gone, live objects kept, the clock back on real time', async () => {
    const client = await newClient(h);
    const live = await newClient(h, 'live', client.accountId);
    await advance(client, { by_seconds: 86_400 });
    const testCustomer = (await ok(client, 'POST', '/customers', { reference_id: 'gone' })).body.id;
    const location = await newLocation(client, 'Utrecht');
    const liveCustomer = (await ok(live, 'POST', '/customers', { reference_id: 'kept' })).body.id;
    await endpointFor(client);
    const reset = await ok(client, 'POST', '/test_helpers/reset');
    assert.equal(reset.body.object, 'test_mode_reset');
    assert.equal(reset.body.clock.frozen, false);
    assert.ok(Math.abs(Date.parse(reset.body.clock.now) - Date.now()) < 60 * SECOND);
    assert.equal(reset.body.deleted.customers, 1);
    assert.equal(reset.body.deleted.locations, 1);
    assert.equal(reset.body.deleted.webhook_endpoints, 1);
    assert.equal((await call(client, 'GET', `/customers/${testCustomer}`)).status, 404);
    assert.equal((await call(client, 'GET', `/locations/${location}`)).status, 404);
    assert.deepEqual((await ok(client, 'GET', '/events')).body.data, []);
    assert.equal((await call(live, 'GET', `/customers/${liveCustomer}`)).status, 200);
    assert.ok((await ok(live, 'GET', '/events')).body.data.length >= 1, 'live events kept');
    const clock = await clockOf(client);
    assert.ok(Math.abs(Date.parse(clock.now) - Date.now()) < 60 * SECOND, 'real time again');
    // with an Idempotency-Key: the reset deletes the key's own record, and still answers
    const session = await login(h, client.accountId, client.apiKey);
    const keyed = await h.inject({
      method: 'POST',
      url: '/test_helpers/reset',
      headers: { authorization: `Bearer ${session.body.bearer_token}`, 'idempotency-key': 'reset-1' },
    });
    assert.equal(keyed.status, 200, JSON.stringify(keyed.body));
  });

  it('writes what a running clock passes in its own round, and the server-wide sweep leaves clocked test modes alone', async () => {
    const running = await newClient(h);
    const frozen = await newClient(h);
    const ahead = Date.parse((await advance(running, { by_seconds: 86_400 })).body.now);
    const stopped = Date.parse((await ok(frozen, 'POST', '/test_helpers/clock/freeze')).body.now);
    // contracts whose tariff.expiring is due one hour from each clock's time
    const whole = (ms: number) => Math.ceil(ms / SECOND) * SECOND;
    const runningEnd = whole(ahead) + 7 * DAY + 3_600_000;
    await newTariff(running, await newLocation(running, 'Delft'), {
      contract_end_date: iso(runningEnd),
      schedule: flat({ fixed: 0.2 }),
    });
    await newTariff(frozen, await newLocation(frozen, 'Leiden'), {
      contract_end_date: iso(whole(stopped) + 7 * DAY + 3_600_000),
      schedule: flat({ fixed: 0.2 }),
    });
    h.clockOffset += 2 * 3_600_000; // two hours pass
    try {
      const swept = await runTariffNoticeRound(h.ctx);
      assert.deepEqual(
        swept.filter((n) => n.accountId === running.accountId || n.accountId === frozen.accountId),
        [],
        'the server-wide sweep writes no notice of a test mode with a clock',
      );
      const caught = await runTestClockRound(h.ctx);
      assert.deepEqual(
        caught.map((o) => o.accountId).filter((id) => id === running.accountId || id === frozen.accountId),
        [running.accountId],
        'the running clock passed its notice (and perhaps a publication); the frozen one did not move',
      );
      assert.deepEqual(await runTestClockRound(h.ctx), [], 'written once');
      const [notice] = await eventsOf(running, 'tariff.expiring');
      assert.equal(notice?.time_created, iso(runningEnd - 7 * DAY), 'at its due instant on the clock');
      assert.deepEqual(await eventsOf(frozen, 'tariff.expiring'), []);
    } finally {
      h.clockOffset -= 2 * 3_600_000;
    }
  });
});

describe('test clocks and market scenarios', () => {
  it('publishes a late day at its delayed time and a missing day never, as the clock passes them', async () => {
    const client = await newClient(h);
    await ok(client, 'POST', '/test_helpers/clock/freeze');
    const home = await newLocation(client, 'Utrecht');
    await newTariff(client, home, {
      market_rates: true,
      contract_end_date: '2099-01-01T00:00:00Z',
      schedule: flat({ surcharge_fixed: 0 }),
    });
    // start at 12:00 Amsterdam of the next local day that is still ahead
    const now = Date.parse((await clockOf(client)).now);
    const today = localEpochDayOf(AMSTERDAM, now);
    const noonDay = now < localToInstant(AMSTERDAM, today * DAY + 12 * 3_600_000) ? today : today + 1;
    await advance(client, { to: iso(localToInstant(AMSTERDAM, noonDay * DAY + 12 * 3_600_000)) });
    const dateOf = (day: number) => iso(day * DAY).slice(0, 10);
    // tomorrow is published 90 minutes late (14:15 local), the day after never
    for (const [type, day, extra] of [
      ['late', noonDay + 1, { delay_minutes: 90 }],
      ['missing', noonDay + 2, {}],
    ] as const) {
      const made = await call(client, 'POST', '/test_helpers/market_scenarios', {
        source_id: NL_MARKET,
        type,
        start_date: dateOf(day),
        end_date: dateOf(day),
        ...extra,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }

    const earlier = new Set((await eventsOf(client, 'location.update')).map((e) => e.id));
    const at13 = await advance(client, {
      to: iso(localToInstant(AMSTERDAM, noonDay * DAY + 13 * 3_600_000)),
    });
    assert.equal(at13.body.advanced.market_publications, 0, 'the usual 12:45 passes without a publication');
    const at15 = await advance(client, {
      to: iso(localToInstant(AMSTERDAM, noonDay * DAY + 15 * 3_600_000)),
    });
    assert.equal(at15.body.advanced.market_publications, 1, 'the late publication at 14:15');
    const updates = (await eventsOf(client, 'location.update')).filter((e) => !earlier.has(e.id));
    assert.deepEqual(
      updates.map((e) => e.time_created),
      [iso(localToInstant(AMSTERDAM, noonDay * DAY + (14 * 60 + 15) * 60_000))],
    );
    // a day later: the missing day's 12:45 passes and nothing is published
    const next = await advance(client, { by_seconds: 86_400 });
    assert.equal(next.body.advanced.market_publications, 0, 'the missing day is never published');
    const after = (await eventsOf(client, 'location.update')).filter((e) => !earlier.has(e.id));
    assert.equal(after.length, 1, 'no location.update for the missing day');
  });
});
