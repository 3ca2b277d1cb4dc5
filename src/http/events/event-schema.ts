import { Type, type Static } from 'typebox';
import type { ConnectToken } from '../../core/connect/tokens.ts';
import type { Customer } from '../../core/customers/customers.ts';
import { toApiConnectToken } from '../connect/token-schema.ts';
import type { Device } from '../../core/devices/devices.ts';
import type { DomainEvent } from '../../core/events/events.ts';
import type { Location } from '../../core/locations/locations.ts';
import { formatUtcSeconds } from '../../lib/time.ts';
import { toApiCustomer } from '../customers/customer-schema.ts';
import { toApiDevice } from '../devices/device-schema.ts';
import { toApiLocation } from '../locations/location-schema.ts';
import { toApiTariffReference } from '../tariffs/tariff-schema.ts';
import type { Tariff } from '../../core/tariffs/tariffs.ts';

export const EventSchema = Type.Object(
  {
    id: Type.String({ examples: ['evt_65e42b7827c0526548432b9f'] }),
    object: Type.Literal('event'),
    type: Type.String({ examples: ['device.create'] }),
    live_mode: Type.Boolean(),
    account_id: Type.String(),
    time_created: Type.String({ format: 'date-time' }),
    data: Type.Record(Type.String(), Type.Unknown(), {
      description: 'The affected object as it was at the event, rendered in this API version',
    }),
  },
  { title: 'Event' },
);

/** Renders an event's stored domain object through the presenter of its resource. */
function toApiData(event: DomainEvent): Record<string, unknown> {
  const resource = event.type.split('.')[0];
  switch (resource) {
    case 'customer':
      return toApiCustomer(event.data as unknown as Customer);
    case 'location':
      return toApiLocation(event.data as unknown as Location);
    case 'device':
      return toApiDevice(event.data as unknown as Device);
    case 'tariff':
      return toApiTariffReference(event.data as unknown as Tariff);
    case 'connect_session':
      return toApiConnectToken(event.data as unknown as ConnectToken);
    default:
      return event.data;
  }
}

export function toApiEvent(event: DomainEvent): Static<typeof EventSchema> {
  return {
    id: event.id,
    object: 'event',
    type: event.type,
    live_mode: event.liveMode,
    account_id: event.accountId,
    time_created: formatUtcSeconds(event.createdAt),
    data: toApiData(event),
  };
}
