import { Type } from 'typebox';
import {
  createDevice,
  deleteDevice,
  listDevices,
  retrieveDevice,
  updateDevice,
} from '../../core/devices/devices.ts';
import {
  Accepted,
  idParams,
  listOf,
  PageQuerySchema,
  ReferenceIdQuery,
  sendAccepted,
  toApiList,
  toPageQuery,
} from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { DeviceBody, DeviceSchema, fromApiDeviceBody, toApiDevice } from './device-schema.ts';

const params = idParams('dev', 'dev_6563a6757360a6d6a628e839');
const tags = ['Devices'];

export function registerDevices(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/devices',
    {
      config: { operation: 'device_list' },
      schema: {
        tags,
        summary: 'List devices, newest first',
        querystring: Type.Object({ ...PageQuerySchema, ...ReferenceIdQuery }),
        response: { 200: listOf(DeviceSchema, '/devices') },
      },
    },
    async function device_list(request) {
      const page = await listDevices(
        ctx,
        scopeOf(request),
        { referenceId: request.query.reference_id },
        toPageQuery(request.query),
      );
      return toApiList('/devices', page, toApiDevice);
    },
  );

  app.post(
    '/devices',
    {
      config: { operation: 'device_create' },
      schema: { tags, summary: 'Create a device', body: DeviceBody, response: { 201: DeviceSchema } },
    },
    async function device_create(request, reply) {
      const device = await createDevice(ctx, scopeOf(request), fromApiDeviceBody(request.body));
      return reply.code(201).send(toApiDevice(device));
    },
  );

  app.get(
    '/devices/:id',
    {
      config: { operation: 'device_retrieve' },
      schema: { tags, summary: 'Retrieve a device', params, response: { 200: DeviceSchema } },
    },
    async function device_retrieve(request) {
      return toApiDevice(await retrieveDevice(ctx, scopeOf(request), request.params.id));
    },
  );

  app.patch(
    '/devices/:id',
    {
      config: { operation: 'device_update' },
      schema: { tags, summary: 'Update a device', params, body: DeviceBody, response: { 200: DeviceSchema } },
    },
    async function device_update(request) {
      return toApiDevice(
        await updateDevice(ctx, scopeOf(request), request.params.id, fromApiDeviceBody(request.body)),
      );
    },
  );

  app.delete(
    '/devices/:id',
    {
      config: { operation: 'device_delete' },
      schema: { tags, summary: 'Delete a device', params, response: { 202: Accepted } },
    },
    async function device_delete(request, reply) {
      await deleteDevice(ctx, scopeOf(request), request.params.id);
      return sendAccepted(reply);
    },
  );
}
