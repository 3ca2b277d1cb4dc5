export {
  OffpeakClient,
  newIdempotencyKey,
  type ApiClient,
  type CallOptions,
  type ListItem,
  type ListPath,
  type OffpeakClientOptions,
  type PathsWith,
  type RequestOf,
  type ResponseOf,
  type components,
  type operations,
  type paths,
} from './client.ts';
export { TokenSource, type BearerToken, type TokenSourceOptions } from './auth.ts';
export { FlatpeakError, UnexpectedResponseError, type FlatpeakErrorObject } from './errors.ts';
export {
  WebhookVerifier,
  WebhookVerificationError,
  type WebhookEvent,
  type WebhookFailure,
  type WebhookHeaders,
  type WebhookVerifierOptions,
} from './webhooks.ts';
