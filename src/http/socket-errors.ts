import { wallNow } from '../core/clock.ts';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { newId } from '../lib/ids.ts';
import { toErrorObject } from './errors.ts';
import { API_VERSION } from './schemas.ts';

/**
 * What Node's HTTP server answers by itself, before Fastify sees a request: a request it cannot
 * parse (400), headers over its 16 KB limit (431), a request that took too long to arrive (408),
 * an `Expect` it does not know (417). Each gets the Flatpeak error object like any other error,
 * and the ones that end the connection say `Connection: close`, so that a keep-alive client
 * opens a new connection instead of failing its next request on this one.
 */
const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'request_header_too_large',
    message: 'The request line and headers are larger than 16 KB',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'request_timeout',
    message: 'The request did not arrive in time',
  },
};

const NOT_HTTP = { status: 400, code: 'request_invalid', message: 'The request is not valid HTTP/1.1' };

/** How long a socket answered with an error may linger for its client to read the answer and close. */
const LINGER_MS = 2_000;

function errorJson(code: string, message: string): { body: string; requestId: string } {
  const requestId = newId('req', wallNow());
  const body = JSON.stringify(
    toErrorObject({ liveMode: false, context: 'api', type: 'invalid_request', code, message, requestId }),
  );
  return { body, requestId };
}

/** Fastify's `clientErrorHandler`: the answer is written on the bare socket, which then closes. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const answer = CLIENT_ERRORS[error.code ?? ''] ?? NOT_HTTP;
  const { body, requestId } = errorJson(answer.code, answer.message);
  const head = [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    `flatpeak-version: ${API_VERSION}`,
    `x-request-id: ${requestId}`,
    'connection: close',
  ];
  // end(), not destroy(): closing with unread request bytes would reset the connection, and the
  // client could lose the answer. A client that does not close in time is cut off.
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** Node answers an unknown `Expect` with a bare 417 unless someone listens; we answer it in full. */
export function registerExpectationAnswer(server: Server): void {
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const { body, requestId } = errorJson(
      'expectation_unsupported',
      'The Expect header is not supported; only 100-continue is',
    );
    response.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'flatpeak-version': API_VERSION,
      'x-request-id': requestId,
    });
    response.end(body);
  });
}
