// The hosted Connect app in a real browser: tokens made over the API, every step by clicks and
// typing, the session driven through POST / by the page's own script. Skipped where
// /usr/bin/chromium is not installed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { newClient, type Client, type Harness } from '../testing/harness.ts';
import { axeCheck, browserSkip, launchBrowser, shoot, type Browser } from './browser-test-support.ts';
import { startWebHarness } from './web-test-support.ts';

const skip = browserSkip();
const ZONE = 'Europe/London';
const LONDON = {
  address_line1: '1-3',
  address_line2: 'Strand',
  city: 'London',
  post_code: 'WC2N 5EH',
  country_code: 'GB',
};

let h: Harness;
let base: string;
let browser: Browser;
let page: Page;
let client: Client;

async function token(body: Record<string, unknown> = {}): Promise<string> {
  const reply = await client.request('POST', '/connect/token', {
    connect_url: `${base}/connect`,
    callback_url: `${base}/?connect=done`,
    postal_address: LONDON,
    ...body,
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.connect_token as string;
}

/** The focused element's id and aria-invalid. */
async function focused(): Promise<{ id: string; invalid: string | null }> {
  return page.evaluate(() => {
    const active = (
      globalThis as unknown as {
        document: { activeElement: { id: string; getAttribute(n: string): string | null } | null };
      }
    ).document.activeElement;
    return { id: active?.id ?? '', invalid: active?.getAttribute('aria-invalid') ?? null };
  });
}

/** Waits for the app to show `route`, with focus on its heading. */
async function onRoute(route: string): Promise<void> {
  await page.waitForSelector(`#connect-app[data-route="${route}"]:not([aria-busy])`);
  assert.equal((await focused()).id, 'connect-heading', `focus on ${route}`);
}

async function requests(): Promise<number> {
  return page.evaluate(
    () => (globalThis as unknown as { offpeakConnect: { requests: number } }).offpeakConnect.requests,
  );
}

/** The 400s of refused steps are logged by Chromium as failed loads: those are expected. */
function expectRefusals(count: number): void {
  const refused = browser.consoleErrors.filter((e) => /status of 400/.test(e));
  assert.equal(refused.length, count, JSON.stringify(browser.consoleErrors));
  browser.consoleErrors.splice(
    0,
    browser.consoleErrors.length,
    ...browser.consoleErrors.filter((e) => !/status of 400/.test(e)),
  );
}

describe('hosted Connect app in Chromium', { skip }, () => {
  const started = performance.now();
  before(async () => {
    h = await startWebHarness();
    client = await newClient(h);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
    // the sandbox login and logo links are absolute: they must name the port the browser uses
    h.ctx.publicUrl = base;
    browser = await launchBrowser(base, 'America/New_York');
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await h?.close();
    console.log(`# connect browser tests took ${Math.round(performance.now() - started)} ms`);
  });

  it('walks the MANUAL time-of-day flow by keyboard and clicks, and the location prices as typed', async () => {
    const cot = await token();
    await page.goto(`${base}/connect?fp_cot=${cot}`);
    await onRoute('provider_select');
    await axeCheck(page, 'provider_select');
    await shoot(page, 'connect-providers');
    await page.click('button[data-action="PROVIDER_MISSING"]');
    await onRoute('provider_name_capture');
    await axeCheck(page, 'provider_name_capture');
    await page.fill('#provider-name', 'Acme Energy');
    await page.keyboard.press('Enter');
    await onRoute('tariff_structure_select');
    await axeCheck(page, 'tariff_structure_select');
    // BACK returns to the name page, which keeps what was typed
    await page.click('button[data-action="BACK"]');
    await onRoute('provider_name_capture');
    await page.fill('#provider-name', 'Acme Energy');
    await page.click('main form button[type="submit"]');
    await onRoute('tariff_structure_select');
    await page.check('input[name="structure"][value="TIME_OF_DAY"]');
    await page.click('main form button[type="submit"]');
    await onRoute('rate_tod_capture');
    await axeCheck(page, 'rate_tod_capture');

    // a gap is caught in the page: nothing is sent
    const rows = () => page.$$eval('tr[data-row]', (trs) => trs.map((tr) => tr.getAttribute('data-row')));
    const [first] = await rows();
    await page.fill(`#tod-from-${first}`, '00:30');
    await page.fill(`#tod-to-${first}`, '04:30');
    await page.fill(`#tod-cost-${first}`, '0.075');
    const sent = await requests();
    await page.click('main form button[type="submit"]');
    assert.match((await page.textContent('[role="alert"]')) ?? '', /cover all 24 hours/);
    assert.equal(await requests(), sent);
    assert.equal((await focused()).invalid, 'true');

    // a zero cost goes to the server, whose code shows next to that row's cost
    await page.click('#tod-add');
    const second = (await rows())[1];
    assert.equal(await page.inputValue(`#tod-from-${second}`), '04:30');
    await page.fill(`#tod-to-${second}`, '00:30');
    await page.fill(`#tod-cost-${second}`, '0');
    await page.click('main form button[type="submit"]');
    await page.waitForSelector(`#tod-cost-${second}-error`);
    assert.equal(await page.getAttribute(`#tod-cost-${second}-error`, 'data-code'), 'cost_value_zero');
    assert.equal(
      await page.getAttribute(`#tod-cost-${second}`, 'aria-describedby'),
      `tod-cost-${second}-error`,
    );
    assert.match((await page.textContent('[role="alert"]')) ?? '', /cost_value_zero/);
    assert.equal((await focused()).id, `tod-cost-${second}`);
    await axeCheck(page, 'rate_tod_capture with an error');
    await shoot(page, 'connect-tod-error');
    expectRefusals(1);

    await page.fill(`#tod-cost-${second}`, '0.2962');
    await page.click('main form button[type="submit"]');
    await onRoute('tariff_summary');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { offpeakConnect: { chart?: { drawn: boolean } } }).offpeakConnect.chart
          ?.drawn === true,
    );
    const chart = await page.evaluate(
      () =>
        (globalThis as unknown as { offpeakConnect: { chart: { x: number[]; y: number[] } } }).offpeakConnect
          .chart,
    );
    assert.deepEqual([...new Set(chart.y)].sort(), [0.075, 0.2962]);
    assert.equal((chart.x[chart.x.length - 1] as number) - (chart.x[0] as number), 3 * 86_400);
    assert.match((await page.textContent('.facts')) ?? '', /Acme Energy[\s\S]*TIME_OF_DAY/);
    await axeCheck(page, 'tariff_summary');
    await shoot(page, 'connect-summary');

    await page.click('button[data-action="CLOSE"]');
    await page.waitForURL(`${base}/?connect=done`);

    const read = await client.request('GET', `/connect/token?connect_token=${cot}`);
    assert.equal(read.body.complete_action, 'SAVE');
    const location = read.body.location_id as string;
    const start = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const prices = await client.request('POST', `/prices/${location}`, {
      start_time: new Date(start).toISOString(),
      end_time: new Date(start + 86_400_000).toISOString(),
    });
    assert.equal(prices.status, 200, JSON.stringify(prices.body));
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const data = prices.body.data as { valid_from: string; price: { value: number } }[];
    assert.ok(data.length >= 2);
    for (const row of data) {
      const at = local.format(Date.parse(row.valid_from));
      const night = at >= '00:30' && at < '04:30';
      assert.equal(row.price.value, night ? 0.075 : 0.2962, `${row.valid_from} (${at})`);
    }
  });

  it('shows a refused address next to its field, and CLOSE leaves for the callback without completing', async () => {
    const cot = await token({ postal_address: { address_line1: '1 Somewhere' } });
    await page.goto(`${base}/connect?fp_cot=${cot}`);
    await onRoute('postal_address_capture');
    await axeCheck(page, 'postal_address_capture');
    await page.fill('#addr-country_code', 'GB');
    await page.click('main form button[type="submit"]');
    await page.waitForSelector('#addr-city-error');
    assert.equal(await page.getAttribute('#addr-city-error', 'data-code'), 'city_missing');
    assert.equal((await focused()).id, 'addr-city');
    await axeCheck(page, 'postal_address_capture with an error');
    await shoot(page, 'connect-address-error');
    expectRefusals(1);
    await page.click('button[data-action="CLOSE"]');
    await page.waitForURL(`${base}/?connect=done`);
    const read = await client.request('GET', `/connect/token?connect_token=${cot}`);
    assert.equal(read.body.complete_action ?? null, null);
  });

  it('connects a sandbox DIRECT provider through its login page and back to the hosted page', async () => {
    const cot = await token();
    await page.goto(`${base}/connect?fp_cot=${cot}`);
    await onRoute('provider_select');
    await page.click('label:has-text("Sandbox Direct (connects)")');
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/connect\/sandbox\/prv_[0-9a-f]+\/login\?fp_cot=/);
    await page.fill('input[name="username"]', 'someone');
    await page.fill('input[name="password"]', 'secret');
    await page.click('button[type="submit"]');
    await page.waitForURL(new RegExp(`/connect\\?fp_cot=${cot}`));
    await onRoute('tariff_summary');
    assert.match((await page.textContent('.facts')) ?? '', /DIRECT/);
    await axeCheck(page, 'tariff_summary (DIRECT)');
    await page.click('button[data-action="CLOSE"]');
    await page.waitForURL(`${base}/?connect=done`);
    const read = await client.request('GET', `/connect/token?connect_token=${cot}`);
    assert.equal(read.body.complete_action, 'SAVE');
  });

  it('shows a pending DIRECT connection with EDIT and DISCONNECT, and CLOSE completes it', async () => {
    const cot = await token();
    await page.goto(`${base}/connect?fp_cot=${cot}`);
    await onRoute('provider_select');
    await page.click('label:has-text("Sandbox Direct (pending)")');
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/login\?fp_cot=/);
    await page.click('button[type="submit"]');
    await onRoute('tariff_connection_pending');
    assert.ok(await page.isVisible('button[data-action="EDIT"]'));
    assert.ok(await page.isVisible('button[data-action="DISCONNECT"]'));
    await axeCheck(page, 'tariff_connection_pending');
    await shoot(page, 'connect-pending');
    await page.click('button[data-action="CLOSE"]');
    await page.waitForURL(`${base}/?connect=done`);
    const read = await client.request('GET', `/connect/token?connect_token=${cot}`);
    assert.equal(read.body.is_tariff_processed, false);
  });

  it('walks a FIXED rate with the tariff name and contract pages, and BACK returns to the contract', async () => {
    const cot = await token({ route_options: { tariff_name_capture: true, contract_term_capture: true } });
    await page.goto(`${base}/connect?fp_cot=${cot}`);
    await onRoute('provider_select');
    await page.click('button[data-action="PROVIDER_MISSING"]');
    await onRoute('provider_name_capture');
    await page.fill('#provider-name', 'Flat Power');
    await page.keyboard.press('Enter');
    await onRoute('tariff_structure_select');
    await page.check('input[name="structure"][value="FIXED"]');
    // by keyboard: from the chosen option, Tab reaches Continue
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await onRoute('rate_fixed_capture');
    await axeCheck(page, 'rate_fixed_capture');
    await page.fill('#fixed-cost', '0.25');
    await page.keyboard.press('Enter');
    await onRoute('tariff_name_capture');
    await axeCheck(page, 'tariff_name_capture');
    await page.fill('#tariff-name', 'Flat 25');
    await page.keyboard.press('Enter');
    await onRoute('contract_term_capture');
    await axeCheck(page, 'contract_term_capture');
    await page.fill('#contract-start', '2026-01-01');
    await page.selectOption('#contract-term', 'UNTIL_TERMINATED');
    await page.click('main form button[type="submit"]');
    await onRoute('tariff_summary');
    const facts = (await page.textContent('.facts')) ?? '';
    assert.match(facts, /Flat Power[\s\S]*Flat 25[\s\S]*FIXED[\s\S]*2026-01-01/);
    await page.click('button[data-action="BACK"]');
    await onRoute('contract_term_capture');
    await page.click('button[data-action="CLOSE"]');
    await page.waitForURL(`${base}/?connect=done`);
  });

  it('offers the library tariffs of a LIBRARY provider, and a failed DIRECT connection goes back with EDIT', async () => {
    const cot = await token();
    await page.goto(`${base}/connect?fp_cot=${cot}`);
    await onRoute('provider_select');
    await page.click('label:has-text("Sandbox Library Energy")');
    await page.click('main form button[type="submit"]');
    await page.waitForSelector(
      '#connect-app:is([data-route="tariff_select"], [data-route="region_select"]):not([aria-busy])',
    );
    if ((await page.getAttribute('#connect-app', 'data-route')) === 'region_select') {
      await axeCheck(page, 'region_select');
      await page.click('main form button[type="submit"]');
    }
    await onRoute('tariff_select');
    await axeCheck(page, 'tariff_select');
    await page.click('main form button[type="submit"]');
    await onRoute('tariff_summary');
    assert.match((await page.textContent('.facts')) ?? '', /LIBRARY/);
    await page.click('button[data-action="EDIT"]');
    await onRoute('provider_select');
    await page.click('label:has-text("Sandbox Direct (fails)")');
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/login\?fp_cot=/);
    await page.click('button[type="submit"]');
    await onRoute('tariff_connection_failed');
    await axeCheck(page, 'tariff_connection_failed');
    await page.click('button[data-action="EDIT"]');
    await onRoute('provider_select');
  });

  it('takes an ADVANCED schedule as JSON, its refusal shown at the text area, and a MARKET surcharge', async () => {
    const cot = await token({ route_options: { advanced_tariff_capture: true } });
    await page.goto(`${base}/connect?fp_cot=${cot}`);
    await onRoute('provider_select');
    await page.click('button[data-action="PROVIDER_MISSING"]');
    await onRoute('provider_name_capture');
    await page.fill('#provider-name', 'Schedule Co');
    await page.keyboard.press('Enter');
    await onRoute('tariff_structure_select');
    await page.check('input[name="structure"][value="ADVANCED"]');
    await page.click('main form button[type="submit"]');
    await onRoute('rate_advanced_capture');
    await axeCheck(page, 'rate_advanced_capture');
    const prefilled = await page.inputValue('#advanced-json');
    await page.fill('#advanced-json', '{ not json');
    await page.click('main form button[type="submit"]');
    assert.match((await page.textContent('#advanced-json-error')) ?? '', /not valid JSON/);
    const sent = await requests();
    const tariff = JSON.parse(prefilled) as Record<string, unknown>;
    await page.fill('#advanced-json', JSON.stringify({ ...tariff, schedule: [] }));
    await page.click('main form button[type="submit"]');
    await page.waitForSelector('#advanced-json-error[data-code]:not([data-code=""])');
    assert.equal(await requests(), sent + 1);
    assert.equal((await focused()).id, 'advanced-json');
    expectRefusals(1);
    await page.fill('#advanced-json', prefilled);
    await page.click('main form button[type="submit"]');
    await onRoute('tariff_summary');
    // EDIT starts again from the providers: this time the structure is MARKET
    await page.click('button[data-action="EDIT"]');
    await onRoute('provider_select');
    await page.click('button[data-action="PROVIDER_MISSING"]');
    await onRoute('provider_name_capture');
    await page.fill('#provider-name', 'Market Co');
    await page.keyboard.press('Enter');
    await onRoute('tariff_structure_select');
    await page.check('input[name="structure"][value="MARKET"]');
    await page.click('main form button[type="submit"]');
    await onRoute('surcharge_capture');
    await axeCheck(page, 'surcharge_capture');
    await page.fill('#surcharge-fixed', '0.12');
    await page.fill('#surcharge-percentage', '5');
    await page.click('main form button[type="submit"]');
    await onRoute('tariff_summary');
    assert.match((await page.textContent('.facts')) ?? '', /Market Co[\s\S]*MARKET/);
    await axeCheck(page, 'tariff_summary (MARKET)');
  });

  it('says the link is unusable when the token is unknown', async () => {
    await page.goto(`${base}/connect?fp_cot=cot_000000000000000000000000`);
    await page.waitForSelector('#connect-app[data-route="error"]');
    assert.match((await page.textContent('[role="alert"]')) ?? '', /not_found/);
    assert.equal((await focused()).id, 'connect-heading');
    await axeCheck(page, 'unknown token');
    const refused = browser.consoleErrors.filter((e) => /status of 404/.test(e));
    assert.equal(refused.length, 1, JSON.stringify(browser.consoleErrors));
    browser.consoleErrors.splice(
      0,
      browser.consoleErrors.length,
      ...browser.consoleErrors.filter((e) => !/status of 404/.test(e)),
    );
  });

  it('sent no request off localhost and logged no console error', () => {
    assert.deepEqual(browser.outside, []);
    assert.deepEqual(browser.consoleErrors, []);
  });
});
