// The request log: one line per request, written as it ends, holding the request, its status
// and its time [decision:one-log-line-per-request], and never the credentials it carried.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { newClient, startHarness, type Client, type Harness } from '../testing/harness.ts';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

const text: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    text.push(chunk.toString('utf8'));
    done();
  },
});
const lines = (): LogLine[] =>
  text
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);
const linesOf = (requestId: string) => lines().filter((line) => line.reqId === requestId);

let h: Harness;
let client: Client;
before(async () => {
  h = await startHarness({ logger: pino({ level: 'info' }, sink) });
  client = await newClient(h);
});
after(() => h.close());

describe('request log', () => {
  it('writes one line when a request ends, with its method, path, status and time', async () => {
    const reply = await client.request('GET', '/customers?limit=2');
    assert.equal(reply.status, 200);
    const requestId = String(reply.headers['x-request-id']);
    const logged = linesOf(requestId);
    assert.equal(logged.length, 1, JSON.stringify(logged));
    const [line] = logged;
    assert.equal(line!.msg, 'request completed');
    assert.deepEqual(
      { method: line!.req?.method, url: line!.req?.url, status: line!.res?.statusCode },
      { method: 'GET', url: '/customers?limit=2', status: 200 },
    );
    assert.equal(typeof line!.responseTime, 'number');
    assert.ok(line!.responseTime! >= 0);
  });

  it('logs an answered error with its status too, once, and no credentials', async () => {
    const reply = await client.request('GET', '/customers/cus_000000000000000000000000');
    assert.equal(reply.status, 404);
    const requestId = String(reply.headers['x-request-id']);
    const completed = linesOf(requestId).filter((line) => line.msg === 'request completed');
    assert.equal(completed.length, 1);
    assert.equal(completed[0]!.res?.statusCode, 404);
    const all = text.join('');
    assert.ok(!all.includes(client.token), 'a bearer token was logged');
    assert.ok(!all.includes(client.apiKey), 'an API key was logged');
  });
});
