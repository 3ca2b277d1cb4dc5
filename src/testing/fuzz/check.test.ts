import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problemsOf, routeOf } from './check.ts';
import { readApiDescription } from './openapi.ts';
import type { Exchange } from './raw-http.ts';

const api = readApiDescription({
  security: [{ bearerAuth: [] }],
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['object', 'context', 'code', 'request_id'],
        properties: {
          object: { const: 'error' },
          context: { type: 'string' },
          code: { type: 'string' },
          request_id: { type: 'string' },
        },
      },
    },
  },
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'thing_retrieve',
        responses: {
          200: { content: { 'application/json': { schema: { type: 'object', required: ['id'] } } } },
          404: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
  },
});
const get = { method: 'GET', target: '/things/thing_1' };

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Exchange {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const all = { 'flatpeak-version': '2025-09-14.anode', 'x-request-id': 'req_1', ...headers };
  return {
    kind: 'response',
    ms: 1,
    response: { status, headers: new Map(Object.entries(all)), body: Buffer.from(text) },
  };
}

const error = { object: 'error', context: 'api.thing_retrieve', code: 'not_found', request_id: 'req_1' };

describe('problemsOf', () => {
  it('finds nothing in a declared 200 or an error object whose request_id is the header', () => {
    assert.deepEqual(problemsOf(api, get, answer(200, { id: 'x' })), []);
    assert.deepEqual(problemsOf(api, get, answer(404, error)), []);
  });

  it('flags a 5xx, a bare framework error, a body that is not JSON and a missing version header', () => {
    assert.match(problemsOf(api, get, answer(500, error)).join(), /status 500/);
    const fastify = { error: 'Bad Request', code: 'FST_ERR_BAD_URL', statusCode: 400 };
    assert.match(problemsOf(api, get, answer(400, fastify)).join(), /not the error object/);
    assert.match(problemsOf(api, get, answer(417, '')).join(), /not JSON/);
    const bare = answer(404, error);
    if (bare.kind === 'response') bare.response.headers.delete('flatpeak-version');
    assert.match(problemsOf(api, get, bare).join(), /flatpeak-version/);
  });

  it('flags a 2xx that breaks its schema or is not declared, and a request_id that is not the header', () => {
    assert.match(problemsOf(api, get, answer(200, { other: 1 })).join(), /does not match its schema/);
    assert.match(
      problemsOf(api, get, answer(201, { id: 'x' })).join(),
      /not a status thing_retrieve declares/,
    );
    assert.match(problemsOf(api, get, answer(404, { ...error, request_id: 'req_2' })).join(), /request_id/);
  });

  it('checks a 2xx against the operation the path reaches, and none when it reaches none', () => {
    assert.deepEqual(problemsOf(api, { method: 'GET', target: '/elsewhere' }, answer(200, { other: 1 })), []);
    assert.equal(routeOf(api, { method: 'GET', target: '/things/x/?a=1' })?.id, 'thing_retrieve');
    // the absolute form of a target (`http://host/path`) names the same operation
    assert.equal(
      routeOf(api, { method: 'GET', target: 'http://127.0.0.1/things/x?a=1' })?.id,
      'thing_retrieve',
    );
    assert.equal(routeOf(api, { method: 'GET', target: 'http://127.0.0.1/nothing/x' }), undefined);
    assert.equal(routeOf(api, { method: 'POST', target: '/things/x' }), undefined);
  });

  it('flags a hang, a reset and a refused connection', () => {
    assert.match(problemsOf(api, get, { kind: 'timeout', ms: 30_000 }).join(), /hang/);
    assert.match(
      problemsOf(api, get, { kind: 'reset', reused: false, error: 'ECONNRESET', ms: 1 }).join(),
      /without a response/,
    );
    assert.match(problemsOf(api, get, { kind: 'refused', error: 'ECONNREFUSED', ms: 1 }).join(), /refused/);
  });
});
