// The hosted Connect app's shell over HTTP: the token check, the headers every page has, the
// script and strings it carries, and its weight. The flows themselves: connect-browser.test.ts.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { newClient, type Harness } from '../testing/harness.ts';
import { PAGE_CSP } from './page.ts';
import { startWebHarness } from './web-test-support.ts';

let h: Harness;
before(async () => {
  h = await startWebHarness();
});
after(() => h.close());

const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

describe('GET /connect', () => {
  it('answers a page saying the link is wrong when fp_cot is missing or not a token', async () => {
    for (const url of [
      '/connect',
      '/connect?fp_cot=',
      '/connect?fp_cot=loc_0123',
      '/connect?fp_cot=%3Cscript%3E',
    ]) {
      const reply = await get(url);
      assert.equal(reply.statusCode, 400, url);
      assert.match(String(reply.headers['content-type']), /^text\/html/);
      assert.match(reply.body, /no valid token/);
      assert.doesNotMatch(reply.body, /connect\.js/);
    }
  });

  it('serves the shell with the token, its script, uPlot from this server and the CSP when fp_cot is a token', async () => {
    const client = await newClient(h);
    const token = (
      await client.request('POST', '/connect/token', {
        connect_url: 'https://app.example.com/connect',
        callback_url: 'https://app.example.com/done',
      })
    ).body.connect_token as string;
    const reply = await get(`/connect?fp_cot=${token}&state=abc`);
    assert.equal(reply.statusCode, 200);
    assert.equal(reply.headers['content-security-policy'], PAGE_CSP);
    assert.equal(reply.headers['cache-control'], 'no-store');
    assert.match(reply.body, new RegExp(`data-token="${token}"`));
    assert.match(reply.body, /<script src="\/assets\/connect\.js" defer><\/script>/);
    assert.match(reply.body, /<script src="\/assets\/uplot\.min\.js" defer><\/script>/);
    assert.doesNotMatch(
      reply.body,
      /<script>|<style|https?:\/\//,
      'no inline script or style, no other origin',
    );
    // the strings travel escaped in an attribute; they parse back to the English messages
    const raw = /data-messages="([^"]*)"/.exec(reply.body)?.[1] ?? '';
    const messages = JSON.parse(
      raw
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    ) as Record<string, string>;
    assert.equal(messages['route.rate_tod_capture'], 'Your rates by time of day');
    assert.equal(messages['action.PROVIDER_MISSING'], 'My provider is not listed');
    const script = await get('/assets/connect.js');
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
    assert.doesNotMatch(script.body, /\.innerHTML\s*=|\beval\(|https?:\/\//);
  });

  it('weighs under 100 KB before the chart library (HTML, CSS and script)', async () => {
    const client = await newClient(h);
    const token = (
      await client.request('POST', '/connect/token', {
        connect_url: 'https://app.example.com/connect',
        callback_url: 'https://app.example.com/done',
      })
    ).body.connect_token as string;
    const parts = [
      (await get(`/connect?fp_cot=${token}`)).rawPayload,
      (await get('/assets/app.css')).rawPayload,
      (await get('/assets/connect.js')).rawPayload,
    ];
    const bytes = parts.reduce((sum, p) => sum + p.length, 0);
    const gzipped = parts.reduce((sum, p) => sum + gzipSync(p).length, 0);
    console.log(
      `# hosted Connect page: ${parts.map((p) => p.length).join(' + ')} = ${bytes} bytes (${gzipped} gzipped)`,
    );
    assert.ok(bytes < 100 * 1024, `${bytes} bytes`);
  });
});
