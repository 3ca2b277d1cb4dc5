import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Authenticator, Principal } from '../core/auth/authenticator.ts';
import type { CoreContext, Scope } from '../core/context.ts';
import { AccessDeniedError } from '../core/errors.ts';
import type { WebhookSettings } from '../core/webhooks/settings.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** How a route authenticates: a bearer token (the default), Basic credentials, the admin token, or none. */
export type AuthMode = 'bearer' | 'basic' | 'admin' | 'none';

/** What the HTTP layer is given by the composition root. */
export interface HttpDeps {
  ctx: CoreContext;
  authenticator: Authenticator;
  /** Webhook settings (private targets, key encryption); the defaults when absent. */
  webhooks?: WebhookSettings | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The mode a credential claims before it is verified, for the error body's live_mode. */
    modeHint?: boolean;
    idempotencyKey?: string;
  }
  interface FastifyContextConfig {
    /** The snake_case operation name: OpenAPI operationId, error context, log field. */
    operation?: string;
    auth?: AuthMode;
  }
}

/** The scope of an authenticated request; routes behind bearer auth always have one. */
export function scopeOf(request: FastifyRequest): Scope {
  if (!request.principal) throw new AccessDeniedError();
  return { accountId: request.principal.accountId, liveMode: request.principal.liveMode };
}
