import { wallNow } from '../core/clock.ts';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Redis } from 'ioredis';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { newId } from '../lib/ids.ts';
import { registerAdmin } from './admin/index.ts';
import { registerSandboxLogin } from './connect/sandbox-routes.ts';
import { registerConnectSession } from './connect/session-routes.ts';
import { registerAuth } from './auth.ts';
import { registerCors, type CorsPolicy } from './cors.ts';
import { registerCustomers } from './customers/index.ts';
import { registerDevices } from './devices/index.ts';
import { sendError } from './errors.ts';
import { registerEvents } from './events/index.ts';
import { registerIdempotency, WRITES } from './idempotency.ts';
import { registerLocations } from './locations/index.ts';
import { registerLogin } from './login/bearer-token-create.ts';
import { registerConnectTokens } from './connect/token-routes.ts';
import { registerCosts } from './costs/index.ts';
import { documentOperation } from './operation-docs.ts';
import { registerMeters } from './meters/index.ts';
import { registerPrices } from './prices/index.ts';
import { registerRateLimit } from './rate-limit.ts';
import { registerSchedules, registerSlots } from './schedules/index.ts';
import { answerClientError, registerExpectationAnswer } from './socket-errors.ts';
import { registerTariffs } from './tariffs/index.ts';
import { registerForcedErrors } from './test-helpers/forced-errors.ts';
import { registerTestHelpers } from './test-helpers/index.ts';
import { ErrorObject } from './schemas.ts';
import { registerDocs } from './system/docs.ts';
import { registerHealth } from './system/health.ts';
import { registerJwks } from './system/jwks.ts';
import type { App, HttpDeps } from './types.ts';
import { compileValidator } from './validation.ts';
import { registerVersioning } from './versioning.ts';

export interface AppOptions extends HttpDeps {
  logger: FastifyBaseLogger;
  adminToken?: string | undefined;
  corsOrigins?: string[] | undefined;
  rateLimitPerMinute: number;
  anonymousRateLimitPerMinute: number;
  redis?: Redis | undefined;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
}

/** What a browser may call the API with from an allowed origin (a preflight's answer). */
const API_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];

const ERROR_STATUSES = [400, 403, 404, 409, 422, 429, 500] as const;
const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Builds the Fastify app: conventions first (versioning, auth, rate limits, idempotency, one
 * error shape), then every resource. Nothing here opens a socket or a database.
 */
/**
 * One log line per request, written when it ends, with the request, the status and the time taken,
 * instead of Fastify's two (one as it arrives, one as it ends) [decision:one-log-line-per-request].
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new OneLinePerRequest(),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : newId('req', wallNow());
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised before routing or below HTTP answer with the error object too.
    frameworkErrors: (error, request, reply) => sendError(request, reply, error),
    clientErrorHandler: answerClientError,
    // Node's own Host check answers a bare 400; the hook below answers it with the error object.
    http: { requireHostHeader: false },
  }).withTypeProvider() as unknown as App;
  registerExpectationAnswer(app.server);

  app.setValidatorCompiler(compileValidator);
  // Presenters decide which fields go out and in which order (the seed's order); the response
  // schemas document and, in tests, check them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // Every route documents its operation name and the shared error responses.
  app.addHook('onRoute', (route) => {
    const operation = (route.config as { operation?: string } | undefined)?.operation;
    if (!operation || !route.schema) return;
    const schema = route.schema as Record<string, unknown> & { response?: Record<string, unknown> };
    schema.operationId = operation;
    schema.response = { ...(schema.response ?? {}) };
    for (const status of ERROR_STATUSES) schema.response[status] ??= { $ref: 'Error#' };
    documentOperation(operation, schema);
  });

  // One error schema, referenced by every route, published once under components.
  app.addSchema({ $id: 'Error', ...ErrorObject });
  await registerDocs(app);
  // CORS: the Connect session endpoint (`/`) answers any origin, without credentials, whatever
  // OFFPEAK_CORS_ORIGINS says; the rest follows OFFPEAK_CORS_ORIGINS (off when unset)
  // [decision:connect-session-endpoint].
  const exposedHeaders = ['flatpeak-version', 'x-request-id', 'retry-after', 'idempotent-replayed'];
  const configured = options.corsOrigins;
  const sessionCors: CorsPolicy = { origin: '*', methods: ['POST'], exposedHeaders, maxAge: 600 };
  const apiCors: CorsPolicy = configured
    ? { origin: configured.includes('*') ? true : configured, methods: API_METHODS, exposedHeaders }
    : { origin: false, methods: API_METHODS, exposedHeaders };
  registerCors(app, (url) => (url === '/' || url.startsWith('/?') ? sessionCors : apiCors));

  registerVersioning(app);
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined)
      done(new ValidationError('host_missing', 'An HTTP/1.1 request needs a Host header'));
    else done();
  });
  registerAuth(app, options, options.adminToken);
  // Test mode's Offpeak-Test-Error header, right after authentication [decision:forced-errors].
  registerForcedErrors(app, { rateLimitPerMinute: options.rateLimitPerMinute });
  await registerRateLimit(app, {
    perMinute: options.rateLimitPerMinute,
    anonymousPerMinute: options.anonymousRateLimitPerMinute,
    redis: options.redis,
  });
  registerIdempotency(app, options);

  // An empty body is no body whatever its Content-Type says: the official SDK sends
  // `application/json` with nothing on DELETE. Anything else goes to Fastify's own parser.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, String(body), done);
  });

  // A write with an empty body is an empty object: every create field is optional somewhere.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && WRITES.has(request.method)) request.body = {};
    done();
  });

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new NotFoundError('route', request.url)),
  );

  registerHealth(app);
  registerJwks(app, options);
  registerLogin(app, options);
  registerCustomers(app, options);
  registerLocations(app, options);
  registerDevices(app, options);
  registerTariffs(app, options);
  registerPrices(app, options);
  registerMeters(app, options);
  registerCosts(app, options);
  registerSchedules(app, options);
  registerSlots(app, options);
  registerEvents(app, options);
  registerConnectTokens(app, options);
  registerAdmin(app, options);
  registerTestHelpers(app, options);
  // The Connect session reads its JSON body whatever the Content-Type (text/plain, none, JSON):
  // its own parser, in a context of its own so the rest keeps Fastify's.
  await app.register(async (connect) => {
    connect.removeAllContentTypeParsers();
    connect.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    registerConnectSession(connect as App, options);
  });
  registerSandboxLogin(app, options);
  return app;
}
