import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runConnectionRound } from '../../core/connect/session/connections.ts';
import {
  insertCatalogueRows,
  type CatalogueProviderRecord,
  type CatalogueTariffRecord,
} from '../../store/catalogue.ts';
import { newClient, startHarness, type Client, type Harness, type Reply } from '../../testing/harness.ts';

let h: Harness;
const at = new Date('2020-01-01T00:00:00Z');
const flat = (fixed: number) => [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed }] }] },
    ],
  },
];
const provider = (
  id: string,
  name: string,
  patch: Partial<CatalogueProviderRecord> = {},
): CatalogueProviderRecord => ({
  id,
  display_name: name,
  logo_svg: null,
  countries: ['GB'],
  regions: [],
  connection_types: [],
  market_source_id: null,
  sandbox: null,
  external_ref: null,
  created_at: at,
  updated_at: at,
  ...patch,
});
const libraryTariff = (id: string, providerId: string, fixed: number): CatalogueTariffRecord => ({
  id,
  provider_id: providerId,
  name: `Library ${fixed}`,
  description: 'A flat library tariff',
  direction: 'IMPORT',
  type: 'COMMODITY',
  currency_code: 'GBP',
  regions: [],
  valid_from: null,
  valid_to: null,
  market_rates: false,
  schedule: flat(fixed),
  external_ref: null,
  created_at: at,
  updated_at: at,
});

const MANUAL = 'prv_0000000000000000000000a1';
const LIBRARY = 'prv_0000000000000000000000a2';
const MARKET = 'prv_0000000000000000000000a3';
const DIRECT_OK = 'prv_0000000000000000000000a4';
const DIRECT_PENDING = 'prv_0000000000000000000000a5';
const DIRECT_FAIL = 'prv_0000000000000000000000a6';
const DIRECT_STUCK = 'prv_0000000000000000000000a7';
const LIB_TARIFF = 'trt_0000000000000000000000b1';
const DIRECT_TARIFF = 'trt_0000000000000000000000b2';
const sandbox = (behaviour: 'connect' | 'pending' | 'fail') => ({
  behaviour,
  pending_seconds: 600,
  library_tariff_id: DIRECT_TARIFF,
});

before(async () => {
  h = await startHarness();
  await insertCatalogueRows(
    h.ctx.db,
    [
      provider(MANUAL, 'Manual <Energy> & Co'),
      provider(LIBRARY, 'Library Energy', { connection_types: ['LIBRARY'] }),
      provider(MARKET, 'Market Energy', { connection_types: ['MARKET'] }),
      provider(DIRECT_OK, 'Direct OK', { connection_types: ['DIRECT'], sandbox: sandbox('connect') }),
      provider(DIRECT_PENDING, 'Direct Pending', {
        connection_types: ['DIRECT'],
        sandbox: sandbox('pending'),
      }),
      provider(DIRECT_FAIL, 'Direct Fail', { connection_types: ['DIRECT'], sandbox: sandbox('fail') }),
      provider(DIRECT_STUCK, 'Direct Stuck', {
        connection_types: ['DIRECT'],
        sandbox: { behaviour: 'pending', pending_seconds: 60, library_tariff_id: null },
      }),
    ],
    [libraryTariff(LIB_TARIFF, LIBRARY, 0.31), libraryTariff(DIRECT_TARIFF, DIRECT_OK, 0.27)],
  );
});
after(() => h.close());

const URLS = { connect_url: 'myapp://nova/flatpeak/connect', callback_url: 'myapp://nova/flatpeak/complete' };
const LONDON = {
  address_line1: '1-3',
  address_line2: 'Strand',
  city: 'London',
  post_code: 'WC2N 5EH',
  country_code: 'GB',
};

async function newToken(client: Client, body: Record<string, unknown> = {}): Promise<string> {
  const reply = await client.request('POST', '/connect/token', { ...URLS, postal_address: LONDON, ...body });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.connect_token as string;
}

/** A step of the session as the reference client sends it (text/plain, `type: submit`). */
async function post(
  token: string,
  body: Record<string, unknown>,
  contentType = 'text/plain',
): Promise<Reply> {
  return h.inject({
    method: 'POST',
    url: '/',
    payload: JSON.stringify({ connect_token: token, type: 'submit', ...body }),
    headers: { 'content-type': contentType, origin: 'https://app.example.com' },
  });
}

async function page(token: string, body: Record<string, unknown>, route: string): Promise<Reply> {
  const reply = await post(token, body);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.equal(reply.body.route, route, JSON.stringify(reply.body));
  return reply;
}

async function refused(token: string, body: Record<string, unknown>, code: string, context: string) {
  const reply = await post(token, body);
  assert.equal(reply.status, 400, JSON.stringify(reply.body));
  assert.equal(reply.body.code, code);
  assert.equal(reply.body.context, `connect.${context}`);
  assert.equal(reply.body.type, 'invalid_request');
  assert.equal(reply.body.connect_token, token);
}

const START = { route: 'session_start' };

async function tokenOf(client: Client, token: string) {
  const reply = await client.request('GET', `/connect/token?connect_token=${token}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body;
}

async function pricesOf(client: Client, locationId: string, start: string, end: string) {
  return client.request('POST', `/prices/${locationId}`, {
    start_time: start,
    end_time: end,
    tariff_direction: 'IMPORT',
  });
}

describe('connect_session', () => {
  it('walks MANUAL time-of-day to completion, and POST /prices then answers exactly the entered rates', async () => {
    const client = await newClient(h);
    const token = await newToken(client, { customer_reference_id: 'CUS42', location_reference_id: 'LOC42' });
    const start = await page(token, START, 'provider_select');
    assert.deepEqual(Object.keys(start.body), [
      'connect_token',
      'route',
      'direction',
      'type',
      'live_mode',
      'actions',
      'data',
    ]);
    assert.equal(start.body.direction, 'IMPORT');
    assert.equal(start.body.type, 'COMMODITY');
    assert.equal(start.body.live_mode, false);
    assert.ok(start.body.data.providers.some((p: { id: string }) => p.id === MANUAL));
    await page(
      token,
      { route: 'provider_select', data: { provider: { id: MANUAL } } },
      'tariff_structure_select',
    );
    await page(
      token,
      { route: 'tariff_structure_select', data: { options: ['TIME_OF_DAY'] } },
      'rate_tod_capture',
    );
    const hours = [
      { cost: 0.075, valid_from: '00:30:00', valid_to: '04:30:00' },
      { cost: 0.2962, valid_from: '04:30:00', valid_to: '00:30:00' },
    ];
    const summary = await page(token, { route: 'rate_tod_capture', data: { hours } }, 'tariff_summary');
    assert.deepEqual(summary.body.actions, ['WRONG_TARIFF', 'EDIT', 'DISCONNECT', 'CLOSE', 'BACK']);
    assert.equal(summary.body.data.connection_type, 'MANUAL');
    assert.equal(summary.body.data.currency_code, 'GBP');
    assert.equal(summary.body.data.tariff.structure_type, 'TIME_OF_DAY');
    assert.ok(summary.body.data.rates.today.length >= 2, JSON.stringify(summary.body.data.rates));
    assert.ok(
      summary.body.data.rates.tomorrow.some((r: { tariff: { cost: number } }) => r.tariff.cost === 0.075),
    );
    const done = await page(token, { route: 'tariff_summary', action: 'CLOSE' }, 'complete_tariff');
    assert.deepEqual(done.body.data, { callback_url: URLS.callback_url });

    const read = await tokenOf(client, token);
    assert.equal(read.complete_action, 'SAVE');
    assert.equal(read.is_tariff_processed, true);
    assert.equal(read.customer_reference_id, 'CUS42');
    assert.equal(read.location_reference_id, 'LOC42');
    const location = await client.request('GET', `/locations/${read.location_id}`);
    assert.equal(location.status, 200);
    assert.equal(location.body.customer_id, read.customer_id);
    assert.equal(location.body.reference_id, 'LOC42');
    const customer = await client.request('GET', `/customers/${read.customer_id}`);
    assert.deepEqual(customer.body.locations, [read.location_id], "the customer lists Connect's location");
    const tariffs = await client.request('GET', `/tariffs?location_id=${read.location_id}`);
    assert.equal(tariffs.body.data.length, 1);
    assert.equal(tariffs.body.data[0].connection_type, 'MANUAL');

    // the day after tomorrow, in London's winter or summer time: the two entered rates, nothing else
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const prices = await pricesOf(client, read.location_id, `${day}T12:00:00Z`, `${day}T23:59:00Z`);
    assert.equal(prices.status, 200, JSON.stringify(prices.body));
    const values = new Set(prices.body.data.map((d: { price: { value: number } }) => d.price.value));
    assert.deepEqual([...values].sort(), [0.075, 0.2962].filter((v) => values.has(v)).sort());
    assert.ok(values.has(0.2962));
    for (const value of values) assert.ok(value === 0.075 || value === 0.2962, String(value));

    const events = await client.request('GET', '/events?limit=50');
    const types = events.body.data.map((e: { type: string }) => e.type);
    for (const type of ['connect_session.complete', 'customer.create', 'location.create', 'tariff.create']) {
      assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    }
    const complete = events.body.data.find((e: { type: string }) => e.type === 'connect_session.complete');
    assert.equal(complete.data.id, token);
    assert.equal(complete.data.object, 'connect_token');
    assert.equal(complete.data.complete_action, 'SAVE');

    // a completed token is refused
    await refused(token, START, 'connect_token_expired', 'session_start');
  });

  it('walks MANUAL fixed with the name and contract pages, and the summary shows the contract', async () => {
    const client = await newClient(h);
    const token = await newToken(client, {
      route_options: { tariff_name_capture: true, contract_term_capture: true },
    });
    await page(token, START, 'provider_select');
    await page(token, { route: 'provider_select', action: 'PROVIDER_MISSING' }, 'provider_name_capture');
    await refused(
      token,
      { route: 'provider_name_capture', data: { provider: { name: '' } } },
      'provider_name_missing',
      'provider_name_capture',
    );
    await page(
      token,
      { route: 'provider_name_capture', data: { provider: { name: 'Acme' } } },
      'tariff_structure_select',
    );
    await page(
      token,
      { route: 'tariff_structure_select', data: { options: ['FIXED'] } },
      'rate_fixed_capture',
    );
    await refused(
      token,
      { route: 'rate_fixed_capture', data: { cost: 0 } },
      'cost_value_zero',
      'rate_fixed_capture',
    );
    await refused(
      token,
      { route: 'rate_fixed_capture', data: { cost: -3 } },
      'cost_value_negative',
      'rate_fixed_capture',
    );
    await page(token, { route: 'rate_fixed_capture', data: { cost: 24 } }, 'tariff_name_capture');
    await refused(
      token,
      { route: 'tariff_name_capture', data: { tariff: {} } },
      'tariff_name_missing',
      'tariff_name_capture',
    );
    await page(
      token,
      { route: 'tariff_name_capture', data: { tariff: { name: 'Super Cheap Energy 2008' } } },
      'contract_term_capture',
    );
    await refused(
      token,
      { route: 'contract_term_capture', data: { contract_start_date: 'June' } },
      'date_format_invalid',
      'contract_term_capture',
    );
    const summary = await page(
      token,
      {
        route: 'contract_term_capture',
        data: {
          contract_start_date: '2023-06-15T00:00:00Z',
          contract_end_date: '2099-06-15T00:00:00Z',
          contract_term_type: 'FIXED',
        },
      },
      'tariff_summary',
    );
    assert.equal(summary.body.data.tariff.name, 'Super Cheap Energy 2008');
    assert.equal(summary.body.data.tariff.contract_term_type, 'FIXED');
    assert.equal(summary.body.data.tariff.contract_start_date, '2023-06-15T01:00:00+01:00');
    assert.equal(summary.body.data.provider.display_name, 'Acme');
    // WRONG_TARIFF (and its newer name) once, then no longer offered
    const reported = await page(
      token,
      { route: 'tariffs_summary', action: 'WRONG_TARIFF_REPORT' },
      'tariff_summary',
    );
    assert.ok(!reported.body.actions.includes('WRONG_TARIFF'));
    await refused(
      token,
      { route: 'tariff_summary', action: 'WRONG_TARIFF' },
      'action_invalid',
      'tariff_summary',
    );
    await refused(token, { route: 'tariff_summary' }, 'action_missing', 'tariff_summary');
    await page(token, { route: 'tariff_summary', action: 'BACK' }, 'contract_term_capture');
  });

  it('walks ADVANCED and refuses a schedule POST /tariffs would refuse, with its code', async () => {
    const client = await newClient(h);
    const token = await newToken(client, { route_options: { advanced_tariff_capture: true } });
    await page(token, START, 'provider_select');
    await page(
      token,
      { route: 'provider_select', data: { provider: { id: MANUAL } } },
      'tariff_structure_select',
    );
    const advanced = await page(
      token,
      { route: 'tariff_structure_select', data: { options: ['ADVANCED'] } },
      'rate_advanced_capture',
    );
    assert.equal(advanced.body.data.tariff.market_rates, false);
    const gap = [
      {
        months: ['All'],
        days_and_hours: [
          {
            days: ['All'],
            hours: [{ valid_from: '05:00:00', valid_to: '23:30:00', rate: [{ fixed: 0.2 }] }],
          },
        ],
      },
    ];
    await refused(
      token,
      { route: 'rate_advanced_capture', data: { tariff: { schedule: gap } } },
      'gap_in_time_period',
      'rate_advanced_capture',
    );
    const summary = await page(
      token,
      { route: 'rate_advanced_capture', data: { tariff: { schedule: flat(0.19) } } },
      'tariff_summary',
    );
    assert.equal(summary.body.data.tariff.structure_type, 'FIXED');
  });

  it('takes the MARKET path: the surcharge percent stored as a fraction on a market tariff', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    const surcharge = await page(
      token,
      { route: 'provider_select', data: { provider: { id: MARKET } } },
      'surcharge_capture',
    );
    assert.deepEqual(surcharge.body.data.surcharge, { fixed: 0, percentage: 0 });
    await refused(
      token,
      { route: 'surcharge_capture', data: { surcharge: { fixed: 0.1, percentage: -5 } } },
      'surcharge_percentage_invalid',
      'surcharge_capture',
    );
    const summary = await page(
      token,
      { route: 'surcharge_capture', data: { surcharge: { fixed: 0.345, percentage: 18.5 } } },
      'tariff_summary',
    );
    assert.equal(summary.body.data.connection_type, 'MARKET');
    assert.equal(summary.body.data.market_rates_source, true);
    await page(token, { route: 'tariff_summary', action: 'CLOSE' }, 'complete_tariff');
    const read = await tokenOf(client, token);
    const tariffs = await client.request('GET', `/tariffs?location_id=${read.location_id}`);
    const tariff = tariffs.body.data[0];
    assert.equal(tariff.market_rates, true);
    assert.equal(tariff.connection_type, 'MARKET');
    assert.deepEqual(tariff.schedule[0].days_and_hours[0].hours[0].rate, [
      { surcharge_fixed: 0.345, surcharge_percentage: 0.185 },
    ]);
  });

  it('takes the LIBRARY path: a linked tariff from the library, and TARIFF_MISSING falls back', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    const select = await page(
      token,
      { route: 'provider_select', data: { provider: { id: LIBRARY } } },
      'tariff_select',
    );
    assert.deepEqual(select.body.data.tariffs, [
      { id: LIB_TARIFF, name: 'Library 0.31', description: 'A flat library tariff' },
    ]);
    await refused(
      token,
      { route: 'tariff_select', data: { tariff: {} } },
      'tariff_id_missing',
      'tariff_select',
    );
    await refused(
      token,
      { route: 'tariff_select', data: { tariff: { id: 'trt_0000000000000000000000ff' } } },
      'tariff_not_found',
      'tariff_select',
    );
    await refused(
      token,
      { route: 'tariff_select', data: { tariff: { id: DIRECT_TARIFF } } },
      'tariff_id_invalid',
      'tariff_select',
    );
    await page(token, { route: 'tariff_select', action: 'TARIFF_MISSING' }, 'tariff_structure_select');
    await page(token, { route: 'tariff_structure_select', action: 'BACK' }, 'tariff_select');
    const summary = await page(
      token,
      { route: 'tariff_select', data: { tariff: { id: LIB_TARIFF } } },
      'tariff_summary',
    );
    assert.equal(summary.body.data.connection_type, 'LIBRARY');
    await page(token, { route: 'tariff_summary', action: 'CLOSE' }, 'complete_tariff');
    const read = await tokenOf(client, token);
    const tariff = (await client.request('GET', `/tariffs?location_id=${read.location_id}`)).body.data[0];
    assert.equal(tariff.connection_type, 'LIBRARY');
    assert.equal(tariff.is_linked, true);
  });

  it('connects a DIRECT sandbox provider after its login page, and resumes with session_start', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    const redirect = await page(
      token,
      { route: 'provider_select', data: { provider: { id: DIRECT_OK } } },
      'session_redirect',
    );
    const url = new URL(redirect.body.data.redirect_url);
    assert.equal(url.pathname, `/connect/sandbox/${DIRECT_OK}/login`);
    assert.equal(url.searchParams.get('fp_cot'), token);
    const login = await h.app.inject({ method: 'GET', url: `${url.pathname}?fp_cot=${token}&state=%3Cx%3E` });
    assert.equal(login.statusCode, 200);
    assert.match(String(login.headers['content-type']), /text\/html/);
    assert.match(login.body, /value="&lt;x&gt;"/);
    const back = await h.app.inject({
      method: 'GET',
      url: `/connect/sandbox/${DIRECT_OK}/continue?fp_cot=${token}&state=abc&username=u&password=p`,
    });
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, `${URLS.connect_url}?fp_cot=${token}&state=abc`);
    const summary = await page(token, START, 'tariff_summary');
    assert.equal(summary.body.data.connection_type, 'DIRECT');
    await page(token, { route: 'tariff_summary', action: 'CLOSE' }, 'complete_tariff');
    const read = await tokenOf(client, token);
    const tariff = (await client.request('GET', `/tariffs?location_id=${read.location_id}`)).body.data[0];
    assert.equal(tariff.connection_type, 'DIRECT');
    assert.equal(tariff.is_linked, true);
  });

  it('completes a pending DIRECT connection: PENDING slot and 422 pending_connect until the provider answers', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    await page(
      token,
      { route: 'provider_select', data: { provider: { id: DIRECT_PENDING } } },
      'session_redirect',
    );
    const pending = await page(token, START, 'tariff_connection_pending');
    assert.deepEqual(pending.body.actions, ['EDIT', 'DISCONNECT', 'BACK']);
    assert.equal(pending.body.data.connection_type, 'DIRECT');
    await refused(
      token,
      { route: 'tariff_connection_pending' },
      'action_missing',
      'tariff_connection_pending',
    );
    await refused(
      token,
      { route: 'tariff_connection_pending', action: 'TARIFF_MISSING' },
      'action_invalid',
      'tariff_connection_pending',
    );
    await page(token, { route: 'tariff_connection_pending', action: 'CLOSE' }, 'complete_tariff');
    const read = await tokenOf(client, token);
    assert.equal(read.complete_action, 'SAVE');
    assert.equal(read.is_tariff_processed, false);
    const status = await client.request('GET', `/locations/${read.location_id}/status`);
    assert.equal(status.status, 200);
    assert.equal(status.body.tariff_status.commodity_import.status, 'PENDING', JSON.stringify(status.body));
    const pendingLocation = await client.request('GET', `/locations/${read.location_id}`);
    assert.equal(pendingLocation.body.tariff_status.commodity_import, 'PENDING');
    assert.deepEqual(pendingLocation.body.tariff_elements, []);
    const now = new Date(Date.now()).toISOString().slice(0, 10);
    const refusedPrices = await pricesOf(client, read.location_id, `${now}T00:00:00Z`, `${now}T06:00:00Z`);
    assert.equal(refusedPrices.status, 422);
    assert.equal(refusedPrices.body.code, 'pending_connect');

    h.clockOffset += 601_000;
    try {
      const resolved = await runConnectionRound(h.ctx);
      assert.deepEqual(
        resolved.map((o) => o.result),
        ['connected'],
      );
      assert.equal((await tokenOf(client, token)).is_tariff_processed, true);
      const prices = await pricesOf(client, read.location_id, `${now}T00:00:00Z`, `${now}T06:00:00Z`);
      assert.equal(prices.status, 200, JSON.stringify(prices.body));
      assert.equal(prices.body.data[0].price.value, 0.27);
    } finally {
      h.clockOffset -= 601_000;
    }
  });

  it('gives up on a connection the provider never answers after 48 h, with tariff.fetch.failed', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    await page(
      token,
      { route: 'provider_select', data: { provider: { id: DIRECT_STUCK } } },
      'session_redirect',
    );
    await page(token, START, 'tariff_connection_pending');
    await page(token, { route: 'tariff_connection_pending', action: 'CLOSE' }, 'complete_tariff');
    const read = await tokenOf(client, token);
    h.clockOffset += 3_600_000;
    try {
      assert.deepEqual(await runConnectionRound(h.ctx), []);
      h.clockOffset += 48 * 3_600_000;
      assert.deepEqual(
        (await runConnectionRound(h.ctx)).map((o) => o.result),
        ['failed'],
      );
    } finally {
      h.clockOffset -= 49 * 3_600_000;
    }
    const events = (await client.request('GET', '/events?event_type=tariff.fetch.failed')).body.data;
    assert.equal(events.length, 1);
    assert.equal(events[0].data.location_id, read.location_id);
    const status = await client.request('GET', `/locations/${read.location_id}/status`);
    assert.equal(status.body.tariff_status.commodity_import.status, 'NOT_CONNECTED');
  });

  it('shows tariff_connection_failed for a failing provider; EDIT goes back to provider selection', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    await page(
      token,
      { route: 'provider_select', data: { provider: { id: DIRECT_FAIL } } },
      'session_redirect',
    );
    await page(token, START, 'tariff_connection_failed');
    await page(token, { route: 'tariff_connection_failed', action: 'EDIT' }, 'provider_select');
  });

  it('starts on the address page without city and country and checks the address', async () => {
    const client = await newClient(h);
    const token = await newToken(client, { postal_address: { country_code: 'GB' } });
    const address = await page(token, START, 'postal_address_capture');
    assert.equal(address.body.data.postal_address.country_code, 'GB');
    await refused(
      token,
      { route: 'postal_address_capture', data: { postal_address: { country_code: 'GB' } } },
      'city_missing',
      'postal_address_capture',
    );
    await refused(
      token,
      { route: 'postal_address_capture', data: { postal_address: { city: 'X' } } },
      'country_code_missing',
      'postal_address_capture',
    );
    await refused(
      token,
      { route: 'postal_address_capture', data: { postal_address: { city: 'X', country_code: 'QQ' } } },
      'country_code_invalid',
      'postal_address_capture',
    );
    await refused(
      token,
      { route: 'postal_address_capture', data: { postal_address: { city: 'Austin', country_code: 'US' } } },
      'timezone_not_found',
      'postal_address_capture',
    );
    await refused(
      token,
      { route: 'postal_address_capture', data: [] },
      'data_json_invalid',
      'postal_address_capture',
    );
    await page(
      token,
      { route: 'postal_address_capture', data: { postal_address: LONDON } },
      'provider_select',
    );
    await refused(
      token,
      { route: 'provider_select', data: { provider: {} } },
      'provider_id_missing',
      'provider_select',
    );
    await refused(
      token,
      { route: 'provider_select', data: { provider: { id: 'prv_0000000000000000000000ff' } } },
      'provider_not_found',
      'provider_select',
    );
    await page(token, { route: 'provider_select', action: 'ADDRESS_CHANGE' }, 'postal_address_capture');
    await page(token, { route: 'postal_address_capture', action: 'BACK' }, 'provider_select');
    await page(token, { route: 'provider_select', action: 'BACK' }, 'postal_address_capture');
    // nothing to go back to: like CLOSE, the callback URL
    const closed = await page(token, { action: 'BACK' }, 'complete_tariff');
    assert.equal(closed.body.data.callback_url, URLS.callback_url);
  });

  it('EDITs and DISCONNECTs the tariff of a location token from its summary', async () => {
    const client = await newClient(h);
    const customer = await client.request('POST', '/customers', {});
    const location = await client.request('POST', '/locations', {
      customer_id: customer.body.id,
      postal_address: LONDON,
    });
    const tariff = await client.request('POST', '/tariffs', {
      location_id: location.body.id,
      direction: 'IMPORT',
      type: 'COMMODITY',
      contract_start_date: '2024-01-01T00:00:00Z',
      contract_end_date: '2099-01-01T00:00:00Z',
      schedule: flat(0.4),
    });
    assert.equal(tariff.status, 201);
    const edit = await newToken(client, { location_id: location.body.id, postal_address: undefined });
    const summary = await page(edit, START, 'tariff_summary');
    assert.equal(summary.body.data.tariff.structure_type, 'FIXED');
    await page(edit, { route: 'tariff_summary', action: 'EDIT' }, 'provider_select');
    await page(
      edit,
      { route: 'provider_select', data: { provider: { id: MANUAL } } },
      'tariff_structure_select',
    );
    await page(
      edit,
      { route: 'tariff_structure_select', data: { options: ['FIXED'] } },
      'rate_fixed_capture',
    );
    await page(edit, { route: 'rate_fixed_capture', data: { cost: 0.22 } }, 'tariff_summary');
    await page(edit, { route: 'tariff_summary', action: 'CLOSE' }, 'complete_tariff');
    const after = (await client.request('GET', `/tariffs?location_id=${location.body.id}`)).body.data;
    assert.equal(after.length, 1);
    assert.notEqual(after[0].id, tariff.body.id);
    assert.equal(after[0].schedule[0].days_and_hours[0].hours[0].rate[0].fixed, 0.22);
    const events = (await client.request('GET', '/events?event_type=location.update&limit=50')).body.data;
    assert.ok(events.some((e: { data: { id: string } }) => e.data.id === location.body.id));

    const disconnect = await newToken(client, { location_id: location.body.id, postal_address: undefined });
    await page(disconnect, START, 'tariff_summary');
    await page(disconnect, { route: 'tariff_summary', action: 'DISCONNECT' }, 'complete_tariff');
    assert.equal((await tokenOf(client, disconnect)).complete_action, 'DISCONNECT');
    assert.equal(
      (await client.request('GET', `/tariffs?location_id=${location.body.id}`)).body.data.length,
      0,
    );
  });

  it('disconnects at session_start with actions.disconnect_tariff and answers the CLOSE outcome', async () => {
    const client = await newClient(h);
    const location = await client.request('POST', '/locations', { postal_address: LONDON });
    await client.request('POST', '/tariffs', {
      location_id: location.body.id,
      direction: 'IMPORT',
      type: 'COMMODITY',
      contract_start_date: '2024-01-01T00:00:00Z',
      contract_end_date: '2099-01-01T00:00:00Z',
      schedule: flat(0.4),
    });
    const token = await newToken(client, {
      location_id: location.body.id,
      actions: { disconnect_tariff: true },
    });
    const done = await page(token, START, 'complete_tariff');
    assert.equal(done.body.data.callback_url, URLS.callback_url);
    assert.equal((await tokenOf(client, token)).complete_action, 'DISCONNECT');
    assert.equal(
      (await client.request('GET', `/tariffs?location_id=${location.body.id}`)).body.data.length,
      0,
    );
  });

  it('refuses malformed, unknown and expired tokens, and an answer to another page', async () => {
    const client = await newClient(h);
    const malformed = await post('nope', START);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.code, 'connect_token_invalid');
    assert.equal(malformed.body.context, 'connect.session_start');
    const unknown = await post('cot_0000000000000000000000ff', START);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'not_found');
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    await refused(
      token,
      { route: 'rate_fixed_capture', data: { cost: 1 } },
      'route_invalid',
      'rate_fixed_capture',
    );
    h.clockOffset += 86_401_000;
    try {
      await refused(token, START, 'connect_token_expired', 'session_start');
    } finally {
      h.clockOffset -= 86_401_000;
    }
  });

  it('keeps accounts and modes apart: what a live token creates is live and its own account only', async () => {
    const live = await newClient(h, 'live');
    const other = await newClient(h);
    const token = await newToken(live);
    const start = await page(token, START, 'provider_select');
    assert.equal(start.body.live_mode, true);
    // sandbox (DIRECT) providers are test-mode only
    assert.ok(!start.body.data.providers.some((p: { id: string }) => p.id === DIRECT_OK));
    await page(
      token,
      { route: 'provider_select', data: { provider: { id: MANUAL } } },
      'tariff_structure_select',
    );
    await page(
      token,
      { route: 'tariff_structure_select', data: { options: ['FIXED'] } },
      'rate_fixed_capture',
    );
    await page(token, { route: 'rate_fixed_capture', data: { cost: 0.3 } }, 'tariff_summary');
    await page(token, { route: 'tariff_summary', action: 'CLOSE' }, 'complete_tariff');
    const read = await tokenOf(live, token);
    assert.equal(read.live_mode, true);
    assert.equal((await other.request('GET', `/connect/token?connect_token=${token}`)).status, 404);
    assert.equal((await other.request('GET', `/locations/${read.location_id}`)).status, 404);
    const testSide = await newClient(h, 'test', live.accountId);
    assert.equal((await testSide.request('GET', `/locations/${read.location_id}`)).status, 404);
  });

  it('reads the body whatever its Content-Type, and answers CORS preflight on / for any origin', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    for (const contentType of [
      'application/json',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
    ]) {
      const reply = await post(token, START, contentType);
      assert.equal(reply.status, 200, `${contentType}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.headers['access-control-allow-origin'], '*');
    }
    const bare = await h.app.inject({
      method: 'POST',
      url: '/',
      payload: JSON.stringify({ connect_token: token, route: 'session_start' }),
    });
    assert.equal(bare.statusCode, 200, bare.body);
    const broken = await post(token, START, 'text/plain').then(() =>
      h.inject({
        method: 'POST',
        url: '/',
        payload: '{"connect_token":',
        headers: { 'content-type': 'text/plain' },
      }),
    );
    assert.equal(broken.status, 400);
    assert.equal(broken.body.code, 'request_body_invalid');
    const preflight = await h.app.inject({
      method: 'OPTIONS',
      url: '/',
      headers: {
        origin: 'https://anywhere.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
    assert.equal(preflight.headers['access-control-allow-credentials'], undefined);
    // the rest keeps OFFPEAK_CORS_ORIGINS (unset here: no CORS)
    const elsewhere = await h.app.inject({
      method: 'OPTIONS',
      url: '/customers',
      headers: { origin: 'https://anywhere.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(elsewhere.headers['access-control-allow-origin'], undefined);
  });

  it('refuses two steps answered on the same session version (compare-and-set)', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    const [a, b] = await Promise.all([
      post(token, { route: 'provider_select', data: { provider: { id: MANUAL } } }),
      post(token, { route: 'provider_select', data: { provider: { id: MARKET } } }),
    ]);
    const statuses = [a.status, b.status].sort();
    // one applies; the other either lost the race (409) or found the session moved on (400)
    assert.equal(statuses[0], 200);
    assert.ok(statuses[1] === 409 || statuses[1] === 400, JSON.stringify([a.body, b.body]));
  });

  it('answers an internal failure with the server error page and no internals', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    await page(token, START, 'provider_select');
    // a session state no step could have written
    await h.ctx.db
      .updateTable('connect_tokens')
      .set({ session: '{"history": 5}' })
      .where('id', '=', token)
      .execute();
    const reply = await post(token, { route: 'provider_select', action: 'PROVIDER_MISSING' });
    assert.equal(reply.status, 500);
    assert.equal(reply.body.type, 'connect_error');
    assert.equal(reply.body.code, 'server_error');
    assert.equal(reply.body.message, 'A server error has occurred.');
    assert.equal(reply.body.context, 'connect.provider_select');
    assert.equal(reply.body.connect_token, token);
  });

  it('takes an Idempotency-Key without an account and still answers the step', async () => {
    const client = await newClient(h);
    const token = await newToken(client);
    const reply = await h.inject({
      method: 'POST',
      url: '/',
      payload: JSON.stringify({ connect_token: token, route: 'session_start' }),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'connect-step-1' },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.route, 'provider_select');
  });
});

describe('connect_session CORS with OFFPEAK_CORS_ORIGINS set', () => {
  let restricted: Harness;
  before(async () => {
    restricted = await startHarness({ corsOrigins: ['https://dashboard.example.com'] });
  });
  after(() => restricted.close());

  it('answers any origin on / while the rest allows only the configured origins', async () => {
    const preflight = (url: string, origin: string) =>
      restricted.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const session = await preflight('/', 'https://anywhere.example');
    assert.equal(session.statusCode, 204);
    assert.equal(session.headers['access-control-allow-origin'], '*');
    const other = await preflight('/customers', 'https://anywhere.example');
    assert.notEqual(other.headers['access-control-allow-origin'], '*');
    assert.notEqual(other.headers['access-control-allow-origin'], 'https://anywhere.example');
    const allowed = await preflight('/customers', 'https://dashboard.example.com');
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://dashboard.example.com');
  });
});
