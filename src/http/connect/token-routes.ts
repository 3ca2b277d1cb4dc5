import { createConnectToken, retrieveConnectToken } from '../../core/connect/tokens.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import {
  ConnectTokenBody,
  ConnectTokenQuery,
  ConnectTokenSchema,
  CreatedConnectTokenSchema,
  fromApiConnectTokenBody,
  resolveConnectTokenAliases,
  toApiConnectToken,
  toApiCreatedConnectToken,
} from './token-schema.ts';

const tags = ['Connect'];

/**
 * The Connect token API. `/connect/token` is the current path; `/connect/tariff/token` is the
 * earlier anode path, served the same and marked deprecated [decision:field-aliases].
 */
const PATHS = [
  {
    path: '/connect/token',
    deprecated: false,
    create: 'connect_token_create',
    retrieve: 'connect_token_retrieve',
  },
  {
    path: '/connect/tariff/token',
    deprecated: true,
    create: 'connect_tariff_token_create',
    retrieve: 'connect_tariff_token_retrieve',
  },
] as const;

export function registerConnectTokens(app: App, { ctx }: HttpDeps): void {
  for (const { path, deprecated, create, retrieve } of PATHS) {
    app.post(
      path,
      {
        config: { operation: create },
        preValidation: async (request) => resolveConnectTokenAliases(request.body),
        schema: {
          tags,
          deprecated,
          summary: 'Create a Connect token: one Connect session, valid for 24 hours',
          body: ConnectTokenBody,
          response: { 200: CreatedConnectTokenSchema },
        },
      },
      async function connect_token_create(request) {
        const token = await createConnectToken(ctx, scopeOf(request), fromApiConnectTokenBody(request.body));
        return toApiCreatedConnectToken(token);
      },
    );

    app.get(
      path,
      {
        config: { operation: retrieve },
        schema: {
          tags,
          deprecated,
          summary: "Retrieve a Connect token: the session's location, customer and outcome",
          querystring: ConnectTokenQuery,
          response: { 200: ConnectTokenSchema },
        },
      },
      async function connect_token_retrieve(request) {
        return toApiConnectToken(
          await retrieveConnectToken(ctx, scopeOf(request), request.query.connect_token),
        );
      },
    );
  }
}
