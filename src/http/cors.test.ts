import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fastifyCors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerCors, type CorsPolicy } from './cors.ts';
import type { App } from './types.ts';

// Offpeak's CORS hook against @fastify/cors configured as Offpeak configured it before (a
// delegator picking one of two option sets by path): every kind of request must get the same
// status, body and CORS headers from both.

const exposedHeaders = ['flatpeak-version', 'x-request-id', 'retry-after', 'idempotent-replayed'];
const apiMethods = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];

function policies(configured: string[] | undefined): { session: CorsPolicy; api: CorsPolicy } {
  return {
    session: { origin: '*', methods: ['POST'], exposedHeaders, maxAge: 600 },
    api: configured
      ? { origin: configured.includes('*') ? true : configured, methods: apiMethods, exposedHeaders }
      : { origin: false, methods: apiMethods, exposedHeaders },
  };
}

const isSession = (url: string) => url === '/' || url.startsWith('/?');

function addRoutes(app: FastifyInstance): void {
  app.post('/', async () => ({ session: true }));
  app.get('/customers', async () => ({ data: [] }));
  app.delete('/customers/:id', async () => ({ deleted: true }));
}

async function ours(configured: string[] | undefined): Promise<FastifyInstance> {
  const app = Fastify();
  const { session, api } = policies(configured);
  registerCors(app as unknown as App, (url) => (isSession(url) ? session : api));
  addRoutes(app);
  await app.ready();
  return app;
}

async function plugin(configured: string[] | undefined): Promise<FastifyInstance> {
  const app = Fastify();
  const sessionCors = { origin: '*', methods: ['POST'], credentials: false, exposedHeaders, maxAge: 600 };
  const apiCors = configured
    ? { origin: configured.includes('*') ? true : configured, methods: apiMethods, exposedHeaders }
    : { origin: false };
  await app.register(fastifyCors, {
    delegator: (request, callback) => callback(null, isSession(request.url ?? '') ? sessionCors : apiCors),
  });
  addRoutes(app);
  await app.ready();
  return app;
}

const CORS_HEADERS = [
  'vary',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-credentials',
  'content-length',
];

interface Case {
  method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS';
  url: string;
  headers: Record<string, string>;
}

function cases(): Case[] {
  const origins = [undefined, 'https://app.example.com', 'https://evil.example.com', ''];
  const urls = ['/', '/?lang=fr', '/customers', '/customers/cus_1', '/nowhere'];
  const list: Case[] = [];
  for (const url of urls)
    for (const origin of origins) {
      const withOrigin: Record<string, string> = origin === undefined ? {} : { origin };
      for (const method of ['GET', 'POST', 'DELETE'] as const)
        list.push({ method, url, headers: withOrigin });
      list.push({ method: 'OPTIONS', url, headers: withOrigin });
      list.push({ method: 'OPTIONS', url, headers: { ...withOrigin, 'access-control-request-method': 'POST' } });
      list.push({
        method: 'OPTIONS',
        url,
        headers: {
          ...withOrigin,
          'access-control-request-method': 'DELETE',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    }
  return list;
}

describe('CORS hook', () => {
  for (const configured of [undefined, ['https://app.example.com'], ['*']]) {
    it(`answers as @fastify/cors did, OFFPEAK_CORS_ORIGINS=${configured?.join(',') ?? '(unset)'}`, async () => {
      const [mine, theirs] = await Promise.all([ours(configured), plugin(configured)]);
      try {
        let preflightsAnswered = 0;
        for (const request of cases()) {
          const [a, b] = await Promise.all([mine.inject(request), theirs.inject(request)]);
          const label = `${request.method} ${request.url} ${JSON.stringify(request.headers)}`;
          assert.equal(a.statusCode, b.statusCode, label);
          if (a.statusCode !== 404) assert.equal(a.body, b.body, label);
          for (const name of CORS_HEADERS) assert.deepEqual(a.headers[name], b.headers[name], `${label}: ${name}`);
          if (request.method === 'OPTIONS' && a.statusCode === 204) preflightsAnswered++;
        }
        // Both policies answered some preflights (only the session endpoint's when CORS is off).
        assert.ok(preflightsAnswered > 0);
      } finally {
        await Promise.all([mine.close(), theirs.close()]);
      }
    });
  }

  it('lets a configured origin preflight every method the API has', async () => {
    const app = await ours(['https://app.example.com']);
    try {
      const reply = await app.inject({
        method: 'OPTIONS',
        url: '/customers/cus_1',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' },
      });
      assert.equal(reply.statusCode, 204);
      assert.equal(reply.headers['access-control-allow-methods'], 'GET, HEAD, POST, PATCH, DELETE');
      assert.equal(reply.headers['access-control-allow-origin'], 'https://app.example.com');
    } finally {
      await app.close();
    }
  });
});
