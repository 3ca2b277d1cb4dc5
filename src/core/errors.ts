/**
 * Domain errors: data with a stable kind and code, and no knowledge of HTTP. The transport maps
 * each kind to its status in one table (src/http/errors.ts).
 */
export type ErrorKind =
  | 'validation'
  | 'not_found'
  | 'access_denied'
  | 'account_disabled'
  | 'version_not_supported'
  | 'conflict'
  | 'rate_limited'
  | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Bad input: `<field>_missing`, `<field>_invalid` and friends; the message names the field. */
export class ValidationError extends DomainError {
  constructor(code: string, message: string) {
    super('validation', code, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly objectType: string,
    readonly objectId: string,
  ) {
    super('not_found', 'not_found', 'Not Found');
  }
}

export class AccessDeniedError extends DomainError {
  constructor() {
    super('access_denied', 'access_denied', 'Bad credentials');
  }
}

export class AccountDisabledError extends DomainError {
  constructor() {
    super('account_disabled', 'account_disabled', 'Your account is disabled');
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super('conflict', code, message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', 'too_many_requests', 'Too many requests. Please retry after a short delay.');
  }
}

export class VersionNotSupportedError extends DomainError {
  constructor(requested: string, current: string) {
    super(
      'version_not_supported',
      'api_version_not_supported',
      `Requested API version ${requested} older than account default ${current}`,
    );
  }
}
