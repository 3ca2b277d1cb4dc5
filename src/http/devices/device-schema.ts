import { Type, type Static } from 'typebox';
import type { Device, DeviceInput } from '../../core/devices/devices.ts';
import { formatUtcSeconds } from '../../lib/time.ts';

export const DeviceSchema = Type.Object(
  {
    id: Type.String({ examples: ['dev_63a6087272941ef077a8fd3e'] }),
    object: Type.Literal('device'),
    live_mode: Type.Boolean(),
    reference_id: Type.Optional(Type.String({ examples: ['DEV1234567890'] })),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
    last_seen: Type.Optional(Type.String({ format: 'date-time' })),
    pv_system: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { title: 'Device' },
);

export const DeviceBody = Type.Object(
  {
    reference_id: Type.Optional(Type.String({ maxLength: 255, examples: ['DEV1234567890'] })),
    pv_system: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Solar system properties from the solar-forecast guide (limited beta)',
      }),
    ),
  },
  { additionalProperties: false },
);

export function fromApiDeviceBody(body: Static<typeof DeviceBody>): DeviceInput {
  return { referenceId: body.reference_id, pvSystem: body.pv_system };
}

export function toApiDevice(device: Device): Static<typeof DeviceSchema> {
  return {
    id: device.id,
    object: 'device',
    live_mode: device.liveMode,
    ...(device.referenceId !== null ? { reference_id: device.referenceId } : {}),
    time_created: formatUtcSeconds(device.createdAt),
    account_id: device.accountId,
    ...(device.lastSeen !== null ? { last_seen: formatUtcSeconds(device.lastSeen) } : {}),
    ...(device.pvSystem !== null ? { pv_system: device.pvSystem } : {}),
  };
}
