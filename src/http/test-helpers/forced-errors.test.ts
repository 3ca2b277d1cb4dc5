// The Offpeak-Test-Error header [decision:forced-errors]: each forced error in its exact shape,
// nothing read or written when it answers, live keys refused, and no change without the header.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness, type Reply } from '../../testing/harness.ts';

let h: Harness;
let client: Client;
let location = '';
let tariff = '';
before(async () => {
  h = await startHarness({ rateLimitPerMinute: 1_000 });
  client = await newClient(h);
  const created = await client.request('POST', '/locations', {
    postal_address: {
      address_line1: '1-3',
      address_line2: 'Strand',
      city: 'London',
      post_code: 'WC2N 5EH',
      country_code: 'GB',
    },
  });
  location = created.body.id;
  tariff = (
    await client.request('POST', '/tariffs', {
      location_id: location,
      direction: 'IMPORT',
      type: 'COMMODITY',
      contract_start_date: '2020-01-01T00:00:00Z',
      contract_end_date: '2035-01-01T00:00:00Z',
      schedule: [
        {
          months: ['All'],
          days_and_hours: [
            {
              days: ['All'],
              hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.25 }] }],
            },
          ],
        },
      ],
    })
  ).body.id;
});
after(() => h.close());

const forced = (value: string) => ({ 'offpeak-test-error': value });
const WINDOW = { start_time: '2026-01-10T00:00:00Z', end_time: '2026-01-10T06:00:00Z' };

/** The error body without the two fields that differ on every request. */
function errorOf(reply: Reply): Record<string, unknown> {
  assert.match(String(reply.body.request_id), /\S/);
  assert.match(String(reply.body.time_created), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  return { ...reply.body, time_created: 'T', request_id: 'R' };
}

const error = (context: string, type: string, code: string, message: string) => ({
  object: 'error',
  live_mode: false,
  context,
  type,
  code,
  message,
  time_created: 'T',
  request_id: 'R',
});

describe('Offpeak-Test-Error', () => {
  it('answers rate_limit as a real rate limit does: 429 with Retry-After and the x-ratelimit headers', async () => {
    const reply = await client.request('GET', '/customers', undefined, forced('rate_limit'));
    assert.equal(reply.status, 429);
    assert.deepEqual(
      errorOf(reply),
      error(
        'api.customer_list',
        'rate_limit',
        'too_many_requests',
        'Too many requests. Please retry after a short delay.',
      ),
    );
    assert.equal(reply.headers['retry-after'], '60');
    assert.equal(reply.headers['x-ratelimit-limit'], '1000');
    assert.equal(reply.headers['x-ratelimit-remaining'], '0');
    assert.equal(reply.headers['x-ratelimit-reset'], '60');
    assert.equal(reply.headers['flatpeak-version'], '2025-09-14.anode');
  });

  it('answers server_error with 500 api_error and creates nothing', async () => {
    const own = await newClient(h);
    const reply = await own.request('POST', '/customers', { reference_id: 'CUS1' }, forced('server_error'));
    assert.equal(reply.status, 500);
    assert.deepEqual(
      errorOf(reply),
      error('api.customer_create', 'api_error', 'server_error', 'Internal Server Error'),
    );
    assert.deepEqual((await own.request('GET', '/customers')).body.data, []);
  });

  it('answers pending_connect and no_price_data on operations that need prices', async () => {
    const prices = await client.request('POST', `/prices/${location}`, WINDOW, forced('pending_connect'));
    assert.equal(prices.status, 422);
    assert.deepEqual(
      errorOf(prices),
      error(
        'api.price_retrieve',
        'invalid_request',
        'pending_connect',
        'Connect is processing link to tariff source; prices follow once the provider answers',
      ),
    );
    const schedule = await client.request(
      'POST',
      `/schedules/duration/${location}`,
      { ...WINDOW, segment: 'LOW', duration: 60 },
      forced('no_price_data'),
    );
    assert.equal(schedule.status, 422);
    assert.deepEqual(
      errorOf(schedule),
      error(
        'api.schedule_duration_create',
        'invalid_request',
        'no_price_data',
        'No market prices for part of the requested window',
      ),
    );
    // the same requests without the header are answered
    assert.equal((await client.request('POST', `/prices/${location}`, WINDOW)).status, 200);
  });

  it('answers tariff_not_found with the 404 of a tariff that does not exist', async () => {
    const reply = await client.request('GET', `/tariffs/${tariff}`, undefined, forced('tariff_not_found'));
    const unknown = await client.request('GET', '/tariffs/trf_65792b4ef61b16685ebd2ec7');
    assert.equal(reply.status, 404);
    assert.deepEqual(errorOf(reply), errorOf(unknown));
    assert.deepEqual(
      errorOf(reply),
      error('api.tariff_retrieve', 'invalid_request', 'not_found', 'Not Found'),
    );
    const deleted = await client.request(
      'DELETE',
      `/tariffs/${tariff}`,
      undefined,
      forced('tariff_not_found'),
    );
    assert.equal(deleted.status, 404);
    // the tariff is still there
    assert.equal((await client.request('GET', `/tariffs/${tariff}`)).status, 200);
  });

  it('refuses a name the operation cannot answer, and an unknown name, with 400', async () => {
    const notHere = await client.request('GET', '/customers', undefined, forced('no_price_data'));
    assert.equal(notHere.status, 400);
    assert.equal(notHere.body.code, 'test_error_not_applicable');
    assert.equal(notHere.body.context, 'api.customer_list');
    const tariffHere = await client.request('GET', '/customers', undefined, forced('tariff_not_found'));
    assert.equal(tariffHere.body.code, 'test_error_not_applicable');
    for (const value of ['RATE_LIMIT', 'teapot', '']) {
      const reply = await client.request('GET', '/customers', undefined, forced(value));
      assert.equal(reply.status, 400, value);
      assert.deepEqual(
        errorOf(reply),
        error(
          'api.customer_list',
          'invalid_request',
          'test_error_invalid',
          `Offpeak-Test-Error must be one of rate_limit, server_error, pending_connect, no_price_data, tariff_not_found, got ${value}`,
        ),
      );
    }
  });

  it('refuses the header with a live key, and writes nothing', async () => {
    const live = await newClient(h, 'live');
    const reply = await live.request('POST', '/customers', {}, forced('server_error'));
    assert.equal(reply.status, 400);
    assert.deepEqual(errorOf(reply), {
      ...error(
        'api.customer_create',
        'invalid_request',
        'test_error_live_mode',
        'Offpeak-Test-Error is accepted only with test-mode keys; live requests are never forced to fail',
      ),
      live_mode: true,
    });
    assert.deepEqual((await live.request('GET', '/customers')).body.data, []);
  });

  it('keeps no idempotency record of a forced answer: the same key then creates the object', async () => {
    const own = await newClient(h);
    const key = { 'idempotency-key': 'forced-then-real' };
    const first = await own.request('POST', '/customers', {}, { ...key, ...forced('rate_limit') });
    assert.equal(first.status, 429);
    const second = await own.request('POST', '/customers', {}, key);
    assert.equal(second.status, 201);
    assert.equal(second.headers['idempotent-replayed'], undefined);
  });
});

describe('Offpeak-Test-Error and the rate limit', () => {
  it('does not count forced answers against the account’s limit', async () => {
    const limited = await startHarness({ rateLimitPerMinute: 2 });
    try {
      const own = await newClient(limited);
      for (let i = 0; i < 3; i++) {
        assert.equal((await own.request('GET', '/customers', undefined, forced('server_error'))).status, 500);
      }
      assert.equal((await own.request('GET', '/customers')).status, 200);
      assert.equal((await own.request('GET', '/customers')).status, 200);
      const real = await own.request('GET', '/customers');
      assert.equal(real.status, 429);
      // a forced 429 carries the headers a real one does
      const forcedReply = await own.request('GET', '/customers', undefined, forced('rate_limit'));
      for (const name of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
        assert.ok(real.headers[name] !== undefined, name);
        assert.ok(forcedReply.headers[name] !== undefined, name);
      }
      assert.deepEqual(errorOf(forcedReply), errorOf(real));
    } finally {
      await limited.close();
    }
  });
});
