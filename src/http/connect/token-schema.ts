import { Type, type Static } from 'typebox';
import {
  isTariffProcessed,
  type ConnectToken,
  type ConnectTokenInput,
  type CreatedConnectToken,
} from '../../core/connect/tokens.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { idOf, stringEnum } from '../schemas.ts';
import { tariffDirectionField, tariffTypeField } from '../tariffs/tariff-schema.ts';

/** Wire shapes of the Connect token API (`/connect/token`, `/connect/tariff/token`). */

const urlField = (description: string, example: string) =>
  Type.String({ maxLength: 2048, description, examples: [example] });
const addressField = (example: string) => Type.Optional(Type.String({ maxLength: 200, examples: [example] }));

/** An address to pre-fill; any part may be missing (the session asks for what it lacks). */
export const ConnectPostalAddress = Type.Object(
  {
    address_line1: addressField('1-3'),
    address_line2: addressField('Strand'),
    city: addressField('London'),
    state: addressField('Greater London'),
    post_code: addressField('WC2N 5EH'),
    country_code: addressField('GB'),
  },
  { additionalProperties: false, title: 'ConnectPostalAddress' },
);

const flag = (description: string) => Type.Optional(Type.Boolean({ default: false, description }));

export const ConnectTokenBody = Type.Object(
  {
    connect_url: urlField(
      'Where the customer comes back after a provider login: the Connect app URL or a deep link',
      'myapp://nova/flatpeak/connect',
    ),
    connect_web_uri: Type.Optional(urlField('Older name of connect_url', 'https://app.example.com/connect')),
    connect_web_url: Type.Optional(urlField('Older name of connect_url', 'https://app.example.com/connect')),
    callback_url: urlField(
      'Where the customer goes when the session ends or is closed',
      'myapp://nova/flatpeak/complete',
    ),
    callback_uri: Type.Optional(urlField('Older name of callback_url', 'https://app.example.com/done')),
    customer_id: Type.Optional(idOf('cus', 'cus_65e421d1daa4a24082b4f590')),
    customer_reference_id: Type.Optional(Type.String({ maxLength: 255, examples: ['CUS0123456789'] })),
    location_id: Type.Optional(idOf('loc', 'loc_641b90b758fb8e6293716e40')),
    location_reference_id: Type.Optional(Type.String({ maxLength: 255, examples: ['LOC0123456789'] })),
    tariff_direction: Type.Optional(
      tariffDirectionField('The direction of the tariff to connect', ['IMPORT']),
    ),
    direction: Type.Optional(tariffDirectionField('Older name of tariff_direction')),
    tariff_type: Type.Optional(tariffTypeField('The type of the tariff to connect', ['COMMODITY'])),
    type: Type.Optional(tariffTypeField('Older name of tariff_type')),
    tariff_id: Type.Optional(idOf('trf', 'trf_6597ef46529ab4467502af0b')),
    actions: Type.Optional(
      Type.Object(
        {
          disconnect_tariff: flag('Disconnect the tariff at session start, without any page'),
          edit_tariff: flag('Start at provider selection instead of the summary'),
        },
        { additionalProperties: false },
      ),
    ),
    route_options: Type.Optional(
      Type.Object(
        {
          advanced_tariff_capture: flag('Offer the ADVANCED structure and its rate page'),
          tariff_name_capture: flag('Ask the customer to name a manually entered tariff'),
          contract_term_capture: flag('Ask for the contract dates'),
        },
        { additionalProperties: false },
      ),
    ),
    postal_address_type: Type.Optional(stringEnum(['RESIDENTIAL', 'COMMERCIAL'] as const)),
    postal_address: Type.Optional(ConnectPostalAddress),
  },
  { additionalProperties: false, title: 'ConnectTokenCreate' },
);
export type ConnectTokenBody = Static<typeof ConnectTokenBody>;

/**
 * The older names stand in for the current ones when those are absent, before validation, so the
 * schema can require `connect_url` and `callback_url` under whichever name arrives [decision:field-aliases].
 */
export function resolveConnectTokenAliases(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const fields = body as Record<string, unknown>;
  fields.connect_url ??= fields.connect_web_uri ?? fields.connect_web_url;
  fields.callback_url ??= fields.callback_uri;
  fields.tariff_direction ??= fields.direction;
  fields.tariff_type ??= fields.type;
}

export function fromApiConnectTokenBody(body: ConnectTokenBody): ConnectTokenInput {
  return {
    connectUrl: body.connect_url,
    callbackUrl: body.callback_url,
    customerId: body.customer_id,
    customerReferenceId: body.customer_reference_id,
    locationId: body.location_id,
    locationReferenceId: body.location_reference_id,
    direction: body.tariff_direction,
    type: body.tariff_type,
    tariffId: body.tariff_id,
    actions: {
      disconnectTariff: body.actions?.disconnect_tariff,
      editTariff: body.actions?.edit_tariff,
    },
    routeOptions: {
      advancedTariffCapture: body.route_options?.advanced_tariff_capture,
      tariffNameCapture: body.route_options?.tariff_name_capture,
      contractTermCapture: body.route_options?.contract_term_capture,
    },
    postalAddressType: body.postal_address_type,
    postalAddress: body.postal_address,
  } as ConnectTokenInput;
}

export const CreatedConnectTokenSchema = Type.Object(
  {
    connect_token: Type.String({ examples: ['cot_65df3e949a785c52283026ec'] }),
    expires_in: Type.Integer({ description: 'Seconds until the token expires', examples: [86400] }),
    live_mode: Type.Boolean(),
  },
  { title: 'ConnectTokenCreated' },
);

export function toApiCreatedConnectToken(
  token: CreatedConnectToken,
): Static<typeof CreatedConnectTokenSchema> {
  return { connect_token: token.id, expires_in: token.expiresInSeconds, live_mode: token.liveMode };
}

export const ConnectTokenSchema = Type.Object(
  {
    id: Type.String({ examples: ['cot_65e0839faca22517d5d51cd5'] }),
    object: Type.Literal('connect_token'),
    live_mode: Type.Boolean(),
    customer_id: Type.Optional(Type.String({ examples: ['cus_65e421d1daa4a24082b4f590'] })),
    customer_reference_id: Type.Optional(Type.String({ examples: ['CUS0123456789'] })),
    location_id: Type.Optional(
      Type.String({
        description: 'The location the session created or updated; absent until it is known',
        examples: ['loc_641b90b758fb8e6293716e40'],
      }),
    ),
    location_reference_id: Type.Optional(Type.String({ examples: ['LOC0123456789'] })),
    is_tariff_processed: Type.Boolean({
      description: 'true once the session saved a tariff and its rates are available',
    }),
    complete_action: Type.Optional(stringEnum(['SAVE', 'DISCONNECT'] as const)),
    time_created: Type.String({ format: 'date-time' }),
    time_expiry: Type.String({ format: 'date-time' }),
  },
  { title: 'ConnectToken' },
);

/** The token as its backend reads it (and as `connect_session.complete` carries it). */
export function toApiConnectToken(token: ConnectToken): Static<typeof ConnectTokenSchema> {
  const customerId = token.customerId ?? token.request.customerId;
  const locationId = token.locationId ?? token.request.locationId;
  return {
    id: token.id,
    object: 'connect_token',
    live_mode: token.liveMode,
    ...(customerId ? { customer_id: customerId } : {}),
    ...(token.request.customerReferenceId
      ? { customer_reference_id: token.request.customerReferenceId }
      : {}),
    ...(locationId ? { location_id: locationId } : {}),
    ...(token.request.locationReferenceId
      ? { location_reference_id: token.request.locationReferenceId }
      : {}),
    is_tariff_processed: isTariffProcessed(token),
    ...(token.completeAction ? { complete_action: token.completeAction } : {}),
    time_created: formatUtcSeconds(token.createdAt),
    time_expiry: formatUtcSeconds(token.expiresAt),
  };
}

export const ConnectTokenQuery = Type.Object({
  connect_token: Type.String({
    maxLength: 64,
    description: 'The cot_… token to read',
    examples: ['cot_65e0839faca22517d5d51cd5'],
  }),
});
