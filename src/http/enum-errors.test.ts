import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newClient, startHarness, type Client, type Harness } from '../testing/harness.ts';
import { pathText, toValidationError } from './validation.ts';

/**
 * What a client reads when a value is not in a field's accepted set, or a required field is
 * absent: the code of the field, and a message with its path, the value sent and every value
 * accepted in its place.
 */
let h: Harness;
let client: Client;
let locationId: string;
before(async () => {
  h = await startHarness();
  client = await newClient(h);
  const location = await client.request('POST', '/locations', {
    postal_address: { city: 'London', country_code: 'GB' },
  });
  assert.equal(location.status, 201);
  locationId = location.body.id;
});
after(() => h.close());

const flat = (months: unknown[], days: unknown[] = ['All']) => [
  {
    months,
    days_and_hours: [
      { days, hours: [{ valid_from: '00:00:00', valid_to: '00:00:00', rate: [{ fixed: 0.2 }] }] },
    ],
  },
];

const tariff = (fields: Record<string, unknown>) => ({
  location_id: locationId,
  direction: 'IMPORT',
  type: 'COMMODITY',
  contract_start_date: '2024-01-01T00:00:00Z',
  contract_end_date: '2025-01-01T00:00:00Z',
  schedule: flat(['All']),
  ...fields,
});

describe('pathText', () => {
  it('writes indexes in brackets and names with dots', () => {
    assert.equal(pathText(['schedule', '0', 'months', '1']), 'schedule[0].months[1]');
    assert.equal(pathText(['data', '12', 'energy', 'units']), 'data[12].energy.units');
    assert.equal(pathText(['0', 'units']), '[0].units');
    assert.equal(pathText([]), '');
  });
});

describe('toValidationError', () => {
  it('quotes the value and lists the accepted ones when an enum item fails', () => {
    const error = toValidationError(
      [
        {
          instancePath: '/schedule/0/months/0',
          schemaPath: '#',
          keyword: 'enum',
          params: { allowedValues: ['All', 'Jan', 'Feb'] },
          data: 'ALL',
          parentSchema: { enum: ['All', 'Jan', 'Feb'] },
        },
      ],
      'body',
    );
    assert.equal(error.code, 'months_invalid');
    assert.equal(error.message, 'schedule[0].months[0]: "ALL" is not one of All, Jan, Feb');
  });

  it('uses the code a field names for its invalid values when it names one', () => {
    const error = toValidationError(
      [
        {
          instancePath: '/direction',
          schemaPath: '#',
          keyword: 'enum',
          params: { allowedValues: ['IMPORT', 'EXPORT'] },
          data: 'import',
          parentSchema: { enum: ['IMPORT', 'EXPORT'], 'x-invalid-code': 'tariff_direction_invalid' },
        },
      ],
      'body',
    );
    assert.equal(error.code, 'tariff_direction_invalid');
    assert.equal(error.message, 'direction: "import" is not one of IMPORT, EXPORT');
  });

  it('cuts a long value short in the message', () => {
    const error = toValidationError(
      [
        {
          instancePath: '/segment',
          schemaPath: '#',
          keyword: 'enum',
          params: { allowedValues: ['LOW', 'HIGH'] },
          data: 'x'.repeat(10_000),
          parentSchema: {},
        },
      ],
      'body',
    );
    assert.ok(error.message.length < 120, error.message);
    assert.match(error.message, /^segment: "x+… is not one of LOW, HIGH$/);
  });
});

describe('enum errors over HTTP', () => {
  it('answers months_invalid naming the item, the value and every month when a month is "ALL"', async () => {
    const reply = await client.request('POST', '/tariffs', tariff({ schedule: flat(['Jan', 'ALL']) }));
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'months_invalid');
    assert.equal(
      reply.body.message,
      'schedule[0].months[1]: "ALL" is not one of All, Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec',
    );
  });

  it('answers days_invalid naming the accepted days when a day is spelt out', async () => {
    const reply = await client.request('POST', '/tariffs', tariff({ schedule: flat(['All'], ['Monday']) }));
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'days_invalid');
    assert.equal(
      reply.body.message,
      'schedule[0].days_and_hours[0].days[0]: "Monday" is not one of All, Weekdays, Weekday, Weekend, Mon, Tue, Wed, Thu, Fri, Sat, Sun',
    );
  });

  it('keeps tariff_direction_invalid for a bad direction under either name', async () => {
    for (const fields of [{ direction: 'import' }, { direction: undefined, tariff_direction: 'BOTH' }]) {
      const reply = await client.request('POST', '/tariffs', tariff(fields));
      assert.equal(reply.status, 400);
      assert.equal(reply.body.code, 'tariff_direction_invalid');
      assert.match(
        reply.body.message,
        /^(tariff_)?direction: "(import|BOTH)" is not one of IMPORT, EXPORT, LOCAL$/,
      );
    }
    const type = await client.request('POST', '/tariffs', tariff({ type: 'ENERGY' }));
    assert.equal(type.body.code, 'tariff_type_invalid');
  });

  it('names the segment values on a schedule and on a zero slot query', async () => {
    const window = { start_time: '2024-05-19T23:00:00Z', end_time: '2024-05-20T06:00:00Z' };
    const schedule = await client.request('POST', `/schedules/duration/${locationId}`, {
      ...window,
      segment: 'CHEAP',
      duration: 60,
    });
    assert.equal(schedule.status, 400);
    assert.equal(schedule.body.code, 'segment_invalid');
    assert.equal(schedule.body.message, 'segment: "CHEAP" is not one of LOW, HIGH');
    const slots = await client.request(
      'GET',
      `/slots/time/${locationId}?start_time=${window.start_time}&end_time=${window.end_time}&segment=low&duration=60`,
    );
    assert.equal(slots.status, 400);
    assert.equal(slots.body.code, 'segment_invalid');
    assert.equal(slots.body.message, 'segment: "low" is not one of LOW, HIGH');
  });

  it('keeps max_power_invalid and energy_invalid for bad units of a planned amount', async () => {
    const body = (max: string, energy: string) => ({
      max_power: { units: max, value: 7 },
      data: [
        {
          device_id: 'dev_65e6d8334c8d715963d99db3',
          end_time: '2024-05-20T06:00:00Z',
          energy: { units: energy, value: 5 },
        },
      ],
    });
    const power = await client.request('POST', `/schedules/amount/${locationId}`, body('MW', 'KWH'));
    assert.equal(power.body.code, 'max_power_invalid');
    assert.equal(power.body.message, 'max_power.units: "MW" is not one of W, KW');
    const energy = await client.request('POST', `/schedules/amount/${locationId}`, body('KW', 'MWH'));
    assert.equal(energy.body.code, 'energy_invalid');
    assert.equal(energy.body.message, 'data[0].energy.units: "MWH" is not one of WH, KWH');
  });
});

describe('required fields over HTTP', () => {
  it('accepts tariff_direction and tariff_type alone in place of the required direction and type', async () => {
    const reply = await client.request(
      'POST',
      '/tariffs',
      tariff({ direction: undefined, type: undefined, tariff_direction: 'EXPORT', tariff_type: 'COMMODITY' }),
    );
    assert.equal(reply.status, 201);
    assert.equal(reply.body.direction, 'EXPORT');
    assert.equal(reply.body.type, 'COMMODITY');
  });

  it('answers direction_missing and type_missing when neither name is sent', async () => {
    const direction = await client.request('POST', '/tariffs', tariff({ direction: undefined }));
    assert.equal(direction.body.code, 'direction_missing');
    const type = await client.request('POST', '/tariffs', tariff({ type: undefined }));
    assert.equal(type.body.code, 'type_missing');
  });

  it('answers postal_address_missing, city_missing and country_code_missing on a location create', async () => {
    const none = await client.request('POST', '/locations', { reference_id: 'LOC1' });
    assert.equal(none.body.code, 'postal_address_missing');
    const city = await client.request('POST', '/locations', { postal_address: { country_code: 'GB' } });
    assert.equal(city.body.code, 'city_missing');
    assert.equal(city.body.message, 'postal_address.city is required');
    const country = await client.request('POST', '/locations', { postal_address: { city: 'London' } });
    assert.equal(country.body.code, 'country_code_missing');
  });

  it('answers segment_missing and duration_missing on a duration schedule', async () => {
    const window = { start_time: '2024-05-19T23:00:00Z', end_time: '2024-05-20T06:00:00Z' };
    const segment = await client.request('POST', `/schedules/duration/${locationId}`, {
      ...window,
      duration: 60,
    });
    assert.equal(segment.body.code, 'segment_missing');
    const duration = await client.request('POST', `/schedules/duration/${locationId}`, {
      ...window,
      segment: 'LOW',
    });
    assert.equal(duration.body.code, 'duration_missing');
  });
});
