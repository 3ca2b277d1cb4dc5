import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

type Operation = { operationId?: string; responses: Record<string, unknown> };

describe('openapi_retrieve', () => {
  it('publishes OpenAPI 3.1 with a snake_case operationId and the error responses on every operation', async () => {
    const reply = await h.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.openapi, '3.1.0');
    assert.equal(reply.body.info.version, '2025-09-14.anode');
    const operations = Object.values(reply.body.paths as Record<string, Record<string, Operation>>).flatMap(
      (methods) => Object.values(methods),
    );
    assert.ok(operations.length >= 25, `found ${operations.length} operations`);
    for (const operation of operations) {
      assert.match(operation.operationId ?? '', /^[a-z]+(_[a-z]+)*$/);
      for (const status of ['400', '403', '404', '422', '429', '500']) {
        assert.ok(operation.responses[status], `${operation.operationId} documents ${status}`);
      }
    }
    const ids = operations.map((o) => o.operationId);
    for (const expected of [
      'customer_list',
      'customer_create',
      'location_status_retrieve',
      'event_list',
      'bearer_token_create',
    ]) {
      assert.ok(ids.includes(expected), expected);
    }
  });

  it('serves the interactive reference at /docs from local assets', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger/i);
    const asset = await h.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    assert.equal(asset.statusCode, 200);
  });
});

describe('health_retrieve', () => {
  it('answers ok without credentials', async () => {
    const reply = await h.inject({ method: 'GET', url: '/health' });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok', version: '2025-09-14.anode' });
  });
});
