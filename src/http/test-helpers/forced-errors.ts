// Forced errors, an Offpeak extension for test mode [decision:forced-errors]: the request header
// `Offpeak-Test-Error: <name>` makes one test-mode request answer a documented error, in the shape
// and with the headers the real error has, before anything is read or written (the hook runs
// right after authentication: no rate-limit count, no idempotency record, no handler). Without
// the header the cost is one header lookup.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, RateLimitedError, ValidationError } from '../../core/errors.ts';
import { PriceUnavailableError } from '../../core/pricing/price-location.ts';
import { PENDING_CONNECT_MESSAGE } from '../../core/prices/prices.ts';
import { toErrorObject } from '../errors.ts';
import type { App } from '../types.ts';

export const TEST_ERROR_HEADER = 'offpeak-test-error';

export const FORCED_ERRORS = [
  'rate_limit',
  'server_error',
  'pending_connect',
  'no_price_data',
  'tariff_not_found',
] as const;
export type ForcedError = (typeof FORCED_ERRORS)[number];

/** The window a forced `429` tells the caller to wait, in seconds: the rate limit's whole window. */
export const FORCED_RETRY_AFTER_SECONDS = 60;

/** Operations that need prices: where `pending_connect` and `no_price_data` really occur. */
const PRICED = /^(price|cost|schedule|slot)_/;
/** Operations that name a tariff by ID: where an unknown tariff is really answered. */
const TARIFF_BY_ID = /^tariff_(element_)?(retrieve|update|delete)$/;

/** Whether `error` can be forced on `operation` (see the decision for why each is limited). */
export function appliesTo(error: ForcedError, operation: string): boolean {
  if (error === 'pending_connect' || error === 'no_price_data') return PRICED.test(operation);
  if (error === 'tariff_not_found') return TARIFF_BY_ID.test(operation);
  return true;
}

function answerServerError(request: FastifyRequest, reply: FastifyReply, operation: string): FastifyReply {
  request.log.info({ forcedError: 'server_error' }, 'forced error');
  return reply.code(500).send(
    toErrorObject({
      liveMode: false,
      context: `api.${operation}`,
      type: 'api_error',
      code: 'server_error',
      message: 'Internal Server Error',
      requestId: String(request.id),
    }),
  );
}

/**
 * What a request with the header answers: throws the forced (or refusing) error, sends the forced
 * 500 itself and returns true, or returns false when the header does not apply (no account's
 * bearer token; a test helper, which answers a live key with its own 404).
 */
function forceError(
  request: FastifyRequest,
  reply: FastifyReply,
  header: string | string[],
  defaultLimit: number,
): boolean {
  const principal = request.principal;
  const operation = request.routeOptions.config.operation;
  if (!principal || !operation) return false;
  if (principal.liveMode) {
    if (request.routeOptions.url?.startsWith('/test_helpers/')) return false;
    throw new ValidationError(
      'test_error_live_mode',
      'Offpeak-Test-Error is accepted only with test-mode keys; live requests are never forced to fail',
    );
  }
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!FORCED_ERRORS.includes(value as ForcedError)) {
    throw new ValidationError(
      'test_error_invalid',
      `Offpeak-Test-Error must be one of ${FORCED_ERRORS.join(', ')}, got ${value.slice(0, 64)}`,
    );
  }
  const forced = value as ForcedError;
  if (!appliesTo(forced, operation)) {
    throw new ValidationError(
      'test_error_not_applicable',
      `Offpeak-Test-Error ${forced} cannot happen on ${operation}: ` +
        (forced === 'tariff_not_found'
          ? 'only on the operations that name a tariff by ID'
          : 'only on the price, cost, schedule and slot operations'),
    );
  }
  switch (forced) {
    case 'rate_limit':
      reply
        .header('x-ratelimit-limit', String(principal.rateLimitPerMinute ?? defaultLimit))
        .header('x-ratelimit-remaining', '0')
        .header('x-ratelimit-reset', String(FORCED_RETRY_AFTER_SECONDS));
      throw new RateLimitedError(FORCED_RETRY_AFTER_SECONDS);
    case 'server_error':
      answerServerError(request, reply, operation);
      return true;
    case 'pending_connect':
      throw new PriceUnavailableError('pending_connect', PENDING_CONNECT_MESSAGE);
    case 'no_price_data':
      throw new PriceUnavailableError('no_price_data', 'No market prices for part of the requested window');
    case 'tariff_not_found':
      throw new NotFoundError('tariff', '');
  }
}

/**
 * Registers the hook; call right after authentication. `rateLimitPerMinute` is the default limit,
 * for the `x-ratelimit-limit` of a forced `429` when the account has no limit of its own. A
 * callback hook, not an async one: a request without the header costs one lookup and no promise.
 */
export function registerForcedErrors(app: App, options: { rateLimitPerMinute: number }): void {
  app.addHook('onRequest', function forceTestError(request, reply, done) {
    const header = request.headers[TEST_ERROR_HEADER];
    if (header === undefined) {
      done();
      return;
    }
    let sent: boolean;
    try {
      sent = forceError(request, reply, header, options.rateLimitPerMinute);
    } catch (error) {
      done(error as Error);
      return;
    }
    // a hook that answered does not call done
    if (!sent) done();
  });
}
