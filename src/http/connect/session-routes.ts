import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { wallNow } from '../../core/clock.ts';
import {
  answerSessionStep,
  ConnectPageError,
  type SessionAnswer,
} from '../../core/connect/session/session.ts';
import { REQUEST_ROUTES } from '../../core/connect/session/types.ts';
import { DomainError, ValidationError } from '../../core/errors.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { STATUS_BY_KIND } from '../errors.ts';
import { ErrorObject } from '../schemas.ts';
import type { App, HttpDeps } from '../types.ts';

const ConnectPage = Type.Object(
  {
    connect_token: Type.String({ examples: ['cot_65e0839faca22517d5d51cd5'] }),
    route: Type.String({ examples: ['provider_select'] }),
    direction: Type.String({ examples: ['IMPORT'] }),
    type: Type.String({ examples: ['COMMODITY'] }),
    live_mode: Type.Boolean(),
    actions: Type.Array(Type.String(), { examples: [['ADDRESS_CHANGE', 'PROVIDER_MISSING', 'BACK']] }),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    error_code: Type.Optional(Type.String()),
    error_message: Type.Optional(Type.String()),
  },
  { title: 'ConnectPage', description: 'The next page of the session; see docs/connect.md for every route' },
);

const ConnectError = Type.Intersect(
  [ErrorObject, Type.Object({ connect_token: Type.Optional(Type.String()) })],
  { title: 'ConnectError' },
);

const ConnectRequest = Type.Object(
  {
    connect_token: Type.String({ examples: ['cot_65e0839faca22517d5d51cd5'] }),
    route: Type.Optional(Type.String({ examples: ['session_start'] })),
    action: Type.Optional(Type.String({ examples: ['BACK'] })),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    type: Type.Optional(Type.String({ examples: ['submit'] })),
  },
  { title: 'ConnectRequest' },
);

interface Envelope {
  connect_token?: unknown;
  route?: unknown;
  action?: unknown;
  data?: unknown;
}

/** The body as JSON whatever its Content-Type says (the reference client sends text/plain). */
function readEnvelope(body: unknown): Envelope {
  if (body === undefined || body === '') return {};
  let value: unknown = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      value = JSON.parse(String(body));
    } catch {
      throw new ValidationError('request_body_invalid', 'The request body is not valid JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('request_body_invalid', 'The request body must be a JSON object');
  }
  return value as Envelope;
}

function toApiPage(answer: SessionAnswer) {
  const { token, page } = answer;
  return {
    connect_token: token.id,
    route: page.route,
    direction: token.direction,
    type: token.type,
    live_mode: token.liveMode,
    actions: page.actions,
    ...(page.error
      ? { error_code: page.error.code, error_message: page.error.message }
      : { data: page.data }),
  };
}

/**
 * A refused step as the Connect error object: `context: connect.<route>` and the token echoed; an
 * unexpected failure as the server error page, without internals [decision:connect-errors].
 */
function sendConnectError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  at: { route: string; token: string | undefined; liveMode: boolean },
) {
  const known = error instanceof DomainError ? error : undefined;
  if (!known) request.log.error({ err: error }, 'connect session failure');
  const route = error instanceof ConnectPageError ? error.route : at.route;
  const { status, type } = known
    ? STATUS_BY_KIND[known.kind]
    : { status: 500, type: 'connect_error' as const };
  return reply.code(status).send({
    ...(at.token !== undefined ? { connect_token: at.token } : {}),
    object: 'error' as const,
    live_mode: at.liveMode,
    context: `connect.${route}`,
    type,
    code: known ? known.code : 'server_error',
    message: known ? known.message : 'A server error has occurred.',
    time_created: formatUtcSeconds(wallNow()),
    request_id: String(request.id),
  });
}

/**
 * `POST /`: the Connect session endpoint [decision:connect-session-endpoint]. No API key: the
 * `connect_token` in the body authorises the step. Any origin may call it (CORS in app.ts).
 */
export function registerConnectSession(app: App, { ctx }: HttpDeps): void {
  app.post(
    '/',
    {
      config: { operation: 'connect_session', auth: 'none' },
      // The body is read whatever its type (see below) and checked by the session itself.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['Connect'],
        summary: 'Answer a page of a Connect session (or start or resume one with session_start)',
        security: [],
        body: ConnectRequest,
        response: {
          200: ConnectPage,
          400: ConnectError,
          404: ConnectError,
          409: ConnectError,
          500: ConnectError,
        },
      },
    },
    async function connect_session(request, reply) {
      const hint = { liveMode: false };
      let at = { route: 'session_start', token: undefined as string | undefined, liveMode: false };
      try {
        const envelope = readEnvelope(request.body);
        const route = typeof envelope.route === 'string' ? envelope.route : undefined;
        at = {
          route: route !== undefined && REQUEST_ROUTES.includes(route) ? route : 'session_start',
          token: typeof envelope.connect_token === 'string' ? envelope.connect_token.slice(0, 64) : undefined,
          liveMode: false,
        };
        const answer = await answerSessionStep(
          ctx,
          envelope.connect_token,
          { route: envelope.route, action: envelope.action, data: envelope.data },
          hint,
        );
        return toApiPage(answer);
      } catch (error) {
        return sendConnectError(request, reply, error, { ...at, liveMode: hint.liveMode });
      }
    },
  );
}
