import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KeepAliveClient, type RawRequest, type RawResponse } from '../testing/fuzz/raw-http.ts';
import { newClient, startHarness, type Client, type Harness } from '../testing/harness.ts';

/** What only a real socket shows: the answers Node and Fastify give before a route runs. */
let h: Harness;
let port: number;
let client: Client;
before(async () => {
  h = await startHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  port = (h.app.server.address() as AddressInfo).port;
  client = await newClient(h);
});
after(() => h.close());

async function send(
  raw: Omit<RawRequest, 'headers'> & { headers?: [string, string][] },
): Promise<RawResponse> {
  const socket = new KeepAliveClient(port);
  const exchange = await socket.send(
    { ...raw, headers: [['Authorization', `Bearer ${client.token}`], ...(raw.headers ?? [])] },
    10_000,
  );
  socket.close();
  assert.equal(exchange.kind, 'response', JSON.stringify(exchange));
  return (exchange as { response: RawResponse }).response;
}

function assertErrorObject(response: RawResponse, status: number, code: string): void {
  assert.equal(response.status, status);
  const body = JSON.parse(response.body.toString('utf8'));
  assert.equal(body.object, 'error');
  assert.equal(body.code, code);
  assert.equal(body.type, 'invalid_request');
  assert.equal(body.live_mode, false);
  assert.match(body.context, /^api/);
  assert.match(body.time_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(body.request_id, response.headers.get('x-request-id'));
  assert.equal(response.headers.get('flatpeak-version'), '2025-09-14.anode');
}

describe('errors Node and Fastify raise themselves', () => {
  it('answers 400 url_invalid with the error object when the path is not UTF-8 percent-encoding', async () => {
    for (const target of ['/customers/%C0%AF', '/customers/%FF', '/custo%E0%A4%Amers']) {
      assertErrorObject(await send({ method: 'GET', target }), 400, 'url_invalid');
    }
  });

  it('answers 404 not_found with the error object when a path ID has 8,000 characters', async () => {
    const response = await send({ method: 'GET', target: `/customers/cus_${'a'.repeat(7_996)}` });
    assertErrorObject(response, 404, 'not_found');
  });

  it('answers 431 with the error object and Connection: close when the headers pass 16 KB', async () => {
    const response = await send({
      method: 'GET',
      target: '/customers',
      headers: [['X-Padding', 'x'.repeat(20_000)]],
    });
    assertErrorObject(response, 431, 'request_header_too_large');
    assert.equal(response.headers.get('connection'), 'close');
  });

  it('lets a keep-alive client send its next request after a 431 without a reset', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ port, host: '127.0.0.1', path: '/health', agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    assert.equal(await get({ 'x-padding': 'x'.repeat(20_000) }), 431);
    assert.equal(await get({}), 200);
    agent.destroy();
  });

  it('answers 400 request_invalid with Connection: close when the request line is not HTTP', async () => {
    for (const target of ['/customers\u0000', '/customers x']) {
      const response = await send({ method: 'GET', target });
      assertErrorObject(response, 400, 'request_invalid');
      assert.equal(response.headers.get('connection'), 'close');
    }
  });

  it('answers 417 expectation_unsupported with the error object for an Expect other than 100-continue', async () => {
    const response = await send({ method: 'GET', target: '/customers', headers: [['Expect', 'teapot']] });
    assertErrorObject(response, 417, 'expectation_unsupported');
  });

  it('answers 400 host_missing with the error object when an HTTP/1.1 request has no Host', async () => {
    // An empty Host stands for none in the raw client.
    const response = await send({ method: 'GET', target: '/customers', headers: [['Host', '']] });
    assertErrorObject(response, 400, 'host_missing');
  });
});
