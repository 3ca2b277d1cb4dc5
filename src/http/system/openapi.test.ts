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

type Schema = {
  type?: string;
  required?: string[];
  enum?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
};
type Parameter = { name: string; in: string; required?: boolean; schema: Schema };
type Described = Operation & {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> };
  responses: Record<string, { description?: string }>;
};

describe('what /openapi.json tells a newcomer', () => {
  let byId: Map<string, Described>;
  before(async () => {
    const reply = await h.inject({ method: 'GET', url: '/openapi.json' });
    const paths = reply.body.paths as Record<string, Record<string, Described>>;
    byId = new Map(
      Object.values(paths)
        .flatMap((methods) => Object.values(methods))
        .map((op) => [op.operationId ?? '', op]),
    );
  });
  const bodyOf = (id: string): Schema => {
    const op = byId.get(id);
    const schema = op?.requestBody?.content['application/json']?.schema;
    assert.ok(schema, `${id} takes a JSON body`);
    return schema;
  };
  const queryOf = (id: string, name: string): Parameter => {
    const param = byId.get(id)?.parameters?.find((p) => p.in === 'query' && p.name === name);
    assert.ok(param, `${id} has the query parameter ${name}`);
    return param;
  };

  it('describes every status of every operation in its own words, never "Default Response"', () => {
    for (const [id, op] of byId) {
      for (const [status, response] of Object.entries(op.responses)) {
        assert.ok(response.description, `${id} ${status} has a description`);
        assert.notEqual(response.description, 'Default Response', `${id} ${status}`);
      }
    }
    assert.match(byId.get('customer_create')?.responses['201']?.description ?? '', /customer/i);
    assert.match(byId.get('customer_create')?.responses['429']?.description ?? '', /too_many_requests/);
  });

  it('gives every request body an example', () => {
    for (const [id, op] of byId) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        assert.notEqual(media.example, undefined, `${id} ${type} has an example`);
    }
    const example = byId.get('tariff_create')?.requestBody?.content['application/json']?.example as {
      direction: string;
    };
    assert.equal(example.direction, 'IMPORT');
  });

  it('requires the fields the server requires', () => {
    const tariff = bodyOf('tariff_create');
    for (const field of ['location_id', 'direction', 'type', 'contract_start_date', 'contract_end_date'])
      assert.ok(tariff.required?.includes(field), `tariff_create requires ${field}`);
    const location = bodyOf('location_create');
    assert.ok(location.required?.includes('postal_address'));
    assert.deepEqual(location.properties?.postal_address?.required, ['city', 'country_code']);
    assert.equal(bodyOf('location_update').required, undefined, 'an update changes what it names');
    for (const id of ['schedule_duration_create', 'schedule_limit_create'])
      assert.ok(bodyOf(id).required?.includes('segment'), `${id} requires segment`);
    assert.ok(bodyOf('schedule_duration_create').required?.includes('duration'));
    assert.deepEqual(bodyOf('cost_instant_calculate').required, [
      'location_id',
      'units',
      'value',
      'start_time',
      'end_time',
    ]);
    assert.ok(bodyOf('price_retrieve').required?.includes('end_time'));
    assert.equal(queryOf('slot_time_retrieve', 'segment').required, true);
    assert.equal(queryOf('slot_time_retrieve', 'duration').required, true);
    assert.equal(queryOf('meter_batch_retrieve', 'batch_id').required, true);
  });

  it('lists the accepted values of every closed set as an enum', () => {
    const tariff = bodyOf('tariff_create').properties ?? {};
    assert.deepEqual(tariff.direction?.enum, ['IMPORT', 'EXPORT', 'LOCAL']);
    assert.deepEqual(tariff.tariff_direction?.enum, ['IMPORT', 'EXPORT', 'LOCAL']);
    assert.deepEqual(tariff.type?.enum, ['COMMODITY', 'NON_COMMODITY']);
    const entry = tariff.schedule?.items?.properties ?? {};
    assert.deepEqual(entry.months?.items?.enum?.slice(0, 3), ['All', 'Jan', 'Feb']);
    assert.equal(entry.months?.items?.enum?.length, 13);
    assert.ok(entry.days_and_hours?.items?.properties?.days?.items?.enum?.includes('Weekdays'));
    const instant = bodyOf('cost_instant_calculate').properties ?? {};
    assert.deepEqual(instant.energy_flow_direction?.enum, ['INBOUND', 'OUTBOUND']);
    assert.deepEqual(instant.tariff_direction?.enum, ['IMPORT', 'EXPORT', 'LOCAL']);
    assert.deepEqual(bodyOf('schedule_duration_create').properties?.segment?.enum, ['LOW', 'HIGH']);
    assert.deepEqual(bodyOf('schedule_duration_create').properties?.tariff_direction?.enum, [
      'IMPORT',
      'EXPORT',
    ]);
    const amount = bodyOf('schedule_amount_create').properties ?? {};
    assert.deepEqual(amount.max_power?.properties?.units?.enum, ['W', 'KW']);
    assert.deepEqual(amount.data?.items?.properties?.energy?.properties?.units?.enum, ['WH', 'KWH']);
    assert.deepEqual(bodyOf('price_retrieve').properties?.tariff_direction?.enum, [
      'IMPORT',
      'EXPORT',
      'LOCAL',
    ]);
    assert.deepEqual(queryOf('cost_interval_report', 'aggregation').schema.enum, ['DAY', 'MONTH']);
    assert.deepEqual(queryOf('tariff_list', 'direction').schema.enum, ['IMPORT', 'EXPORT', 'LOCAL']);
    assert.deepEqual(queryOf('slot_threshold_retrieve', 'segment').schema.enum, ['LOW', 'HIGH']);
  });
});

describe('health_retrieve', () => {
  it('answers ok without credentials', async () => {
    const reply = await h.inject({ method: 'GET', url: '/health' });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok', version: '2025-09-14.anode' });
  });
});
