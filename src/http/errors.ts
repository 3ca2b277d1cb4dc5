import { wallNow } from '../core/clock.ts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
  type ErrorKind,
} from '../core/errors.ts';
import { formatUtcSeconds } from '../lib/time.ts';
import { API_VERSION } from './schemas.ts';
import { toValidationError } from './validation.ts';

export type ErrorType = 'invalid_request' | 'api_error' | 'rate_limit';

/** The one table from a domain error kind to its HTTP status and Flatpeak error type. */
export const STATUS_BY_KIND: Record<ErrorKind, { status: number; type: ErrorType }> = {
  validation: { status: 400, type: 'invalid_request' },
  access_denied: { status: 403, type: 'invalid_request' },
  not_found: { status: 404, type: 'invalid_request' },
  conflict: { status: 409, type: 'invalid_request' },
  account_disabled: { status: 422, type: 'api_error' },
  version_not_supported: { status: 422, type: 'invalid_request' },
  unprocessable: { status: 422, type: 'invalid_request' },
  rate_limited: { status: 429, type: 'rate_limit' },
};

/** Fastify's own failures before a handler runs, as domain errors. */
function fromFastifyError(error: FastifyError): DomainError | undefined {
  if (error.validation) return toValidationError(error.validation, error.validationContext);
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new ValidationError('url_invalid', 'The URL is not valid: a percent-encoded part is not UTF-8');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      // An ID longer than any ID names nothing, as a path ID that is not an ID does not.
      return new NotFoundError('object', '');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('validation', 'request_body_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError(
        'validation',
        'content_type_invalid',
        'The request body must be sent with Content-Type: application/json',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('validation', 'request_body_invalid', 'The request body is not valid JSON');
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))) {
    return new DomainError('validation', 'request_body_invalid', 'The request body is not valid JSON');
  }
  return undefined;
}

function operationOf(request: FastifyRequest): string {
  const operation = (request.routeOptions.config as { operation?: string } | undefined)?.operation;
  return operation ? `api.${operation}` : 'api';
}

/** The Flatpeak error object, for any transport that answers with one. */
export function toErrorObject(fields: {
  liveMode: boolean;
  context: string;
  type: ErrorType;
  code: string;
  message: string;
  requestId: string;
}) {
  return {
    object: 'error' as const,
    live_mode: fields.liveMode,
    context: fields.context,
    type: fields.type,
    code: fields.code,
    message: fields.message,
    time_created: formatUtcSeconds(wallNow()),
    request_id: fields.requestId,
  };
}

function errorBody(request: FastifyRequest, error: Pick<DomainError, 'code' | 'message'>, type: ErrorType) {
  return toErrorObject({
    liveMode: request.principal?.liveMode ?? request.modeHint ?? false,
    context: operationOf(request),
    type,
    code: error.code,
    message: error.message,
    requestId: String(request.id),
  });
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  // Errors Fastify raises before routing (a bad URL) skip the hooks that set these.
  reply.header('flatpeak-version', API_VERSION).header('x-request-id', String(request.id));
  const domain = error instanceof DomainError ? error : fromFastifyError(error as FastifyError);
  if (!domain) {
    request.log.error({ err: error }, 'unexpected failure');
    return reply
      .code(500)
      .send(errorBody(request, { code: 'server_error', message: 'Internal Server Error' }, 'api_error'));
  }
  const { status, type } = STATUS_BY_KIND[domain.kind];
  if (domain instanceof RateLimitedError) reply.header('retry-after', String(domain.retryAfterSeconds));
  return reply.code(status).send(errorBody(request, domain, type));
}
