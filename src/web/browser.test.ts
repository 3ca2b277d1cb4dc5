// The dashboard in a real browser: Debian's Chromium driven by playwright-core, against the real
// app on a real port. Skipped, with a message, where /usr/bin/chromium is not installed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Client, Harness } from '../testing/harness.ts';
import {
  axeCheck as axeCheckPage,
  browserSkip,
  launchBrowser,
  shoot as shootPage,
  type Browser,
} from './browser-test-support.ts';
import { newSite, startWebHarness } from './web-test-support.ts';

const skip = browserSkip();
const BROWSER_ZONE = 'America/New_York';
const SITE_ZONE = 'Asia/Tokyo';

interface Chart {
  kind: string;
  zone: string;
  x: number[];
  y: number[];
  xLabels: string[];
  xSplits: number[];
  highlight: { start: number; end: number } | null;
  highlightPx?: [number, number];
}

let h: Harness;
let base: string;
let context: BrowserContext;
let page: Page;
let client: Client;
let location: string;
let browser: Browser;
let outside: string[];
let consoleErrors: string[];

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const epoch = (text: string) => Date.parse(text) / 1000;

const axeCheck = (name: string) => axeCheckPage(page, name);
const shoot = (name: string) => shootPage(page, name);

async function chart(id: string): Promise<Chart> {
  await page.waitForFunction((chartId) => {
    const charts = (globalThis as unknown as { offpeakCharts?: Record<string, { drawn?: boolean }> })
      .offpeakCharts;
    return charts?.[chartId]?.drawn === true;
  }, id);
  return page.evaluate(
    (chartId) =>
      (globalThis as unknown as { offpeakCharts: Record<string, Chart> }).offpeakCharts[chartId] as Chart,
    id,
  );
}

describe('dashboard in Chromium', { skip }, () => {
  const started = performance.now();
  before(async () => {
    h = await startWebHarness();
    ({ client, location } = await newSite(h));
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchBrowser(base, BROWSER_ZONE);
    ({ context, page, outside, consoleErrors } = browser);
    // generous: npm test runs other test files beside this one
    context.setDefaultTimeout(120_000);
    context.setDefaultNavigationTimeout(120_000);
  });

  after(async () => {
    await browser?.close();
    await h?.close();
    console.log(`# browser tests took ${Math.round(performance.now() - started)} ms`);
  });

  it('shows the landing page linking the dashboard and the API reference', async () => {
    await page.goto(`${base}/`);
    assert.equal(await page.title(), 'Offpeak · Offpeak');
    assert.equal(await page.getAttribute('a[href="/docs"]', 'href'), '/docs');
    await axeCheck('landing');
    await shoot('landing');
    await page.click('a[href="/dashboard"]');
    await page.waitForURL(`${base}/dashboard`);
  });

  it('refuses a wrong key with an announced error, then signs in with the right one', async () => {
    await axeCheck('sign-in');
    await page.fill('#account_id', client.accountId);
    await page.fill('#api_key', 'sk_test_wrongwrongwrong');
    await page.click('button[type="submit"]');
    assert.match((await page.textContent('[role="alert"]')) ?? '', /do not match/);
    // the refused sign-in answers 401, which Chromium logs as a failed load: that one is expected
    assert.deepEqual(consoleErrors.splice(0), [
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ]);
    await axeCheck('sign-in error');
    await shoot('sign-in');
    await page.fill('#api_key', client.apiKey);
    await page.click('main button[type="submit"]');
    await page.waitForURL(`${base}/dashboard/locations`);
    assert.equal(await page.getAttribute('[data-mode]', 'data-mode'), 'test');
    const cookies = await context.cookies(`${base}/dashboard`);
    const session = cookies.find((c) => c.name === 'offpeak_session');
    assert.ok(session);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.ok(!(await page.content()).includes(client.apiKey));
    await axeCheck('locations');
  });

  it('finds the location by reference and opens it', async () => {
    await page.fill('#q', 'TOKYO-1');
    await page.click('form[role="search"] button');
    await page.click(`a[href="/dashboard/locations/${location}"]`);
    await page.waitForURL(`${base}/dashboard/locations/${location}`);
  });

  it('draws the 48 h prices POST /prices answers, labelled on the location clock', async () => {
    const prices = await chart('prices-chart');
    assert.equal(prices.zone, SITE_ZONE);
    const api = await client.request('POST', `/prices/${location}`, {
      start_time: iso(prices.x[0] as number),
      end_time: iso(prices.x[prices.x.length - 1] as number),
    });
    assert.equal(api.status, 200, JSON.stringify(api.body));
    const data = api.body.data as { valid_from: string; valid_to: string; price: { value: number } }[];
    assert.ok(data.length > 1);
    const last = data[data.length - 1] as (typeof data)[number];
    assert.deepEqual(prices.x, [...data.map((d) => epoch(d.valid_from)), epoch(last.valid_to)]);
    assert.deepEqual(prices.y, [...data.map((d) => d.price.value), last.price.value]);
    assert.equal((prices.x[prices.x.length - 1] as number) - (prices.x[0] as number), 48 * 3600);

    const shape: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    const local = new Intl.DateTimeFormat('en-GB', { ...shape, timeZone: SITE_ZONE });
    const browser = new Intl.DateTimeFormat('en-GB', { ...shape, timeZone: BROWSER_ZONE });
    assert.ok(prices.xLabels.length >= 3, JSON.stringify(prices.xLabels));
    assert.deepEqual(
      prices.xLabels,
      prices.xSplits.map((s) => local.format(s * 1000)),
    );
    assert.notDeepEqual(
      prices.xLabels,
      prices.xSplits.map((s) => browser.format(s * 1000)),
    );
    // ticks sit on whole hours of Tokyo's clock
    for (const label of prices.xLabels) assert.match(label, /^\d\d:00$/);
  });

  it('highlights the cheapest run POST /schedules/duration answers', async () => {
    const prices = await chart('prices-chart');
    assert.ok(prices.highlight);
    const api = await client.request('POST', `/schedules/duration/${location}`, {
      start_time: iso(prices.x[0] as number),
      end_time: iso(prices.x[prices.x.length - 1] as number),
      segment: 'LOW',
      duration: 120,
      contiguous: true,
    });
    assert.equal(api.status, 200, JSON.stringify(api.body));
    const slots = api.body.data as { start_time: string; end_time: string }[];
    assert.deepEqual(prices.highlight, {
      start: epoch((slots[0] as (typeof slots)[number]).start_time),
      end: epoch((slots[slots.length - 1] as (typeof slots)[number]).end_time),
    });
    assert.ok(prices.highlightPx && prices.highlightPx[1] > prices.highlightPx[0], 'the span is drawn');
  });

  it('draws the costs by day and by month POST /costs/interval answers', async () => {
    for (const [id, aggregation] of [
      ['costs-day-chart', 'DAY'],
      ['costs-month-chart', 'MONTH'],
    ] as const) {
      const costs = await chart(id);
      const window = await page.getAttribute(`#${id}`, 'data-series');
      const { start, end } = JSON.parse(String(window)) as { start: number; end: number };
      const api = await client.request('POST', `/costs/interval/${location}`, {
        start_time: iso(start),
        end_time: iso(end),
        aggregation,
      });
      assert.equal(api.status, 200, JSON.stringify(api.body));
      const data = api.body.data as { start_time: string; cost: { value: number } }[];
      assert.ok(data.length >= (aggregation === 'DAY' ? 29 : 2), `${aggregation}: ${data.length}`);
      assert.deepEqual(
        costs.x,
        data.map((d) => epoch(d.start_time)),
      );
      assert.deepEqual(
        costs.y,
        data.map((d) => d.cost.value),
      );
    }
    await axeCheck('location');
    await shoot('location');
  });

  it('shows events, webhook endpoints and the Connect link form without accessibility faults', async () => {
    await page.goto(`${base}/dashboard/webhooks`);
    await page.fill('#url', 'https://hooks.example.com/offpeak');
    await page.click('main form.stack button[type="submit"]');
    assert.match((await page.textContent('[role="status"]')) ?? '', /Endpoint whe_[0-9a-f]+ added/);
    await axeCheck('webhooks');
    await shoot('webhooks');
    await page.click('form[action$="/test"] button');
    assert.match((await page.textContent('[role="status"]')) ?? '', /A test event was queued/);
    await page.goto(`${base}/dashboard/events`);
    assert.match((await page.textContent('main table')) ?? '', /webhook_endpoint\.test[\s\S]*pending/);
    await axeCheck('events');
    await shoot('events');
    await page.goto(`${base}/dashboard/customers`);
    await axeCheck('customers');
    await page.goto(`${base}/dashboard/connect`);
    await page.fill('#connect_url', 'https://app.example.com/connect');
    await page.fill('#callback_url', 'https://app.example.com/done');
    await page.click('main form.stack button[type="submit"]');
    assert.match(
      (await page.textContent('#connect-link')) ?? '',
      new RegExp(`^${base.replace(/[.]/g, '\\.')}/connect\\?fp_cot=cot_[0-9a-f]{24}$`),
    );
    await axeCheck('connect');
    await shoot('connect');
  });

  it('signs out: the cookie is gone and the dashboard asks to sign in again', async () => {
    await page.click('form.sign-out button');
    await page.waitForURL(`${base}/dashboard`);
    assert.ok(!(await context.cookies(`${base}/dashboard`)).some((c) => c.name === 'offpeak_session'));
    await page.goto(`${base}/dashboard/locations`);
    await page.waitForURL(`${base}/dashboard`);
    assert.ok(await page.isVisible('#api_key'));
  });

  it('sent no request off localhost and logged no console error', () => {
    assert.deepEqual(outside, []);
    assert.deepEqual(consoleErrors, []);
  });
});
