import type { ApiDescription, Operation } from './openapi.ts';
import type { Exchange, RawRequest } from './raw-http.ts';

const patterns = new WeakMap<Operation, RegExp>();

/** A request target in absolute form (`http://host/path`), which HTTP/1.1 servers must accept. */
const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The path a request target names: its origin form as is, the path of its absolute form. */
function pathOf(target: string): string {
  if (ABSOLUTE_FORM.test(target)) {
    try {
      return new URL(target).pathname;
    } catch {
      // not a URL after all: matched as it is, so it reaches no operation
    }
  }
  return target.split('?')[0] ?? '';
}

/**
 * The operation a request reaches, by method and path: a mutated path may reach another one
 * (`/devices/` with an empty ID is the device list), or none.
 */
export function routeOf(
  api: ApiDescription,
  request: Pick<RawRequest, 'method' | 'target'>,
): Operation | undefined {
  const path = pathOf(request.target);
  return api.operations.find((op) => {
    let pattern = patterns.get(op);
    if (!pattern) {
      pattern = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
      patterns.set(op, pattern);
    }
    return op.method === request.method && pattern.test(path);
  });
}

/**
 * What must hold of every answer, whatever was sent: a response at all (no hang, no dropped
 * connection), no status of 500 or more, JSON, the error object on every non-2xx (its
 * `request_id` the `x-request-id` header), the declared schema on a 2xx, the version header.
 */
export function problemsOf(
  api: ApiDescription,
  request: Pick<RawRequest, 'method' | 'target'>,
  exchange: Exchange,
): string[] {
  switch (exchange.kind) {
    case 'timeout':
      return [`no response after ${exchange.ms} ms (hang)`];
    case 'refused':
      return [`connection refused (${exchange.error}): is the server down?`];
    case 'reset':
      return [`the connection ended without a response (${exchange.error})`];
  }
  const { status, headers, body } = exchange.response;
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  if (!headers.has('flatpeak-version')) problems.push('no flatpeak-version header');
  // a success the operation declares in another content type (an SVG logo) is not JSON
  const type = (headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (status < 300 && routeOf(api, request)?.otherMedia?.get(status)?.includes(type)) return problems;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    problems.push(`the body is not JSON (content-type ${headers.get('content-type') ?? 'none'})`);
    return problems;
  }
  if (status >= 200 && status < 300) {
    const op = routeOf(api, request);
    if (!op) return problems;
    const validate = op.responses.get(status);
    if (!validate) problems.push(`${status} is not a status ${op.id} declares`);
    else if (!validate(parsed))
      problems.push(
        `the ${status} body does not match its schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      );
    return problems;
  }
  if (!api.validateError(parsed)) {
    problems.push(
      `the ${status} body is not the error object: ${JSON.stringify(api.validateError.errors?.slice(0, 3))}`,
    );
    return problems;
  }
  const error = parsed as { context: string; request_id: string };
  // the Connect session names the page it answered: `connect.<route>`
  if (!/^(api(\.[a-z_]+)?|connect\.[a-z_]+)$/.test(error.context))
    problems.push(`context ${JSON.stringify(error.context)}`);
  if (headers.get('x-request-id') !== error.request_id)
    problems.push('request_id is not the x-request-id header');
  return problems;
}
