import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { insertConnectedTariff } from '../../core/tariffs/tariffs.ts';
import { newClient, startHarness, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  h.inject({ method, url, body, headers: { authorization: `Bearer ${h.adminToken}` } });

const flat = (price: number) => [
  {
    months: ['All'],
    days_and_hours: [
      { days: ['All'], hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: price }] }] },
    ],
  },
];

async function newProvider(name = 'Acme Energy') {
  const reply = await admin('POST', '/admin/catalogue/providers', {
    display_name: name,
    countries: ['GB'],
    regions: ['GB-A'],
    connection_types: ['LIBRARY'],
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

async function newLibraryTariff(providerId: string, price = 0.25) {
  const reply = await admin('POST', '/admin/catalogue/tariffs', {
    provider_id: providerId,
    name: 'Acme Fixed',
    direction: 'IMPORT',
    currency_code: 'GBP',
    regions: ['GB-A'],
    schedule: flat(price),
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body;
}

describe('admin catalogue providers', () => {
  it('refuses requests without the admin token', async () => {
    const reply = await h.inject({ method: 'GET', url: '/admin/catalogue/providers' });
    assert.equal(reply.status, 403);
  });

  it('creates, lists by country, updates and deletes a provider with an absolute logo URL', async () => {
    const provider = await newProvider();
    assert.match(provider.id, /^prv_[0-9a-f]{24}$/);
    assert.match(provider.logo_url, new RegExp(`^https?://[^/]+/catalogue/logos/${provider.id}\\.svg$`));
    assert.deepEqual(provider.connection_types, ['LIBRARY']);
    const list = await admin('GET', '/admin/catalogue/providers?country_code=GB&limit=500');
    assert.ok(list.body.data.some((p: { id: string }) => p.id === provider.id));
    const updated = await admin('PATCH', `/admin/catalogue/providers/${provider.id}`, {
      regions: ['GB-A', 'GB-B'],
    });
    assert.deepEqual(updated.body.regions, ['GB-A', 'GB-B']);
    const gone = await admin('DELETE', `/admin/catalogue/providers/${provider.id}`);
    assert.deepEqual(gone.body, { id: provider.id, object: 'provider', deleted: true });
    assert.equal((await admin('GET', `/admin/catalogue/providers/${provider.id}`)).status, 404);
  });

  it('answers 400 when a region is of a country the provider does not serve', async () => {
    const reply = await admin('POST', '/admin/catalogue/providers', {
      display_name: 'Nowhere',
      countries: ['GB'],
      regions: ['US-CA'],
      connection_types: ['LIBRARY'],
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'regions_invalid');
  });

  it('refuses to delete a provider that still has library tariffs', async () => {
    const provider = await newProvider('Has Tariffs');
    await newLibraryTariff(provider.id);
    const reply = await admin('DELETE', `/admin/catalogue/providers/${provider.id}`);
    assert.equal(reply.status, 409);
    assert.equal(reply.body.code, 'provider_has_tariffs');
  });
});

describe('admin catalogue library tariffs', () => {
  it('answers 400 with the engine code when the schedule does not cover every day', async () => {
    const provider = await newProvider('Gappy');
    const reply = await admin('POST', '/admin/catalogue/tariffs', {
      provider_id: provider.id,
      name: 'Gap',
      direction: 'IMPORT',
      currency_code: 'GBP',
      schedule: [
        {
          months: ['All'],
          days_and_hours: [
            {
              days: ['All'],
              hours: [{ valid_from: '00:00:00', valid_to: '07:00:00', rate: [{ fixed: 0.1 }] }],
            },
          ],
        },
      ],
    });
    assert.equal(reply.status, 400);
    assert.match(reply.body.code, /schedule|hours|gap|period/);
  });

  it('makes every linked tariff follow a change, with tariff.update and location.update, and leaves unlinked ones', async () => {
    const provider = await newProvider('Followed');
    const library = await newLibraryTariff(provider.id, 0.25);
    const client = await newClient(h);
    const scope = { accountId: client.accountId, liveMode: false };
    const location = await client.request('POST', '/locations', {
      postal_address: { city: 'London', country_code: 'GB' },
    });
    const make = (isLinked: boolean) =>
      h.ctx.db.transaction().execute((trx) =>
        insertConnectedTariff(trx, scope, h.ctx.now(scope), {
          locationId: location.body.id,
          direction: 'IMPORT',
          type: 'COMMODITY',
          contractStart: Date.parse('2024-01-01T00:00:00Z'),
          contractEnd: Date.parse('2030-01-01T00:00:00Z'),
          schedule: library.schedule,
          connectionType: 'LIBRARY',
          isLinked,
          libraryTariffId: library.id,
          providerId: provider.id,
          displayName: library.name,
        }),
      );
    const linked = await make(true);
    const unlinked = await make(false);
    const before = (await client.request('GET', '/events?limit=100')).body.data.length;
    const reply = await admin('PATCH', `/admin/catalogue/tariffs/${library.id}`, { schedule: flat(0.3) });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const followed = await client.request('GET', `/tariffs/${linked.id}`);
    assert.deepEqual(followed.body.schedule, flat(0.3));
    const kept = await client.request('GET', `/tariffs/${unlinked.id}`);
    assert.deepEqual(kept.body.schedule, flat(0.25));
    const events = (await client.request('GET', '/events?limit=100')).body.data as {
      type: string;
      data: { id?: string };
    }[];
    const fresh = events.slice(0, events.length - before);
    assert.deepEqual(fresh.map((e) => e.type).sort(), ['location.update', 'tariff.update']);
    const prices = await client.request('POST', `/prices/${location.body.id}`, {
      start_time: '2026-01-01T00:00:00Z',
      end_time: '2026-01-01T01:00:00Z',
    });
    assert.equal(prices.status, 200, JSON.stringify(prices.body));
  });
});

describe('admin catalogue import', () => {
  it('imports a URDB file with its region, then updates the same rows when imported again', async () => {
    const file = readFileSync(
      new URL('../../../catalogue/urdb/fpl-rs-1-residential.json', import.meta.url),
      'utf8',
    );
    const send = () =>
      h.inject({
        method: 'POST',
        url: '/admin/catalogue/import?format=urdb&regions=US-FL',
        payload: file,
        headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' },
      });
    const first = await send();
    assert.equal(first.status, 200, JSON.stringify(first.body));
    // the starting catalogue holds this record already: the same IDs, so an update
    assert.equal(first.body.tariffs_updated, 1);
    const tariff = await admin('GET', `/admin/catalogue/tariffs/${first.body.tariff_ids[0]}`);
    assert.equal(tariff.body.valid_from, '2015-06-01T00:00:00Z');
    assert.deepEqual(tariff.body.regions, ['US-FL']);
  });

  it('answers 400 catalogue_file_invalid when the file is not of the format', async () => {
    const reply = await h.inject({
      method: 'POST',
      url: '/admin/catalogue/import?format=octopus',
      payload: '{"hello": 1}',
      headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'catalogue_file_invalid');
  });
});

describe('catalogue_logo_retrieve', () => {
  it('serves an SVG monogram with cache headers and answers 304 when it is current', async () => {
    const provider = await newProvider('Octopus Energy Test');
    const reply = await h.app.inject({ method: 'GET', url: `/catalogue/logos/${provider.id}.svg` });
    assert.equal(reply.statusCode, 200);
    assert.equal(reply.headers['content-type'], 'image/svg+xml');
    assert.equal(reply.headers['cache-control'], 'public, max-age=86400');
    assert.match(reply.body, /^<svg [^>]*>.*>OE<\/text><\/svg>$/);
    const again = await h.app.inject({
      method: 'GET',
      url: `/catalogue/logos/${provider.id}.svg`,
      headers: { 'if-none-match': String(reply.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
  });

  it('answers 404 for an unknown provider and for a name that is not an SVG of a provider', async () => {
    assert.equal(
      (await h.inject({ method: 'GET', url: '/catalogue/logos/prv_0000000000000000000000ff.svg' })).status,
      404,
    );
    assert.equal((await h.inject({ method: 'GET', url: '/catalogue/logos/prv_00.png' })).status, 404);
  });
});
