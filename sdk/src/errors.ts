import type { components } from './generated/openapi.ts';

/** The error object every Flatpeak error response carries (`object: 'error'`). */
export type FlatpeakErrorObject = components['schemas']['Error'];

/** Thrown for an error response that carries the Flatpeak error object. */
export class FlatpeakError extends Error {
  override readonly name = 'FlatpeakError';
  /** The HTTP status of the response. */
  readonly status: number;
  /** The error object as the server sent it. */
  readonly error: FlatpeakErrorObject;
  /** The response headers (for example `retry-after` on a 429). */
  readonly headers: Headers;

  constructor(status: number, error: FlatpeakErrorObject, headers: Headers = new Headers()) {
    super(`${status} ${error.code}: ${error.message}`);
    this.status = status;
    this.error = error;
    this.headers = headers;
  }

  get type(): FlatpeakErrorObject['type'] {
    return this.error.type;
  }
  get code(): string {
    return this.error.code;
  }
  /** Where the error arose, e.g. `api.customer_create`. */
  get context(): string {
    return this.error.context;
  }
  get requestId(): string {
    return this.error.request_id;
  }
  get liveMode(): boolean {
    return this.error.live_mode;
  }
}

/** Thrown for an error response whose body is not a Flatpeak error object (a proxy's 502, say). */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      `unexpected response ${status}: ${typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)}`,
    );
  }
}

export function isFlatpeakErrorObject(value: unknown): value is FlatpeakErrorObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { object?: unknown }).object === 'error' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** The error to throw for a non-2xx response with this (already parsed) body. */
export function errorFromResponse(response: Response, body: unknown): Error {
  return isFlatpeakErrorObject(body)
    ? new FlatpeakError(response.status, body, response.headers)
    : new UnexpectedResponseError(response.status, body);
}
