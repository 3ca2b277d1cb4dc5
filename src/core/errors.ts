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

/** One refused record of a meter submission: its 0-based position and why. */
export interface FailedRecord {
  record_num: number;
  record_reference_id?: string;
  error: string;
}

/** A meter submission refused as a whole because some records are invalid; lists each one. */
export class RecordsInvalidError extends ValidationError {
  constructor(readonly failedRecords: FailedRecord[]) {
    const shown = failedRecords
      .slice(0, 10)
      .map((f) => `[${f.record_num}] ${f.error}`)
      .join('; ');
    const more = failedRecords.length > 10 ? `; and ${failedRecords.length - 10} more` : '';
    super(
      'records_invalid',
      `${failedRecords.length} of the submitted records are invalid, so none was stored: ${shown}${more}`,
    );
  }
}
