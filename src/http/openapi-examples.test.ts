import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Reply } from '../testing/harness.ts';
import { credentialsOf, withSeededIds } from '../testing/fuzz/baseline.ts';
import { readApiDescription, type ApiDescription, type Operation } from '../testing/fuzz/openapi.ts';
import { seed, type IdBook, type Seeds } from '../testing/fuzz/seeds.ts';
import { startFuzzServer, type FuzzServer } from '../testing/fuzz/server.ts';

/**
 * Every request example of the published document, sent as a newcomer would send it: the
 * example IDs replaced by objects of their own (seeded over HTTP by the fuzzer's seeding), and
 * answered with a 2xx. The operations come from the document, so one added without a working
 * example fails here.
 */
type Media = { example?: unknown; examples?: Record<string, { value: unknown }> };
type DocumentOperation = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; example?: unknown }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description?: string }>;
};
type Document = { paths: Record<string, Record<string, DocumentOperation>> };

let server: FuzzServer;
let document: Document;
let api: ApiDescription;
let seeds: Seeds;

before(async () => {
  server = await startFuzzServer();
  document = (await server.harness.inject({ method: 'GET', url: '/openapi.json' })).body as Document;
  api = readApiDescription(document as unknown as Record<string, unknown>);
  seeds = await seed(api, { port: server.port, adminToken: server.harness.adminToken });
});
after(() => server.close());

const mediaExample = (media: Media | undefined): unknown =>
  media?.example ?? Object.values(media?.examples ?? {})[0]?.value;

/** The body example of an operation and the content type it is written in. */
function bodyExampleOf(op: DocumentOperation): { contentType: string; value: unknown } | undefined {
  const content = op.requestBody?.content ?? {};
  const contentType = 'application/json' in content ? 'application/json' : Object.keys(content)[0];
  if (contentType === undefined) return undefined;
  const value = mediaExample(content[contentType]);
  return value === undefined ? undefined : { contentType, value };
}

/**
 * Operations that use up what they name run after every other, each on objects of its own: a
 * DELETE on one of the seeded victims (then the object is gone), and disabling an account (then
 * its keys stop working) on the admin target account, which nothing else uses afterwards.
 */
const consumes = (method: string, path: string) => method === 'DELETE' || path.endsWith('/disable');
/** The test-mode reset deletes every seeded test object, so it runs last of all. */
const empties = (path: string) => path === '/test_helpers/reset';

function requestOf(path: string, method: string, op: DocumentOperation, described: Operation) {
  const book: IdBook = seeds.books[described.auth];
  // A DELETE names a victim of its prefix rather than the seeded object the others use.
  const own =
    method === 'DELETE'
      ? new Map([...book.own].map(([prefix, id]) => [prefix, book.victims.get(prefix)?.[0] ?? id]))
      : book.own;
  const seeded = (value: unknown) => withSeededIds(value, { ...book, own });
  let url = path;
  const query = new URLSearchParams();
  for (const param of op.parameters ?? []) {
    if (param.example === undefined) continue;
    const value = String(seeded(param.example));
    if (param.in === 'path') url = url.replace(`{${param.name}}`, encodeURIComponent(value));
    else if (param.in === 'query') query.set(param.name, value);
  }
  assert.doesNotMatch(url, /\{/, `${op.operationId}: a path parameter without an example`);
  const headers: Record<string, string> = {};
  const authorization = credentialsOf(described, seeds);
  if (authorization !== undefined) headers.authorization = authorization;
  const example = bodyExampleOf(op);
  let payload: string | undefined;
  if (example) {
    headers['content-type'] = example.contentType;
    const value = seeded(example.value);
    payload = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return { method: method.toUpperCase() as 'GET', url: `${url}${search}`, headers, payload };
}

function operations(): [string, string, DocumentOperation][] {
  const all = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(
      ([method, op]) => [path, method.toUpperCase(), op] as [string, string, DocumentOperation],
    ),
  );
  return [
    ...all.filter(([p, m]) => !consumes(m, p) && !empties(p)),
    ...all.filter(([p, m]) => consumes(m, p) && !empties(p)),
    ...all.filter(([p]) => empties(p)),
  ];
}

describe('the request examples of /openapi.json', () => {
  it('documents a request example for every operation that takes a body or query parameters', () => {
    const missing: string[] = [];
    for (const [, , op] of operations()) {
      if (op.requestBody && bodyExampleOf(op) === undefined) missing.push(`${op.operationId} body`);
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      if (query.length > 0 && !query.some((p) => p.example !== undefined))
        missing.push(`${op.operationId} query`);
      for (const param of query.filter((p) => p.required && p.example === undefined))
        missing.push(`${op.operationId} query ${param.name}`);
      for (const param of (op.parameters ?? []).filter((p) => p.in === 'path' && p.example === undefined))
        missing.push(`${op.operationId} path ${param.name}`);
    }
    assert.deepEqual(missing, []);
  });

  it('accepts every documented request example, sent with the IDs of seeded objects', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const [path, method, op] of operations()) {
      const described = api.operations.find((o) => o.path === path && o.method === method);
      assert.ok(described, `${method} ${path} is read by the fuzzer's reader`);
      const request = requestOf(path, method, op, described);
      // The harness checks the answer against the document as well.
      const reply: Reply = await server.harness.inject(request);
      sent++;
      const batch = reply.body as { object?: string; failed_records?: unknown[] } | undefined;
      if (reply.status < 200 || reply.status > 299) {
        failures.push(
          `${op.operationId}: ${request.method} ${request.url} → ${reply.status} ${JSON.stringify(reply.body)}`,
        );
      } else if (batch?.object === 'meter_batch' && (batch.failed_records ?? []).length > 0) {
        failures.push(`${op.operationId}: records failed ${JSON.stringify(batch.failed_records)}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(sent >= 45, `only ${sent} operations`);
  });
});
