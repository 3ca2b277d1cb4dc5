// Every route under /test_helpers/ exists for test keys only [decision:test-helpers-live-mode].
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A route's `onRequest` hook, after authentication and before the body is read or validated: a
 * live key is answered exactly as an unknown route is, so it cannot tell the route exists.
 */
export async function answerLiveAsUnknown(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.principal?.liveMode) {
    // an unknown route runs no authentication, so its error knows no principal either
    delete request.principal;
    reply.callNotFound();
    return reply as unknown as undefined;
  }
}
