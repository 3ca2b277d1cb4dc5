/**
 * What the OpenAPI document says about each operation beyond its schemas: a description of every
 * response it declares, and a request example a newcomer can send as it is (after putting the IDs
 * of their own objects in place of the example IDs). Example values are the ones the Flatpeak
 * documentation uses; `openapi-examples.test.ts` sends every example to the server
 * [decision:openapi-document].
 */

/** A request that works: the body, and a value for each query parameter it names. */
export interface RequestExample {
  body?: unknown;
  query?: Record<string, string | number | boolean>;
}

export interface OperationDoc {
  /** What each success status answers. */
  responses: Record<number, string>;
  /** Required of every operation that takes a body or query parameters. */
  example?: RequestExample;
}

/** The error statuses every operation declares, and what each one means here. */
export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed: the code names the field (`<field>_missing`, `<field>_invalid`, …)',
  403: 'The credentials are missing, malformed, expired or revoked (`access_denied`)',
  404: 'No object with this ID in the account and mode of the credentials (`not_found`)',
  409: 'The request conflicts with another: an Idempotency-Key reused for a different request, or still in use',
  422: 'The request is well formed but cannot be answered: the account is disabled, the Flatpeak-Version is not supported, no tariff is connected, no price data, …',
  429: 'Too many requests for this account (`too_many_requests`); Retry-After says when to try again',
  500: 'An unexpected failure; the message carries the request ID to quote',
};

const LOCATION = 'loc_641b90b758fb8e6293716e40';
const CUSTOMER = 'cus_65e421d1daa4a24082b4f590';
const DEVICE = 'dev_65e6d8334c8d715963d99db3';

const LONDON = {
  address_line1: '1-3',
  address_line2: 'Strand',
  city: 'London',
  post_code: 'WC2N 5EH',
  country_code: 'GB',
};

/** A meter record as the documentation's examples write it: 20,567 W over half an hour. */
const METER_RECORD = {
  location_id: LOCATION,
  device_id: DEVICE,
  session_reference_id: 'SESSION1234567890',
  record_reference_id: 'MET1234567890',
  energy_flow_direction: 'INBOUND',
  tariff_direction: 'IMPORT',
  units: 'W',
  confidence: 1,
  value: 20567,
  start_time: '2022-02-01T10:30:00Z',
  end_time: '2022-02-01T11:00:00Z',
};

/** A time-of-use tariff: cheaper at night, every day of the year. */
const TARIFF = {
  location_id: LOCATION,
  direction: 'IMPORT',
  type: 'COMMODITY',
  display_name: 'Flexible Go 2023',
  contract_start_date: '2024-01-24T00:00:00Z',
  contract_end_date: '2025-01-24T00:00:00Z',
  schedule: [
    {
      months: ['All'],
      days_and_hours: [
        {
          days: ['All'],
          hours: [
            { valid_from: '00:30:00', valid_to: '04:30:00', rate: [{ fixed: 0.075 }] },
            { valid_from: '04:30:00', valid_to: '00:30:00', rate: [{ fixed: 0.2962 }] },
          ],
        },
      ],
    },
  ],
};

/** A Connect token for a known customer and location, as the documentation's example sends it. */
const CONNECT_TOKEN = {
  customer_id: CUSTOMER,
  location_id: LOCATION,
  tariff_direction: 'IMPORT',
  tariff_type: 'COMMODITY',
  connect_url: 'myapp://nova/flatpeak/connect',
  callback_url: 'myapp://nova/flatpeak/complete',
  actions: { disconnect_tariff: false, edit_tariff: true },
  route_options: { advanced_tariff_capture: false, tariff_name_capture: false, contract_term_capture: false },
  postal_address_type: 'RESIDENTIAL',
  postal_address: { ...LONDON, state: 'Greater London' },
};

const SLOT_WINDOW = { start_time: '2022-12-28T00:00:00Z', end_time: '2022-12-28T06:00:00Z' };

/** An EnergyZero day-ahead feed of three hours, as the feed publishes it. */
const ENERGYZERO_FEED = JSON.stringify({
  Prices: [
    { price: 0.0953, readingDate: '2024-01-01T00:00:00Z' },
    { price: 0.0871, readingDate: '2024-01-01T01:00:00Z' },
    { price: 0.0812, readingDate: '2024-01-01T02:00:00Z' },
  ],
});

const page = (what: string) => ({ 200: `A page of ${what}, newest first` });

export const OPERATION_DOCS: Record<string, OperationDoc> = {
  health_retrieve: { responses: { 200: 'The server is up, and the API version it speaks' } },
  bearer_token_create: {
    responses: { 200: 'A bearer token for the account and mode of the API key, with its expiry' },
  },

  customer_list: { responses: page('customers'), example: { query: { limit: 10 } } },
  customer_create: {
    responses: { 201: 'The customer, created' },
    example: { body: { reference_id: 'CUS1234567890' } },
  },
  customer_retrieve: { responses: { 200: 'The customer' } },
  customer_update: {
    responses: { 202: 'The customer, updated' },
    example: { body: { reference_id: 'CUS1234567890' } },
  },
  customer_delete: {
    responses: { 202: 'Accepted: the customer, its locations and their tariffs are deleted' },
  },

  location_list: { responses: page('locations'), example: { query: { customer_id: CUSTOMER, limit: 10 } } },
  location_create: {
    responses: {
      201: 'The location, with its time zone, currency and market sources derived from the address',
    },
    example: { body: { reference_id: 'LOC1234567890', customer_id: CUSTOMER, postal_address: LONDON } },
  },
  location_retrieve: { responses: { 200: 'The location' } },
  location_update: {
    responses: { 200: 'The location, updated' },
    example: { body: { reference_id: 'LOC1234567890', postal_address: LONDON } },
  },
  location_delete: { responses: { 202: 'Accepted: the location and its tariffs are deleted' } },
  location_status_retrieve: { responses: { 200: 'The state of each tariff slot of the location' } },

  device_list: { responses: page('devices'), example: { query: { reference_id: 'DEV1234567890' } } },
  device_create: {
    responses: { 201: 'The device, created' },
    example: { body: { reference_id: 'DEV1234567890' } },
  },
  device_retrieve: { responses: { 200: 'The device' } },
  device_update: {
    responses: { 200: 'The device, updated' },
    example: { body: { reference_id: 'DEV1234567890' } },
  },
  device_delete: { responses: { 202: 'Accepted: the device is deleted' } },

  tariff_list: {
    responses: page('tariffs'),
    example: { query: { location_id: LOCATION, tariff_direction: 'IMPORT', tariff_type: 'COMMODITY' } },
  },
  tariff_create: { responses: { 201: 'The tariff, connected to its location' }, example: { body: TARIFF } },
  tariff_retrieve: { responses: { 200: 'The tariff' } },
  tariff_update: {
    responses: { 200: 'The tariff, updated' },
    example: { body: { display_name: 'Flexible Go 2023', contract_end_date: '2026-01-24T00:00:00Z' } },
  },
  tariff_delete: { responses: { 202: 'Accepted: the tariff is deleted and its slot on the location freed' } },

  price_retrieve: {
    responses: { 200: 'The price per kWh of the location over the window, interval by interval' },
    example: {
      body: {
        start_time: '2024-05-24T14:15:22Z',
        end_time: '2024-05-24T15:15:22Z',
        tariff_direction: 'IMPORT',
      },
    },
  },
  price_audit: {
    responses: { 200: 'How each interval price of the location is made up, tariff by tariff' },
    example: {
      body: {
        start_time: '2024-05-24T14:15:22Z',
        end_time: '2024-05-24T15:15:22Z',
        tariff_direction: 'IMPORT',
      },
    },
  },

  meter_interval_submit: {
    responses: { 200: 'The batch: records submitted and accepted, and each failed record with its error' },
    example: { body: [METER_RECORD] },
  },
  meter_cumulative_submit: {
    responses: { 200: 'The batch of interval records made from the reads, as for interval records' },
    example: {
      body: {
        location_id: LOCATION,
        units: 'KWH',
        data: [
          { time: 1721991392, value: 1553 },
          { time: 1721993192, value: 1554.5 },
        ],
      },
    },
  },
  meter_batch_retrieve: {
    responses: { 200: 'The batch with its current counts' },
    example: { query: { batch_id: 'bat_65e42b7827c0526548432b9f' } },
  },

  cost_instant_calculate: {
    responses: { 200: 'The record as understood, with its energy and its cost (import) or value (export)' },
    example: { body: METER_RECORD, query: { non_persistent: false } },
  },
  cost_interval_report: {
    responses: { 200: 'The energy and cost of the stored records over the window, per record or per bucket' },
    example: {
      body: { start_time: '2023-11-07T05:31:56Z', end_time: '2023-12-07T05:31:56Z' },
      query: { aggregation: 'MONTH', tariff_direction: 'IMPORT' },
    },
  },
  cost_session_calculate: {
    responses: { 200: 'The energy and cost of the records that carry this session reference' },
    example: { body: {}, query: { tariff_direction: 'IMPORT' } },
  },

  schedule_duration_create: {
    responses: { 200: 'The cheapest (LOW) or dearest (HIGH) slots that add up to the duration' },
    example: {
      body: {
        start_time: '2024-05-19T23:21:00Z',
        end_time: '2024-05-20T06:00:00Z',
        tariff_direction: 'IMPORT',
        segment: 'LOW',
        duration: 120,
      },
    },
  },
  schedule_limit_create: {
    responses: { 200: 'Every period of the window on the requested side of the price limit' },
    example: { body: { ...SLOT_WINDOW, tariff_direction: 'IMPORT', segment: 'LOW', relative: 0.1 } },
  },
  schedule_amount_create: {
    responses: { 200: 'When each device should draw or deliver its energy, with the cost and the savings' },
    example: {
      body: {
        max_power: { units: 'W', value: 14000 },
        shaving_threshold: { relative: 0.83 },
        data: [
          {
            device_id: DEVICE,
            tariff_direction: 'IMPORT',
            start_time: '2022-02-01T20:14:00Z',
            end_time: '2022-02-02T06:00:00Z',
            max_power: { units: 'W', value: 7000 },
            energy: { units: 'WH', value: 24500 },
          },
        ],
      },
    },
  },
  slot_time_retrieve: {
    responses: { 200: 'The cheapest (LOW) or dearest (HIGH) slots of the duration, in the older slot shape' },
    example: { query: { ...SLOT_WINDOW, direction: 'IMPORT', segment: 'LOW', duration: 60 } },
  },
  slot_threshold_retrieve: {
    responses: { 200: 'The periods on the requested side of the threshold, in the older slot shape' },
    example: { query: { ...SLOT_WINDOW, direction: 'IMPORT', segment: 'LOW', relative: 0.5 } },
  },

  event_list: { responses: page('events'), example: { query: { event_type: 'location.create', limit: 10 } } },
  event_retrieve: { responses: { 200: 'The event, its object rendered in this API version' } },

  connect_token_create: {
    responses: { 200: 'The token (`cot_…`), valid for one Connect session during `expires_in` seconds' },
    example: { body: CONNECT_TOKEN },
  },
  connect_tariff_token_create: {
    responses: { 200: 'As POST /connect/token (the earlier anode path)' },
    example: { body: CONNECT_TOKEN },
  },
  connect_token_retrieve: {
    responses: { 200: "The token: the session's customer, location and outcome once it completed" },
    example: { query: { connect_token: 'cot_65e0839faca22517d5d51cd5' } },
  },
  connect_tariff_token_retrieve: {
    responses: { 200: 'As GET /connect/token (the earlier anode path)' },
    example: { query: { connect_token: 'cot_65e0839faca22517d5d51cd5' } },
  },
  connect_session: {
    responses: {
      200: 'The next page of the session (`route`, `actions`, page `data`); `complete_tariff` carries the `callback_url`',
    },
    example: { body: { connect_token: 'cot_65e0839faca22517d5d51cd5', route: 'session_start' } },
  },

  // Test helpers: Offpeak's extension for driving test mode [decision:test-clocks]
  test_clock_retrieve: { responses: { 200: "The clock of the account's test mode: its time and whether it is frozen" } },
  test_clock_advance: {
    responses: {
      200: 'The clock at its new time, with counts of what the advance wrote (notices, publications, connections)',
    },
    example: { body: { by_seconds: 60 } },
  },
  test_clock_freeze: { responses: { 200: 'The clock, frozen at the time it showed' } },
  test_clock_unfreeze: { responses: { 200: 'The clock, running again from the time it showed' } },
  test_mode_reset: {
    responses: { 200: "Every test-mode object of the account deleted, its clock back on real time; live mode untouched" },
  },

  admin_account_create: {
    responses: { 201: 'The account, created' },
    example: { body: { rate_limit_per_minute: 600 } },
  },
  admin_account_retrieve: { responses: { 200: 'The account' } },
  admin_account_update: {
    responses: { 200: 'The account, updated' },
    example: { body: { rate_limit_per_minute: 1200, connect_local_enabled: true } },
  },
  admin_account_disable: { responses: { 200: 'The account, disabled: its keys and tokens stop working' } },
  admin_account_enable: { responses: { 200: 'The account, enabled again' } },
  admin_key_create: {
    responses: { 201: 'The API key, with its secret (shown this once)' },
    example: { body: { mode: 'test' } },
  },
  admin_key_list: { responses: { 200: 'The API keys of the account, without their secrets' } },
  admin_location_update: {
    responses: { 200: 'The location, updated' },
    example: { body: { flex_allowed: true } },
  },
  admin_key_revoke: { responses: { 202: 'Accepted: the key and the tokens made from it stop working' } },
  admin_catalogue_provider_list: {
    responses: { 200: 'A page of providers, by ID' },
    example: { query: { country_code: 'GB', limit: 100 } },
  },
  admin_catalogue_provider_create: {
    responses: { 201: 'The provider, created' },
    example: {
      body: {
        display_name: 'Acme Energy',
        countries: ['GB'],
        regions: ['GB-A'],
        connection_types: ['LIBRARY'],
      },
    },
  },
  admin_catalogue_provider_retrieve: { responses: { 200: 'The provider' } },
  admin_catalogue_provider_update: {
    responses: { 200: 'The provider, changed' },
    example: { body: { display_name: 'Sandbox Library Energy' } },
  },
  admin_catalogue_provider_delete: {
    responses: { 200: 'The provider is gone (one with library tariffs is refused: `provider_has_tariffs`)' },
  },
  admin_catalogue_tariff_list: {
    responses: { 200: 'A page of library tariffs, by ID' },
    example: { query: { provider_id: 'prv_1bb46bdc353187ef52b95d51', limit: 100 } },
  },
  admin_catalogue_tariff_create: {
    responses: { 201: 'The library tariff, created' },
    example: {
      body: {
        provider_id: 'prv_1bb46bdc353187ef52b95d51',
        name: 'Acme Fixed',
        direction: 'IMPORT',
        currency_code: 'GBP',
        schedule: TARIFF.schedule,
      },
    },
  },
  admin_catalogue_tariff_retrieve: { responses: { 200: 'The library tariff' } },
  admin_catalogue_tariff_update: {
    responses: { 200: 'The library tariff, changed; the tariffs linked to it have followed' },
    example: { body: { description: 'One rate all day' } },
  },
  admin_catalogue_tariff_delete: {
    responses: { 200: 'The library tariff is gone; tariffs linked to it keep their schedule' },
  },
  admin_catalogue_import: {
    responses: { 200: 'What the import created and updated' },
    example: {
      query: { format: 'offpeak' },
      body: JSON.stringify({
        format: 'offpeak-catalogue',
        providers: [
          {
            ref: 'example:acme',
            display_name: 'Acme Energy',
            countries: ['GB'],
            connection_types: ['LIBRARY'],
          },
        ],
        tariffs: [
          {
            ref: 'example:acme:fixed',
            provider_ref: 'example:acme',
            name: 'Acme Fixed',
            direction: 'IMPORT',
            currency_code: 'GBP',
            schedule: TARIFF.schedule,
          },
        ],
      }),
    },
  },
  catalogue_logo_retrieve: {
    responses: { 200: "The provider's logo", 304: 'Not modified: the cached logo is current' },
  },
  admin_market_price_import: {
    responses: {
      200: 'The import: every interval of the feed was already stored and has been replaced',
      201: 'The import: the feed added intervals to the source',
      409: 'The feed is in another currency than the prices the source holds (`currency_mismatch`)',
    },
    example: {
      body: ENERGYZERO_FEED,
      query: { source_id: 'mrs_65792b4ef61b16685ebd2ea3', format: 'energyzero' },
    },
  },
};

/** The generic meaning of a success status, for an operation missing from the table. */
const SUCCESS_DESCRIPTIONS: Record<number, string> = {
  200: 'The object asked for',
  201: 'The object, created',
  202: 'Accepted',
};

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

type RouteSchema = Record<string, unknown> & {
  response?: Record<string, unknown>;
  body?: JsonSchema;
  querystring?: JsonSchema;
};

/**
 * Writes an operation's descriptions and example into its route schema, before the document and
 * the validators are built from it. Shared schemas are copied, never changed in place.
 */
export function documentOperation(operation: string, schema: RouteSchema): void {
  const doc = OPERATION_DOCS[operation];
  for (const [status, value] of Object.entries(schema.response ?? {})) {
    const response = value as Record<string, unknown>;
    const code = Number(status);
    const description = doc?.responses[code] ?? ERROR_DESCRIPTIONS[code] ?? SUCCESS_DESCRIPTIONS[code];
    if (description === undefined || response['x-response-description'] !== undefined) continue;
    // Beside a `$ref` only `description` survives; elsewhere it would describe the schema instead.
    const key = typeof response.$ref === 'string' ? 'description' : 'x-response-description';
    (schema.response as Record<string, unknown>)[status] = { ...response, [key]: description };
  }
  const example = doc?.example;
  if (example?.body !== undefined && schema.body) schema.body = { ...schema.body, examples: [example.body] };
  if (example?.query && schema.querystring?.properties) {
    const properties = { ...schema.querystring.properties };
    for (const [name, value] of Object.entries(example.query)) {
      const property = properties[name];
      if (property) properties[name] = { ...property, examples: [value] };
    }
    schema.querystring = { ...schema.querystring, properties };
  }
}
