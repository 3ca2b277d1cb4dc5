import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const LONDON = {
  address_line1: '1-3',
  address_line2: 'Strand',
  city: 'London',
  post_code: 'WC2N 5EH',
  country_code: 'GB',
};
const AMSTERDAM = { city: 'Amsterdam', country_code: 'NL' };
const GB_MARKET = 'mrs_65792b4ef61b16685ebd2ec9';
const NL_MARKET = 'mrs_65792b4ef61b16685ebd2ec7';
const NO_TARIFFS = {
  commodity_import: 'NOT_CONNECTED',
  commodity_export: 'NOT_CONNECTED',
  non_commodity_import: 'NOT_CONNECTED',
  non_commodity_export: 'NOT_SUPPORTED',
  local: 'NOT_SUPPORTED',
};

async function createLocation(client: Client, body: Record<string, unknown> = {}) {
  const reply = await client.request('POST', '/locations', { postal_address: LONDON, ...body });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

async function createCustomer(client: Client) {
  const reply = await client.request('POST', '/customers', {});
  assert.equal(reply.status, 201);
  return reply.body;
}

function ids(reply: { body: { data: { id: string }[] } }): string[] {
  return reply.body.data.map((item) => item.id);
}

async function eventsOf(client: Client, objectId: string) {
  const reply = await client.request('GET', `/events?object_id=${objectId}`);
  assert.equal(reply.status, 200);
  return reply.body.data as { type: string; data: unknown }[];
}

describe('location_create', () => {
  it('creates a GB location with the derived time zone, currency and market sources', async () => {
    const client = await newClient(h);
    const location = await createLocation(client, { reference_id: 'LOC1234567890' });
    assert.match(location.id, /^loc_[0-9a-f]{24}$/);
    assert.deepEqual(Object.keys(location), [
      'id',
      'object',
      'live_mode',
      'time_created',
      'account_id',
      'reference_id',
      'timezone',
      'currency_code',
      'flex_allowed',
      'postal_address',
      'market_sources',
      'tariff_status',
      'tariff_elements',
    ]);
    assert.equal(location.object, 'location');
    assert.equal(location.live_mode, false);
    assert.match(location.time_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(location.account_id, client.accountId);
    assert.equal(location.reference_id, 'LOC1234567890');
    assert.equal(location.timezone, 'Europe/London');
    assert.equal(location.currency_code, 'GBP');
    assert.equal(location.flex_allowed, false);
    assert.deepEqual(location.postal_address, LONDON);
    assert.deepEqual(location.market_sources, { import: GB_MARKET, export: GB_MARKET });
    assert.deepEqual(location.tariff_status, NO_TARIFFS);
    assert.deepEqual(location.tariff_elements, []);
    assert.equal('customer_id' in location, false);
  });

  it('derives Europe/Amsterdam, EUR and the NL market when the address is in NL', async () => {
    const client = await newClient(h);
    const location = await createLocation(client, { postal_address: AMSTERDAM });
    assert.equal(location.timezone, 'Europe/Amsterdam');
    assert.equal(location.currency_code, 'EUR');
    assert.deepEqual(location.market_sources, { import: NL_MARKET, export: NL_MARKET });
  });

  it('derives the zone from the state and has no market source when the address is in the US', async () => {
    const client = await newClient(h);
    const texas = await createLocation(client, {
      postal_address: { city: 'Austin', state: 'TX', country_code: 'US' },
    });
    assert.equal(texas.timezone, 'America/Chicago');
    assert.equal(texas.currency_code, 'USD');
    assert.deepEqual(texas.market_sources, {});
    const newYork = await createLocation(client, {
      postal_address: { city: 'New York', state: 'New York', country_code: 'US' },
    });
    assert.equal(newYork.timezone, 'America/New_York');
    const california = await createLocation(client, {
      postal_address: { city: 'San Francisco', state: 'CA', country_code: 'US' },
    });
    assert.equal(california.timezone, 'America/Los_Angeles');
  });

  it('keeps the given timezone over the derived one when both are available', async () => {
    const client = await newClient(h);
    const location = await createLocation(client, { timezone: 'Europe/Paris' });
    assert.equal(location.timezone, 'Europe/Paris');
    assert.equal(location.currency_code, 'GBP');
  });

  it('accepts a given timezone when the address alone cannot settle one', async () => {
    const client = await newClient(h);
    const location = await createLocation(client, {
      postal_address: { city: 'Sydney', country_code: 'AU' },
      timezone: 'Australia/Sydney',
    });
    assert.equal(location.timezone, 'Australia/Sydney');
    assert.equal(location.currency_code, 'AUD');
  });

  it('normalises the country code to upper case and trims the city when they arrive untidy', async () => {
    const client = await newClient(h);
    const location = await createLocation(client, {
      postal_address: { city: '  London ', country_code: 'gb' },
    });
    assert.deepEqual(location.postal_address, { city: 'London', country_code: 'GB' });
    assert.equal(location.timezone, 'Europe/London');
  });

  it('stores and echoes geo_location and grid_node_id when they are given', async () => {
    const client = await newClient(h);
    const location = await createLocation(client, {
      geo_location: { lat: 51.50853, lng: -0.12574 },
      grid_node_id: '01459223',
    });
    assert.deepEqual(location.geo_location, { lat: 51.50853, lng: -0.12574 });
    assert.equal(location.grid_node_id, '01459223');
    const reply = await client.request('GET', `/locations/${location.id}`);
    assert.deepEqual(reply.body, location);
  });

  it("links the location to the customer and lists it in the customer's locations", async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const first = await createLocation(client, { customer_id: customer.id });
    const second = await createLocation(client, { customer_id: customer.id, postal_address: AMSTERDAM });
    assert.equal(first.customer_id, customer.id);
    const reply = await client.request('GET', `/customers/${customer.id}`);
    assert.deepEqual(reply.body.locations, [first.id, second.id]);
  });

  it('sets live_mode true when a live token creates the location', async () => {
    const client = await newClient(h, 'live');
    const location = await createLocation(client);
    assert.equal(location.live_mode, true);
  });

  it('records a location.create event whose data is the location', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const location = await createLocation(client, { customer_id: customer.id, reference_id: 'EVT' });
    const events = await eventsOf(client, location.id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['location.create'],
    );
    assert.deepEqual(events[0]?.data, location);
  });

  it('answers 400 postal_address_missing when there is no postal_address', async () => {
    const client = await newClient(h);
    for (const body of [{}, { reference_id: 'X' }, undefined]) {
      const reply = await client.request('POST', '/locations', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.code, 'postal_address_missing');
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.context, 'api.location_create');
      assert.match(reply.body.message, /postal_address/);
    }
  });

  it('answers 400 with a field-naming code for each missing or invalid address part', async () => {
    const client = await newClient(h);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ country_code: 'GB' }, 'city_missing', /city/],
      [{ city: '   ', country_code: 'GB' }, 'city_missing', /city/],
      [{ city: 'London' }, 'country_code_missing', /country_code/],
      [{ city: 'London', country_code: '' }, 'country_code_missing', /country_code/],
      [{ city: 'London', country_code: 'XX' }, 'country_code_invalid', /country_code/],
      [{ city: 'London', country_code: 'GBR' }, 'country_code_invalid', /country_code/],
      [{ city: 'Austin', country_code: 'US' }, 'state_missing', /state/],
      [{ city: 'Austin', state: ' ', country_code: 'US' }, 'state_missing', /state/],
      [{ city: 'Austin', state: 'Atlantis', country_code: 'US' }, 'timezone_not_found', /timezone/],
      [{ city: 'Sydney', country_code: 'AU' }, 'timezone_not_found', /timezone/],
    ];
    for (const [postal_address, code, message] of cases) {
      const reply = await client.request('POST', '/locations', { postal_address });
      assert.equal(reply.status, 400, JSON.stringify(postal_address));
      assert.equal(reply.body.code, code, JSON.stringify(postal_address));
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.context, 'api.location_create');
      assert.match(reply.body.message, message);
    }
    assert.deepEqual((await client.request('GET', '/locations')).body.data, []);
  });

  it('answers 400 timezone_invalid when the timezone is not an IANA zone', async () => {
    const client = await newClient(h);
    for (const timezone of ['Mars/Base', 'europe/london', '']) {
      const reply = await client.request('POST', '/locations', { postal_address: LONDON, timezone });
      assert.equal(reply.status, 400, timezone);
      assert.equal(reply.body.code, 'timezone_invalid', timezone);
      assert.match(reply.body.message, /timezone/);
    }
  });

  it('answers 400 customer_id_invalid when the customer does not exist in this account and mode', async () => {
    const client = await newClient(h);
    const stranger = await newClient(h);
    const live = await newClient(h, 'live', client.accountId);
    const foreign = await createCustomer(stranger);
    const liveCustomer = await createCustomer(live);
    for (const customerId of ['cus_65e421d1daa4a24082b4f590', foreign.id, liveCustomer.id, 'nope']) {
      const reply = await client.request('POST', '/locations', {
        postal_address: LONDON,
        customer_id: customerId,
      });
      assert.equal(reply.status, 400, customerId);
      assert.equal(reply.body.code, 'customer_id_invalid', customerId);
      assert.equal(reply.body.context, 'api.location_create');
      assert.match(reply.body.message, /customer_id/);
    }
    assert.deepEqual((await client.request('GET', '/locations')).body.data, []);
    assert.deepEqual((await stranger.request('GET', `/customers/${foreign.id}`)).body.locations, []);
  });

  it('answers 400 <field>_invalid naming the field when a field has the wrong type', async () => {
    const client = await newClient(h);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ postal_address: LONDON, reference_id: 42 }, 'reference_id_invalid', /reference_id/],
      [{ postal_address: 'London, GB' }, 'postal_address_invalid', /postal_address/],
      [{ postal_address: [LONDON] }, 'postal_address_invalid', /postal_address/],
      [{ postal_address: { city: 5, country_code: 'GB' } }, 'city_invalid', /postal_address\.city/],
      [{ postal_address: { city: 'London', country_code: 44 } }, 'country_code_invalid', /country_code/],
      [{ postal_address: { ...LONDON, state: true } }, 'state_invalid', /state/],
      [{ postal_address: { ...LONDON, post_code: 12345 } }, 'post_code_invalid', /post_code/],
      [{ postal_address: LONDON, timezone: 0 }, 'timezone_invalid', /timezone/],
      [{ postal_address: LONDON, customer_id: 7 }, 'customer_id_invalid', /customer_id/],
      [{ postal_address: LONDON, geo_location: 'here' }, 'geo_location_invalid', /geo_location/],
      [{ postal_address: LONDON, grid_node_id: 1459223 }, 'grid_node_id_invalid', /grid_node_id/],
    ];
    for (const [body, code, message] of cases) {
      const reply = await client.request('POST', '/locations', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.code, code, JSON.stringify(body));
      assert.equal(reply.body.type, 'invalid_request');
      assert.equal(reply.body.context, 'api.location_create');
      assert.match(reply.body.message, message);
    }
  });

  it('answers 400 naming the coordinate when geo_location is out of range or incomplete', async () => {
    const client = await newClient(h);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ lat: 91, lng: 0 }, 'lat_invalid', /geo_location\.lat/],
      [{ lat: -90.5, lng: 0 }, 'lat_invalid', /geo_location\.lat/],
      [{ lat: 0, lng: 180.1 }, 'lng_invalid', /geo_location\.lng/],
      [{ lat: 0, lng: -181 }, 'lng_invalid', /geo_location\.lng/],
      [{ lat: '51.5', lng: 0 }, 'lat_invalid', /geo_location\.lat/],
      [{ lat: 51.5 }, 'lng_missing', /geo_location\.lng/],
    ];
    for (const [geo_location, code, message] of cases) {
      const reply = await client.request('POST', '/locations', { postal_address: LONDON, geo_location });
      assert.equal(reply.status, 400, JSON.stringify(geo_location));
      assert.equal(reply.body.code, code, JSON.stringify(geo_location));
      assert.match(reply.body.message, message);
    }
    const edge = await createLocation(client, { geo_location: { lat: -90, lng: 180 } });
    assert.deepEqual(edge.geo_location, { lat: -90, lng: 180 });
  });

  it('answers 400 request_body_invalid when the body is not JSON', async () => {
    const client = await newClient(h);
    const reply = await h.inject({
      method: 'POST',
      url: '/locations',
      payload: '{"postal_address": ',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'request_body_invalid');
  });

  it('answers 403 access_denied when no token is given', async () => {
    const reply = await h.inject({ method: 'POST', url: '/locations', body: { postal_address: LONDON } });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.code, 'access_denied');
    assert.equal(reply.body.context, 'api.location_create');
  });
});

describe('location_list', () => {
  it('lists newest first with the list envelope', async () => {
    const client = await newClient(h);
    const first = await createLocation(client);
    const second = await createLocation(client, { postal_address: AMSTERDAM });
    const reply = await client.request('GET', '/locations');
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.body), ['object', 'url', 'has_more', 'data']);
    assert.equal(reply.body.object, 'list');
    assert.equal(reply.body.url, '/locations');
    assert.equal(reply.body.has_more, false);
    assert.deepEqual(reply.body.data, [second, first]);
  });

  it('filters by exact reference_id', async () => {
    const client = await newClient(h);
    await createLocation(client, { reference_id: 'home' });
    const match = await createLocation(client, { reference_id: 'HOME' });
    await createLocation(client);
    const reply = await client.request('GET', '/locations?reference_id=HOME');
    assert.deepEqual(ids(reply), [match.id]);
  });

  it('filters by customer_id', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const other = await createCustomer(client);
    const a = await createLocation(client, { customer_id: customer.id });
    await createLocation(client, { customer_id: other.id });
    await createLocation(client);
    const b = await createLocation(client, { customer_id: customer.id });
    assert.deepEqual(ids(await client.request('GET', `/locations?customer_id=${customer.id}`)), [b.id, a.id]);
    assert.deepEqual(
      ids(await client.request('GET', '/locations?customer_id=cus_65e421d1daa4a24082b4f590')),
      [],
    );
    const both = await client.request('GET', `/locations?customer_id=${customer.id}&reference_id=none`);
    assert.deepEqual(both.body.data, []);
  });

  it('pages with limit, starting_after and ending_before', async () => {
    const client = await newClient(h);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createLocation(client, { reference_id: `P${i}` })).id);
    const newest = [...made].reverse();
    const page1 = await client.request('GET', '/locations?limit=2');
    assert.deepEqual(ids(page1), newest.slice(0, 2));
    assert.equal(page1.body.has_more, true);
    const page2 = await client.request('GET', `/locations?limit=2&starting_after=${newest[1]}`);
    assert.deepEqual(ids(page2), newest.slice(2, 4));
    assert.equal(page2.body.has_more, true);
    const page3 = await client.request('GET', `/locations?limit=2&starting_after=${newest[3]}`);
    assert.deepEqual(ids(page3), newest.slice(4));
    assert.equal(page3.body.has_more, false);
    const back = await client.request('GET', `/locations?limit=2&ending_before=${newest[4]}`);
    assert.deepEqual(ids(back), newest.slice(2, 4));
    assert.equal(back.body.has_more, true);
    const top = await client.request('GET', `/locations?limit=2&ending_before=${newest[2]}`);
    assert.deepEqual(ids(top), newest.slice(0, 2));
    assert.equal(top.body.has_more, false);
  });

  it('answers 400 for a bad limit, both cursors, or a cursor that is not a location of this account', async () => {
    const client = await newClient(h);
    const stranger = await newClient(h);
    const location = await createLocation(client);
    const foreign = await createLocation(stranger);
    const customer = await createCustomer(client);
    const cases: [string, string][] = [
      ['/locations?limit=0', 'limit_invalid'],
      ['/locations?limit=101', 'limit_invalid'],
      ['/locations?limit=ten', 'limit_invalid'],
      [`/locations?starting_after=${location.id}&ending_before=${location.id}`, 'cursor_conflict'],
      [`/locations?starting_after=${foreign.id}`, 'starting_after_invalid'],
      [`/locations?starting_after=${customer.id}`, 'starting_after_invalid'],
      ['/locations?ending_before=loc_65e421d1daa4a24082b4f590', 'ending_before_invalid'],
    ];
    for (const [url, code] of cases) {
      const reply = await client.request('GET', url);
      assert.equal(reply.status, 400, url);
      assert.equal(reply.body.code, code, url);
      assert.equal(reply.body.context, 'api.location_list');
    }
  });
});

describe('location_retrieve', () => {
  it('returns the location when it exists', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const location = await createLocation(client, { customer_id: customer.id, reference_id: 'R1' });
    const reply = await client.request('GET', `/locations/${location.id}`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, location);
  });

  it('answers 404 not_found when the ID is unknown or malformed', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    for (const id of [
      'loc_641b90b758fb8e6293716e40',
      'loc_d47751032d2748d2bce8ec55b2006def',
      customer.id,
      'nope',
    ]) {
      const reply = await client.request('GET', `/locations/${id}`);
      assert.equal(reply.status, 404, id);
      assert.equal(reply.body.code, 'not_found');
      assert.equal(reply.body.message, 'Not Found');
      assert.equal(reply.body.context, 'api.location_retrieve');
    }
  });
});

describe('location_update', () => {
  it('answers 200 with the changed location and records location.update with it', async () => {
    const client = await newClient(h);
    const location = await createLocation(client, { reference_id: 'OLD' });
    const reply = await client.request('PATCH', `/locations/${location.id}`, { reference_id: 'NEW' });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { ...location, reference_id: 'NEW' });
    const events = await client.request('GET', `/events?event_type=location.update&object_id=${location.id}`);
    assert.equal(events.body.data.length, 1);
    assert.deepEqual(events.body.data[0].data, reply.body);
    assert.deepEqual((await client.request('GET', `/locations/${location.id}`)).body, reply.body);
  });

  it('keeps the fields that the body leaves out', async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const location = await createLocation(client, {
      reference_id: 'KEEP',
      customer_id: customer.id,
      geo_location: { lat: 51.5, lng: -0.1 },
      grid_node_id: 'N1',
    });
    const reply = await client.request('PATCH', `/locations/${location.id}`, { grid_node_id: 'N2' });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { ...location, grid_node_id: 'N2' });
  });

  it('answers 200 with the location unchanged when the body is empty', async () => {
    const client = await newClient(h);
    const location = await createLocation(client, { reference_id: 'SAME' });
    const reply = await client.request('PATCH', `/locations/${location.id}`, {});
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, location);
  });

  it('re-derives timezone, currency and market sources when the address changes', async () => {
    const client = await newClient(h);
    const location = await createLocation(client);
    const reply = await client.request('PATCH', `/locations/${location.id}`, { postal_address: AMSTERDAM });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body.postal_address, AMSTERDAM);
    assert.equal(reply.body.timezone, 'Europe/Amsterdam');
    assert.equal(reply.body.currency_code, 'EUR');
    assert.deepEqual(reply.body.market_sources, { import: NL_MARKET, export: NL_MARKET });
    const us = await client.request('PATCH', `/locations/${location.id}`, {
      postal_address: { city: 'Denver', state: 'CO', country_code: 'US' },
    });
    assert.equal(us.body.timezone, 'America/Denver');
    assert.equal(us.body.currency_code, 'USD');
    assert.deepEqual(us.body.market_sources, {});
  });

  it('keeps a given timezone over the derived one when address and timezone change together', async () => {
    const client = await newClient(h);
    const location = await createLocation(client);
    const reply = await client.request('PATCH', `/locations/${location.id}`, {
      postal_address: AMSTERDAM,
      timezone: 'Europe/Berlin',
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.timezone, 'Europe/Berlin');
    assert.equal(reply.body.currency_code, 'EUR');
  });

  it('changes only the timezone when only the timezone is given', async () => {
    const client = await newClient(h);
    const location = await createLocation(client);
    const reply = await client.request('PATCH', `/locations/${location.id}`, { timezone: 'Europe/Dublin' });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { ...location, timezone: 'Europe/Dublin' });
  });

  it("moves the location between customers' locations when customer_id changes", async () => {
    const client = await newClient(h);
    const from = await createCustomer(client);
    const to = await createCustomer(client);
    const location = await createLocation(client, { customer_id: from.id });
    const reply = await client.request('PATCH', `/locations/${location.id}`, { customer_id: to.id });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.customer_id, to.id);
    assert.deepEqual((await client.request('GET', `/customers/${from.id}`)).body.locations, []);
    assert.deepEqual((await client.request('GET', `/customers/${to.id}`)).body.locations, [location.id]);
  });

  it('answers 400 and changes nothing, without an event, when the update is invalid', async () => {
    const client = await newClient(h);
    const stranger = await newClient(h);
    const foreign = await createCustomer(stranger);
    const location = await createLocation(client, { reference_id: 'SAFE' });
    const cases: [Record<string, unknown>, string][] = [
      [
        { reference_id: 'CHANGED', postal_address: { city: 'Paris', country_code: 'XX' } },
        'country_code_invalid',
      ],
      [{ reference_id: 'CHANGED', postal_address: { country_code: 'FR' } }, 'city_missing'],
      [{ reference_id: 'CHANGED', postal_address: { city: 'Austin', country_code: 'US' } }, 'state_missing'],
      [{ reference_id: 'CHANGED', timezone: 'Mars/Base' }, 'timezone_invalid'],
      [{ reference_id: 'CHANGED', customer_id: 'cus_65e421d1daa4a24082b4f590' }, 'customer_id_invalid'],
      [{ reference_id: 'CHANGED', customer_id: foreign.id }, 'customer_id_invalid'],
      [{ reference_id: 'CHANGED', geo_location: { lat: 100, lng: 0 } }, 'lat_invalid'],
      [{ reference_id: ['CHANGED'] }, 'reference_id_invalid'],
    ];
    for (const [body, code] of cases) {
      const reply = await client.request('PATCH', `/locations/${location.id}`, body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.code, code, JSON.stringify(body));
      assert.equal(reply.body.context, 'api.location_update');
    }
    assert.deepEqual((await client.request('GET', `/locations/${location.id}`)).body, location);
    assert.deepEqual(
      (await eventsOf(client, location.id)).map((e) => e.type),
      ['location.create'],
    );
  });

  it('answers 404 when the location is unknown', async () => {
    const client = await newClient(h);
    const reply = await client.request('PATCH', '/locations/loc_641b90b758fb8e6293716e40', {
      reference_id: 'X',
    });
    assert.equal(reply.status, 404);
    assert.equal(reply.body.code, 'not_found');
    assert.equal(reply.body.context, 'api.location_update');
  });
});

describe('location_delete', () => {
  it("answers 202 Accepted, records location.delete and removes it from the customer's locations", async () => {
    const client = await newClient(h);
    const customer = await createCustomer(client);
    const kept = await createLocation(client, { customer_id: customer.id });
    const location = await createLocation(client, { customer_id: customer.id, reference_id: 'GONE' });
    const reply = await client.request('DELETE', `/locations/${location.id}`);
    assert.equal(reply.status, 202);
    assert.deepEqual(reply.body, { message: 'Accepted' });
    assert.equal((await client.request('GET', `/locations/${location.id}`)).status, 404);
    assert.equal((await client.request('GET', `/locations/${location.id}/status`)).status, 404);
    assert.deepEqual((await client.request('GET', `/customers/${customer.id}`)).body.locations, [kept.id]);
    assert.deepEqual(ids(await client.request('GET', '/locations')), [kept.id]);
    const events = await eventsOf(client, location.id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['location.delete', 'location.create'],
    );
    assert.deepEqual(events[0]?.data, location);
  });

  it('answers 404 when the location is already deleted or unknown', async () => {
    const client = await newClient(h);
    const location = await createLocation(client);
    assert.equal((await client.request('DELETE', `/locations/${location.id}`)).status, 202);
    const again = await client.request('DELETE', `/locations/${location.id}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.code, 'not_found');
    assert.equal(again.body.context, 'api.location_delete');
    assert.equal((await client.request('DELETE', '/locations/nope')).status, 404);
  });
});

describe('location_status_retrieve', () => {
  it('answers a location_status with every slot status of a new location', async () => {
    const client = await newClient(h);
    const location = await createLocation(client);
    const reply = await client.request('GET', `/locations/${location.id}/status`);
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, {
      id: location.id,
      object: 'location_status',
      live_mode: false,
      time_created: location.time_created,
      account_id: client.accountId,
      tariff_status: {
        commodity_import: { status: 'NOT_CONNECTED' },
        commodity_export: { status: 'NOT_CONNECTED' },
        non_commodity_import: { status: 'NOT_CONNECTED' },
        non_commodity_export: { status: 'NOT_SUPPORTED' },
        local: { status: 'NOT_SUPPORTED' },
      },
    });
  });

  it('answers 404 not_found when the location is unknown', async () => {
    const client = await newClient(h);
    for (const id of ['loc_641b90b758fb8e6293716e40', 'nope']) {
      const reply = await client.request('GET', `/locations/${id}/status`);
      assert.equal(reply.status, 404, id);
      assert.equal(reply.body.code, 'not_found');
      assert.equal(reply.body.context, 'api.location_status_retrieve');
    }
  });
});

describe('location isolation', () => {
  it('answers 404 when the location belongs to another account', async () => {
    const owner = await newClient(h);
    const stranger = await newClient(h);
    const location = await createLocation(owner);
    assert.equal((await stranger.request('GET', `/locations/${location.id}`)).status, 404);
    assert.equal((await stranger.request('GET', `/locations/${location.id}/status`)).status, 404);
    assert.equal(
      (await stranger.request('PATCH', `/locations/${location.id}`, { reference_id: 'x' })).status,
      404,
    );
    assert.equal((await stranger.request('DELETE', `/locations/${location.id}`)).status, 404);
    assert.deepEqual((await stranger.request('GET', '/locations')).body.data, []);
    assert.deepEqual((await stranger.request('GET', `/events?object_id=${location.id}`)).body.data, []);
    assert.deepEqual((await owner.request('GET', `/locations/${location.id}`)).body, location);
  });

  it('answers 404 when a live token asks for a test-mode location of the same account', async () => {
    const test = await newClient(h, 'test');
    const live = await newClient(h, 'live', test.accountId);
    const location = await createLocation(test);
    assert.equal((await live.request('GET', `/locations/${location.id}`)).status, 404);
    assert.equal((await live.request('GET', `/locations/${location.id}/status`)).status, 404);
    assert.equal(
      (await live.request('PATCH', `/locations/${location.id}`, { reference_id: 'x' })).status,
      404,
    );
    assert.equal((await live.request('DELETE', `/locations/${location.id}`)).status, 404);
    const liveList = await live.request('GET', '/locations');
    assert.deepEqual(liveList.body.data, []);
    assert.equal(liveList.body.has_more, false);
    const liveLocation = await createLocation(live);
    assert.equal((await test.request('GET', `/locations/${liveLocation.id}`)).status, 404);
    assert.deepEqual(ids(await test.request('GET', '/locations')), [location.id]);
  });
});
