import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Route, type HttpResult } from './http-client.ts';

/** A request as the raw test server read it. */
interface Seen {
  head: string;
  body: string;
  socket: net.Socket;
  /** Which connection (in order of acceptance) carried it. */
  connection: number;
}

/** A TCP server that reads HTTP/1.1 requests (Content-Length bodies) and answers with `respond`. */
async function rawServer(respond: (request: Seen) => void, host = '127.0.0.1') {
  const seen: Seen[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    const connection = connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const request = {
          head: buffer.slice(0, end),
          body: buffer.slice(end + 4, end + 4 + length),
          socket,
          connection,
        };
        buffer = buffer.slice(end + 4 + length);
        seen.push(request);
        respond(request);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    get connections() {
      return connections;
    },
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
}

function routeTo(port: number, options: { maxSockets?: number; idleMs?: number } = {}) {
  return new Route({
    protocol: 'http:',
    hostname: '127.0.0.1',
    port,
    maxSockets: options.maxSockets ?? 4,
    idleMs: options.idleMs ?? 4000,
  });
}

function post(route: Route, body = '{"id":"evt_1"}', timeoutMs = 2000, port = 0): Promise<HttpResult> {
  const head = `POST /hook HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return new Promise((resolve) => route.post(head, body, timeoutMs, 1024, resolve));
}

describe('webhook HTTP client', () => {
  const servers: { close(): void }[] = [];
  const routes: Route[] = [];
  after(() => {
    routes.forEach((r) => r.close());
    servers.forEach((s) => s.close());
  });
  const track = <T extends { close(): void }>(server: T) => (servers.push(server), server);
  const keep = (route: Route) => (routes.push(route), route);

  it('reads a chunked answer and reuses the connection for the next request when the answer allows it', async () => {
    const server = track(
      await rawServer(({ socket }) =>
        socket.write(
          'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n' +
            '3;ext=1\r\nabc\r\n' +
            '4\r\ndefg\r\n0\r\nx-trailer: 1\r\n\r\n',
        ),
      ),
    );
    const route = keep(routeTo(server.port));
    const first = await post(route);
    const second = await post(route);
    assert.equal(first.statusCode, 200);
    assert.equal(first.error, null);
    assert.equal(first.excerpt?.toString(), 'abcdefg');
    assert.equal(second.excerpt?.toString(), 'abcdefg');
    assert.equal(server.connections, 1);
    assert.equal(server.seen[1]?.body, '{"id":"evt_1"}');
  });

  it('skips interim 1xx answers and keeps only the first 1024 bytes of a Content-Length body', async () => {
    const body = 'x'.repeat(3000);
    const server = track(
      await rawServer(({ socket }) => {
        socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n');
        // the final answer in two pieces, split inside the head
        socket.write('HTTP/1.1 201 Crea');
        setTimeout(() => socket.write(`ted\r\ncontent-length: ${body.length}\r\n\r\n${body}`), 20);
      }),
    );
    const result = await post(keep(routeTo(server.port)));
    assert.equal(result.statusCode, 201);
    assert.equal(result.error, null);
    assert.equal(result.excerpt?.length, 1024);
  });

  it('reads a body to the end of the connection and opens a new one after Connection: close', async () => {
    const server = track(
      await rawServer(({ socket }) => {
        socket.write('HTTP/1.1 500 Oops\r\nconnection: close\r\n\r\nno luck');
        socket.end();
      }),
    );
    const route = keep(routeTo(server.port));
    const first = await post(route);
    const second = await post(route);
    assert.equal(first.statusCode, 500);
    assert.equal(first.error, 'HTTP 500');
    assert.equal(first.excerpt?.toString(), 'no luck');
    assert.equal(second.statusCode, 500);
    assert.equal(server.connections, 2);
  });

  it('opens a new connection when the server closed an idle one, and closes its own idle ones after idleMs', async () => {
    const server = track(
      await rawServer(({ socket, connection }) => {
        socket.write('HTTP/1.1 204 No Content\r\n\r\n');
        // the first connection is closed by the server soon after its answer
        if (connection === 0) setTimeout(() => socket.destroy(), 20);
      }),
    );
    const route = keep(routeTo(server.port, { idleMs: 100 }));
    assert.equal((await post(route)).statusCode, 204);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal((await post(route)).statusCode, 204);
    assert.equal(server.connections, 2);
    assert.equal(route.unused, false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(route.unused, true);
  });

  it('fails on an answer that is not HTTP, on a malformed chunk, and after the deadline', async () => {
    const garbage = track(await rawServer(({ socket }) => socket.write('HELLO\r\n\r\n')));
    const badChunk = track(
      await rawServer(({ socket }) =>
        socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'),
      ),
    );
    const silent = track(await rawServer(() => {}));
    const notHttp = await post(keep(routeTo(garbage.port)));
    assert.equal(notHttp.statusCode, null);
    assert.match(String(notHttp.error), /not HTTP/);
    const chunk = await post(keep(routeTo(badChunk.port)));
    assert.equal(chunk.statusCode, null);
    assert.match(String(chunk.error), /chunk/);
    const late = await post(keep(routeTo(silent.port)), '{}', 150);
    assert.equal(late.statusCode, null);
    assert.equal(late.error, 'timeout after 150 ms');
    const refused = await post(keep(routeTo(1)));
    assert.match(String(refused.error), /ECONNREFUSED/);
  });

  it('holds at most maxSockets connections to a route, the other requests waiting their turn', async () => {
    let open = 0;
    let most = 0;
    const server = track(
      await rawServer(({ socket }) => {
        open++;
        most = Math.max(most, open);
        setTimeout(() => {
          open--;
          socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
        }, 30);
      }),
    );
    const route = keep(routeTo(server.port, { maxSockets: 2 }));
    const results = await Promise.all(Array.from({ length: 7 }, () => post(route)));
    assert.deepEqual(
      results.map((r) => r.statusCode),
      Array(7).fill(200),
    );
    assert.equal(most, 2);
    assert.equal(server.connections, 2);
  });
  it('speaks TLS to the address given, with the host name as server name, and refuses a certificate it does not trust', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-tls-'));
    let cert: string;
    let key: string;
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=hooks.test',
          '-addext',
          'subjectAltName=DNS:hooks.test',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      key = readFileSync(join(dir, 'key.pem'), 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const names: (string | false | null)[] = [];
    const server = https.createServer({ cert, key }, (req, res) => {
      names.push((req.socket as TLSSocket).servername);
      res.end(`host ${req.headers.host}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    track({ close: () => (server.closeAllConnections(), server.close()) });
    const port = (server.address() as net.AddressInfo).port;
    const options = {
      protocol: 'https:',
      hostname: 'hooks.test',
      port,
      address: { address: '127.0.0.1', family: 4 as const },
      maxSockets: 2,
      idleMs: 1000,
    };
    const head = `POST /h HTTP/1.1\r\nhost: hooks.test:${port}\r\ncontent-length: 2\r\n\r\n`;
    const send = (route: Route) =>
      new Promise<HttpResult>((resolve) => route.post(head, '{}', 2000, 1024, resolve));
    const trusted = await send(keep(new Route({ ...options, ca: cert })));
    assert.equal(trusted.statusCode, 200, String(trusted.error));
    assert.equal(trusted.excerpt?.toString(), `host hooks.test:${port}`);
    assert.deepEqual(names, ['hooks.test']);
    const untrusted = await send(keep(new Route(options)));
    assert.equal(untrusted.statusCode, null);
    assert.match(String(untrusted.error), /self-signed|certificate/i);
  });
});
