import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { createApiKey } from '../core/accounts/accounts.ts';
import { newClient, type Harness } from '../testing/harness.ts';
import { pickLanguage, translator } from './i18n.ts';
import { PAGE_CSP } from './page.ts';
import { csrfTokenOf, isSecure } from './session.ts';
import { csrfOf, newSite, sessionCookieOf, startWebHarness } from './web-test-support.ts';

let h: Harness;
before(async () => {
  h = await startWebHarness();
});
after(() => h.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function signIn(accountId: string, apiKey: string) {
  return h.app.inject({
    method: 'POST',
    url: '/dashboard/sign-in',
    headers: FORM,
    payload: form({ account_id: accountId, api_key: apiKey }),
  });
}

const page = (url: string, cookie: string) => h.app.inject({ method: 'GET', url, headers: { cookie } });
const post = (
  url: string,
  cookie: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) => h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie, ...headers }, payload: form(fields) });

describe('GET /', () => {
  it('answers a browser with the landing page linking the dashboard and /docs under the page CSP', async () => {
    const reply = await h.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html,*/*;q=0.8' } });
    assert.equal(reply.statusCode, 200);
    assert.match(String(reply.headers['content-type']), /^text\/html/);
    assert.match(reply.body, /href="\/dashboard"/);
    assert.match(reply.body, /href="\/docs"/);
    assert.equal(reply.headers['content-security-policy'], PAGE_CSP);
    assert.doesNotMatch(PAGE_CSP, /unsafe-inline|unsafe-eval|\*/);
    assert.doesNotMatch(reply.body, /<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('answers an API client with the JSON 404 as before', async () => {
    const reply = await h.app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } });
    assert.equal(reply.statusCode, 404);
    assert.equal(reply.json().object, 'error');
    assert.equal(reply.json().code, 'not_found');
    assert.equal(reply.headers['content-security-policy'], undefined);
  });
});

describe('OpenAPI document', () => {
  it('lists no page: the pages are not API operations', async () => {
    const document = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const paths = Object.keys(document.paths);
    assert.ok(paths.includes('/login'));
    assert.deepEqual(
      paths.filter((p) => p.startsWith('/dashboard') || p.startsWith('/assets')),
      [],
    );
    // `/` is the Connect session endpoint (POST); the landing page's GET is not an operation
    assert.equal(document.paths['/']?.get, undefined);
  });
});

describe('assets', () => {
  it('serves uPlot from its package with cache headers and refuses unknown files', async () => {
    const reply = await h.app.inject({ method: 'GET', url: '/assets/uplot.min.js' });
    assert.equal(reply.statusCode, 200);
    const shipped = await readFile(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));
    assert.ok(reply.rawPayload.equals(shipped));
    assert.match(String(reply.headers['cache-control']), /max-age=\d+/);
    assert.match(String(reply.headers['content-type']), /^text\/javascript/);
    assert.equal((await h.app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode, 200);
    assert.equal((await h.app.inject({ method: 'GET', url: '/assets/..%2Fpackage.json' })).statusCode, 404);
  });
});

describe('dashboard sign-in', () => {
  it('sets an HttpOnly SameSite=Strict session cookie and shows the mode when the key matches', async () => {
    const client = await newClient(h);
    const reply = await signIn(client.accountId, client.apiKey);
    assert.equal(reply.statusCode, 303);
    assert.equal(reply.headers.location, '/dashboard/locations');
    const cookie = String(reply.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\/dashboard/);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP without an https public URL');
    assert.ok(!cookie.includes(client.apiKey));
    const locations = await page('/dashboard/locations', sessionCookieOf(reply));
    assert.equal(locations.statusCode, 200);
    assert.match(locations.body, /data-mode="test"/);
    assert.ok(!locations.body.includes(client.apiKey), 'the key is never in a page');
  });

  it('refuses a wrong key with an announced error and never echoes the key', async () => {
    const client = await newClient(h);
    const wrong = `${client.apiKey.slice(0, -4)}zzzz`;
    const reply = await signIn(client.accountId, wrong);
    assert.equal(reply.statusCode, 401);
    assert.equal(reply.headers['set-cookie'], undefined);
    assert.match(reply.body, /role="alert"[^>]*><p class="error" id="page-error">/);
    // the key field is described by the error and takes the focus, so the reason is heard
    assert.match(reply.body, /id="api_key"[^>]*aria-describedby="page-error" autofocus/);
    assert.ok(!reply.body.includes(wrong));
  });

  it('redirects to sign-in when there is no session or a forged one', async () => {
    for (const cookie of ['', 'offpeak_session=eyJhbGciOiJIUzI1NiJ9.e30.forgedforgedforged']) {
      const reply = await page('/dashboard/locations', cookie);
      assert.equal(reply.statusCode, 303);
      assert.equal(reply.headers.location, '/dashboard');
    }
  });

  it('ends the session when its key is revoked', async () => {
    const client = await newClient(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    assert.equal((await page('/dashboard/events', cookie)).statusCode, 200);
    const revoked = await h.inject({
      method: 'DELETE',
      url: `/admin/keys/${client.keyId}`,
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    assert.ok(revoked.status < 300, JSON.stringify(revoked.body));
    assert.equal((await page('/dashboard/events', cookie)).statusCode, 303);
  });

  it('clears the cookie on sign-out', async () => {
    const client = await newClient(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    const csrf = csrfOf((await page('/dashboard/locations', cookie)).body);
    const reply = await post('/dashboard/sign-out', cookie, { csrf });
    assert.equal(reply.statusCode, 303);
    assert.match(String(reply.headers['set-cookie']), /^offpeak_session=; .*Max-Age=0/);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const fake = (protocol: string) => ({ protocol }) as FastifyRequest;
    assert.equal(isSecure(fake('https'), undefined), true);
    assert.equal(isSecure(fake('http'), 'https://offpeak.example.com'), true);
    assert.equal(isSecure(fake('http'), 'http://localhost:8080'), false);
  });
});

describe('dashboard CSRF', () => {
  it('refuses a POST without the session CSRF token, with another session’s, or from another origin', async () => {
    const client = await newClient(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    const other = await newClient(h);
    const otherCookie = sessionCookieOf(await signIn(other.accountId, other.apiKey));
    const csrf = csrfOf((await page('/dashboard/webhooks', cookie)).body);
    const url = { url: 'https://hooks.example.com/offpeak' };
    assert.equal((await post('/dashboard/webhooks', cookie, url)).statusCode, 403);
    assert.equal(
      (
        await post('/dashboard/webhooks', cookie, {
          ...url,
          csrf: csrfTokenOf(otherCookie.split('=')[1] ?? ''),
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await post('/dashboard/webhooks', cookie, { ...url, csrf }, { origin: 'https://evil.example' }))
        .statusCode,
      403,
    );
    assert.equal((await post('/dashboard/webhooks', cookie, { ...url, csrf })).statusCode, 303);
  });
});

describe('dashboard pages', () => {
  it('finds a location by reference, by ID and by customer, and shows its tariff and charts', async () => {
    const { client, location } = await newSite(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    for (const q of ['TOKYO-1', location]) {
      const list = await page(`/dashboard/locations?q=${q}`, cookie);
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(`/dashboard/locations/${location}`), q);
    }
    assert.ok(!(await page('/dashboard/locations?q=NOPE', cookie)).body.includes(location));
    const customer = (await client.request('POST', '/customers', { reference_id: 'CUST-9' })).body
      .id as string;
    const placed = (
      await client.request('POST', '/locations', {
        customer_id: customer,
        postal_address: { city: 'Osaka', country_code: 'JP' },
      })
    ).body.id as string;
    const ofCustomer = (await page(`/dashboard/locations?q=${customer}`, cookie)).body;
    assert.ok(ofCustomer.includes(placed) && !ofCustomer.includes(location));
    const customers = (await page('/dashboard/customers?q=CUST-9', cookie)).body;
    assert.ok(customers.includes(customer) && customers.includes(`/dashboard/locations/${placed}`));
    const detail = await page(`/dashboard/locations/${location}`, cookie);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /TIME_OF_DAY, Night saver/);
    assert.match(detail.body, /<dt>commodity_import<\/dt><dd>CONNECTED, <code>trf_/);
    assert.match(detail.body, /id="prices-chart"[^>]*data-zone="Asia\/Tokyo"/);
    assert.match(detail.body, /id="costs-day-chart"/);
    assert.match(detail.body, /id="costs-month-chart"/);
  });

  it('answers a page, not JSON, when a page request is refused', async () => {
    const client = await newClient(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    const reply = await page('/dashboard/locations?after=loc_000000000000000000000000', cookie);
    assert.equal(reply.statusCode, 400);
    assert.match(String(reply.headers['content-type']), /^text\/html/);
    assert.match(reply.body, /role="alert"[^>]*><p class="error" id="page-error">/);
  });

  it('keeps test and live apart: a live key sees none of the test data', async () => {
    const { client, location } = await newSite(h);
    const live = await createApiKey(h.ctx, client.accountId, 'live');
    const cookie = sessionCookieOf(await signIn(client.accountId, live.key));
    const list = await page('/dashboard/locations', cookie);
    assert.match(list.body, /data-mode="live"/);
    assert.ok(!list.body.includes(location));
    assert.equal((await page(`/dashboard/locations/${location}`, cookie)).statusCode, 404);
    const events = await page('/dashboard/events', cookie);
    assert.ok(!events.body.includes(location));
  });

  it('adds, disables and tests a webhook endpoint of the signed-in mode only', async () => {
    const client = await newClient(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    const csrf = csrfOf((await page('/dashboard/webhooks', cookie)).body);
    const added = await post('/dashboard/webhooks', cookie, { url: 'https://hooks.example.com/a', csrf });
    assert.equal(added.statusCode, 303);
    const id = /id=(whe_[0-9a-f]+)/.exec(String(added.headers.location))?.[1];
    assert.ok(id);
    const listed = await page(String(added.headers.location), cookie);
    assert.match(listed.body, new RegExp(`Endpoint ${id} added`));
    assert.equal((await post(`/dashboard/webhooks/${id}/disable`, cookie, { csrf })).statusCode, 303);
    assert.match((await page('/dashboard/webhooks', cookie)).body, />disabled</);
    assert.equal((await post(`/dashboard/webhooks/${id}/test`, cookie, { csrf })).statusCode, 303);
    const events = await page('/dashboard/events', cookie);
    assert.match(events.body, /webhook_endpoint\.test/);
    // the live session of the same account neither sees nor touches the test endpoint
    const live = await createApiKey(h.ctx, client.accountId, 'live');
    const liveCookie = sessionCookieOf(await signIn(client.accountId, live.key));
    const liveCsrf = csrfOf((await page('/dashboard/webhooks', liveCookie)).body);
    assert.ok(!(await page('/dashboard/webhooks', liveCookie)).body.includes(id));
    assert.equal(
      (await post(`/dashboard/webhooks/${id}/enable`, liveCookie, { csrf: liveCsrf })).statusCode,
      404,
    );
  });

  it('refuses a bad webhook URL with the reason announced', async () => {
    const client = await newClient(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    const csrf = csrfOf((await page('/dashboard/webhooks', cookie)).body);
    const reply = await post('/dashboard/webhooks', cookie, { url: 'ftp://nope', csrf });
    assert.equal(reply.statusCode, 400);
    assert.match(reply.body, /role="alert"[^>]*><p class="error" id="page-error">url must be/);
  });

  it('makes a Connect link with the hosted URL of a new token', async () => {
    const client = await newClient(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    const csrf = csrfOf((await page('/dashboard/connect', cookie)).body);
    const reply = await post('/dashboard/connect', cookie, {
      csrf,
      connect_url: 'https://app.example.com/connect',
      callback_url: 'https://app.example.com/done',
      direction: 'IMPORT',
    });
    assert.equal(reply.statusCode, 200);
    const link = /id="connect-link" href="([^"]+)"/.exec(reply.body)?.[1];
    assert.match(String(link), /^http:\/\/localhost(:\d+)?\/connect\?fp_cot=cot_[0-9a-f]{24}$/);
    const token = String(link).split('fp_cot=')[1];
    const read = await client.request('GET', `/connect/token?connect_token=${token}`);
    assert.equal(read.status, 200, JSON.stringify(read.body));
  });
});

describe('page weight', () => {
  it('keeps a page with its own CSS and script under budget, uPlot aside', async () => {
    const { client, location } = await newSite(h);
    const cookie = sessionCookieOf(await signIn(client.accountId, client.apiKey));
    const bytes = async (url: string) => (await page(url, cookie)).rawPayload.length;
    const css = await bytes('/assets/app.css');
    const js = await bytes('/assets/app.js');
    const landing = await h.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.doesNotMatch(landing.body, /\.js"/, 'the landing page runs no script');
    assert.ok(
      landing.rawPayload.length + css < 8 * 1024,
      `landing: ${landing.rawPayload.length + css} bytes`,
    );
    const withCharts = (await bytes(`/dashboard/locations/${location}`)) + css + js;
    assert.ok(withCharts < 32 * 1024, `location page: ${withCharts} bytes`);
  });
});

describe('i18n', () => {
  it('picks the best language we have from Accept-Language, English otherwise', () => {
    assert.equal(pickLanguage(undefined), 'en');
    assert.equal(pickLanguage('fr-CH, fr;q=0.9, en;q=0.8'), 'en');
    assert.equal(pickLanguage('en-GB;q=0.5, de'), 'en');
    assert.equal(translator('en')('mode.account', { account: 'acc_1' }), 'Account acc_1');
  });
});
