// What the OpenAPI document says about the test-mode extensions of this folder: the tag's
// description and the Offpeak-Test-Error header [decision:forced-errors].
import { FORCED_ERRORS } from './forced-errors.ts';

export const TEST_HELPERS_DESCRIPTION =
  'An Offpeak extension, not part of the Flatpeak API: endpoints that drive the test mode of the ' +
  'calling account (its clock, its simulated day-ahead market, a reset). They exist for test keys only: a live key ' +
  'gets the 404 of an unknown route.';

export const TEST_ERROR_DESCRIPTION =
  '**Forced errors (Offpeak extension, test mode only).** A request made with a test key and the ' +
  'header `Offpeak-Test-Error: <name>` answers that documented error instead of running: ' +
  '`rate_limit` (429 `too_many_requests`, with `Retry-After: 60` and the `x-ratelimit-*` headers; ' +
  'any operation), `server_error` (500 `server_error`; any operation), `pending_connect` and ' +
  '`no_price_data` (422; price, cost, schedule and slot operations), `tariff_not_found` (the 404 ' +
  '`not_found` of an unknown tariff; operations that name a tariff by ID). Nothing is read, written ' +
  'or counted against the rate limit. An unknown name is `400 test_error_invalid`, a name the ' +
  'operation cannot answer `400 test_error_not_applicable`, and the header with a live key ' +
  '`400 test_error_live_mode`.';

export const TEST_ERROR_PARAMETER = {
  name: 'Offpeak-Test-Error',
  in: 'header' as const,
  required: false,
  description: TEST_ERROR_DESCRIPTION,
  schema: { type: 'string' as const, enum: [...FORCED_ERRORS] },
  example: 'rate_limit',
};
