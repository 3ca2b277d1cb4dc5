import { Type, type Static } from 'typebox';
import type { Location, LocationInput } from '../../core/locations/locations.ts';
import type { LocationStatus, SlotDetail } from '../../core/tariffs/location-status.ts';
import { structureTypeOf } from '../../core/tariffs/tariffs.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { idOf, stringEnum } from '../schemas.ts';

const SLOT_STATUSES = ['CONNECTED', 'NOT_CONNECTED', 'PENDING', 'ERROR', 'NOT_SUPPORTED'] as const;

const addressField = (example: string) => Type.Optional(Type.String({ maxLength: 200, examples: [example] }));

const PostalAddressSchema = Type.Object(
  {
    address_line1: addressField('1-3'),
    address_line2: addressField('Strand'),
    city: Type.String({ maxLength: 200, examples: ['London'] }),
    state: addressField('Greater London'),
    post_code: addressField('WC2N 5EH'),
    country_code: Type.String({
      maxLength: 2,
      examples: ['GB'],
      description: 'ISO 3166-1 alpha-2; state is required too for US',
    }),
  },
  { additionalProperties: false, title: 'PostalAddress' },
);

const GeoLocationSchema = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90, examples: [51.50853] }),
    lng: Type.Number({ minimum: -180, maximum: 180, examples: [-0.12574] }),
  },
  { additionalProperties: false },
);

const MarketSourcesSchema = Type.Object({
  import: Type.Optional(Type.String({ examples: ['mrs_65792b4ef61b16685ebd2ec9'] })),
  export: Type.Optional(Type.String({ examples: ['mrs_65792b4ef61b16685ebd2ec9'] })),
});

const slot = () => stringEnum(SLOT_STATUSES);

export const LocationSchema = Type.Object(
  {
    id: Type.String({ examples: ['loc_641b90b758fb8e6293716e40'] }),
    object: Type.Literal('location'),
    live_mode: Type.Boolean(),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
    reference_id: Type.Optional(Type.String({ examples: ['LOC1234567890'] })),
    customer_id: Type.Optional(Type.String({ examples: ['cus_65e421d1daa4a24082b4f590'] })),
    timezone: Type.String({ examples: ['Europe/London'] }),
    currency_code: Type.Optional(Type.String({ examples: ['GBP'] })),
    flex_allowed: Type.Boolean(),
    postal_address: PostalAddressSchema,
    geo_location: Type.Optional(GeoLocationSchema),
    market_sources: MarketSourcesSchema,
    tariff_status: Type.Object({
      commodity_import: slot(),
      commodity_export: slot(),
      non_commodity_import: slot(),
      non_commodity_export: slot(),
      local: slot(),
    }),
    tariff_elements: Type.Array(Type.String({ examples: ['trf_66ba584eb6923d7c3b942ef6'] })),
    grid_node_id: Type.Optional(Type.String()),
  },
  { title: 'Location' },
);

export type ApiLocation = Static<typeof LocationSchema>;

const editable = {
  reference_id: Type.Optional(Type.String({ maxLength: 255, examples: ['LOC1234567890'] })),
  customer_id: Type.Optional(idOf('cus', 'cus_65e421d1daa4a24082b4f590')),
  postal_address: Type.Optional(PostalAddressSchema),
  timezone: Type.Optional(
    Type.String({ maxLength: 64, description: 'IANA time zone; derived from the address when absent' }),
  ),
  geo_location: Type.Optional(GeoLocationSchema),
  grid_node_id: Type.Optional(Type.String({ maxLength: 64 })),
};

export const LocationBody = Type.Object(editable, { additionalProperties: false });
export type ApiLocationBody = Static<typeof LocationBody>;

/** A new location needs its address: the time zone, currency and market sources come from it. */
export const LocationCreateBody = Type.Object(
  { ...editable, postal_address: PostalAddressSchema },
  { additionalProperties: false },
);

export function fromApiLocationBody(body: ApiLocationBody): LocationInput {
  return {
    referenceId: body.reference_id,
    customerId: body.customer_id,
    postalAddress: body.postal_address,
    timezone: body.timezone,
    geoLocation: body.geo_location,
    gridNodeId: body.grid_node_id,
  };
}

export function toApiLocation(location: Location): ApiLocation {
  return {
    id: location.id,
    object: 'location',
    live_mode: location.liveMode,
    time_created: formatUtcSeconds(location.createdAt),
    account_id: location.accountId,
    ...(location.referenceId !== null ? { reference_id: location.referenceId } : {}),
    ...(location.customerId !== null ? { customer_id: location.customerId } : {}),
    timezone: location.timezone,
    ...(location.currencyCode !== null ? { currency_code: location.currencyCode } : {}),
    flex_allowed: location.flexAllowed,
    // Every stored address has been settled, so it has its city and country code.
    postal_address: location.postalAddress as ApiLocation['postal_address'],
    ...(location.geoLocation !== null ? { geo_location: location.geoLocation } : {}),
    market_sources: location.marketSources,
    tariff_status: location.tariffStatus,
    tariff_elements: location.tariffElements,
    ...(location.gridNodeId !== null ? { grid_node_id: location.gridNodeId } : {}),
  };
}

const SlotStatusSchema = Type.Object({
  status: stringEnum(SLOT_STATUSES),
  connection_type: Type.Optional(stringEnum(['DIRECT', 'LIBRARY', 'MARKET', 'MANUAL'] as const)),
  tariff: Type.Optional(
    Type.Object({
      id: Type.String(),
      display_name: Type.Optional(Type.String()),
      structure_type: stringEnum(['FIXED', 'TIME_OF_DAY', 'MARKET', 'DYNAMIC'] as const),
      contract_end_date: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const LocationStatusSchema = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('location_status'),
    live_mode: Type.Boolean(),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
    tariff_status: Type.Object({
      commodity_import: SlotStatusSchema,
      commodity_export: SlotStatusSchema,
      non_commodity_import: SlotStatusSchema,
      non_commodity_export: SlotStatusSchema,
      local: SlotStatusSchema,
    }),
  },
  { title: 'LocationStatus' },
);

function toApiSlot(slot: SlotDetail): Static<typeof SlotStatusSchema> {
  const tariff = slot.tariff;
  if (!tariff) return { status: slot.status };
  return {
    status: slot.status,
    connection_type: tariff.connectionType,
    tariff: {
      id: tariff.id,
      ...(tariff.displayName !== null ? { display_name: tariff.displayName } : {}),
      structure_type: structureTypeOf(tariff),
      contract_end_date: formatUtcSeconds(tariff.contractEnd),
    },
  };
}

export function toApiLocationStatus({
  location,
  slots,
}: LocationStatus): Static<typeof LocationStatusSchema> {
  return {
    id: location.id,
    object: 'location_status',
    live_mode: location.liveMode,
    time_created: formatUtcSeconds(location.createdAt),
    account_id: location.accountId,
    tariff_status: {
      commodity_import: toApiSlot(slots.commodity_import),
      commodity_export: toApiSlot(slots.commodity_export),
      non_commodity_import: toApiSlot(slots.non_commodity_import),
      non_commodity_export: toApiSlot(slots.non_commodity_export),
      local: toApiSlot(slots.local),
    },
  };
}
