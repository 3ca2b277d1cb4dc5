import { Type } from 'typebox';
import { listEvents, retrieveEvent } from '../../core/events/events.ts';
import { idParams, listOf, PageQuerySchema, toApiList, toPageQuery } from '../schemas.ts';
import { scopeOf, type App, type HttpDeps } from '../types.ts';
import { EventSchema, toApiEvent } from './event-schema.ts';

const tags = ['Events'];

export function registerEvents(app: App, { ctx }: HttpDeps): void {
  app.get(
    '/events',
    {
      config: { operation: 'event_list' },
      schema: {
        tags,
        summary: 'List events, newest first',
        querystring: Type.Object({
          ...PageQuerySchema,
          event_type: Type.Optional(Type.String({ examples: ['location.create'] })),
          object_id: Type.Optional(Type.String({ examples: ['loc_641b90b758fb8e6293716e40'] })),
        }),
        response: { 200: listOf(EventSchema, '/events') },
      },
    },
    async function event_list(request) {
      const page = await listEvents(
        ctx,
        scopeOf(request),
        { type: request.query.event_type, objectId: request.query.object_id },
        toPageQuery(request.query),
      );
      return toApiList('/events', page, toApiEvent);
    },
  );

  app.get(
    '/events/:id',
    {
      config: { operation: 'event_retrieve' },
      schema: {
        tags,
        summary: 'Retrieve an event',
        params: idParams('evt', 'evt_3e82b87128ad42c0a352a7305219bfa2'),
        response: { 200: EventSchema },
      },
    },
    async function event_retrieve(request) {
      return toApiEvent(await retrieveEvent(ctx, scopeOf(request), request.params.id));
    },
  );
}
