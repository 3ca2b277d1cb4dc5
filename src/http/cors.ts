import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './types.ts';

/**
 * CORS for Offpeak's two fixed policies: the Connect session endpoint (`/`) answers any origin,
 * without credentials; every other route follows OFFPEAK_CORS_ORIGINS, and is closed to browsers
 * on other origins when it is unset [decision:connect-session-endpoint]. Both policies are worked
 * out once at start-up, and a request only picks one by its path: the general-purpose plugin this
 * replaces copied and merged its options twice per request, which showed in the list's profile
 * [decision:list-request-cpu]. The headers are the ones that plugin sent (src/http/cors.test.ts
 * compares the two on every kind of request).
 */
export interface CorsPolicy {
  /**
   * `'*'`: every origin, answered with `*`; a list: an origin on it is echoed back; `true`: every
   * origin is echoed back; `false`: no CORS headers beyond `Vary`, and no preflight.
   */
  origin: '*' | readonly string[] | boolean;
  /** Access-Control-Allow-Methods of a preflight. */
  methods: readonly string[];
  exposedHeaders: readonly string[];
  /** Access-Control-Max-Age of a preflight, in seconds. */
  maxAge?: number | undefined;
}

/** A policy with its header values joined once. */
interface Compiled {
  origin: CorsPolicy['origin'];
  methods: string;
  exposedHeaders: string | undefined;
  maxAge: string | undefined;
}

const compile = (policy: CorsPolicy): Compiled => ({
  origin: policy.origin,
  methods: policy.methods.join(', '),
  exposedHeaders: policy.exposedHeaders.length > 0 ? policy.exposedHeaders.join(', ') : undefined,
  maxAge: policy.maxAge === undefined ? undefined : String(policy.maxAge),
});

/** The Access-Control-Allow-Origin to answer `requestOrigin` with, if any. */
function allowedOrigin(policy: Compiled, requestOrigin: string | undefined): string | undefined {
  const { origin } = policy;
  if (origin === '*') return '*';
  if (origin === true) return requestOrigin || undefined;
  if (origin === false || requestOrigin === undefined) return undefined;
  return (origin as readonly string[]).includes(requestOrigin) ? requestOrigin : undefined;
}

/**
 * Registers the CORS hook (first in `onRequest`, so a preflight is answered before authentication
 * asks for credentials a browser never sends on one) and the `OPTIONS *` route that lets
 * preflights reach it. `policyOf` picks the policy of a request from its URL.
 */
export function registerCors(app: App, policyOf: (url: string) => CorsPolicy): void {
  const compiled = new Map<CorsPolicy, Compiled>();
  const compiledOf = (url: string): Compiled => {
    const policy = policyOf(url);
    let found = compiled.get(policy);
    if (found === undefined) {
      found = compile(policy);
      compiled.set(policy, found);
    }
    return found;
  };

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    const policy = compiledOf(request.url ?? '');
    // Which origins are answered depends on the request's Origin (and on its path): caches must
    // keep the answers apart, whatever the policy.
    reply.header('vary', 'Origin');
    if (policy.origin === false) return done();
    const origin = allowedOrigin(policy, request.headers.origin);
    if (origin !== undefined) reply.header('access-control-allow-origin', origin);
    if (policy.exposedHeaders !== undefined)
      reply.header('access-control-expose-headers', policy.exposedHeaders);
    if (request.raw.method !== 'OPTIONS') return done();

    // A preflight: answered here, whatever route it names.
    if (!request.headers.origin || !request.headers['access-control-request-method']) {
      reply.status(400).type('text/plain').send('Invalid Preflight Request');
      return;
    }
    reply.header('access-control-allow-methods', policy.methods);
    reply.header('vary', 'Origin, Access-Control-Request-Headers');
    const requested = request.headers['access-control-request-headers'];
    if (requested !== undefined) reply.header('access-control-allow-headers', requested);
    if (policy.maxAge !== undefined) reply.header('access-control-max-age', policy.maxAge);
    // Content-Length 0 on the 204: some browsers wait for a body without it.
    reply.code(204).header('content-length', '0').send();
  });

  // Lets OPTIONS requests through routing to the hook above; one that gets here was not a
  // preflight the policy answers, so it is not found.
  app.options('*', { schema: { hide: true } }, (_request, reply) => {
    reply.callNotFound();
  });
}
