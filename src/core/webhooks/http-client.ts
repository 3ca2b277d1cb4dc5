import net, { type LookupFunction } from 'node:net';
import tls from 'node:tls';

// The HTTP/1.1 client webhook deliveries are POSTed with: one request per connection at a time
// (no pipelining), connections kept alive per origin and address. It does only what a delivery
// needs (a POST with a body written at once; the status and the first bytes of the answer), which
// costs a fraction of the CPU of node:http per request [decision:webhook-http-client].

/** What one POST came to: the status (null when no answer arrived) and the start of the body. */
export interface HttpResult {
  statusCode: number | null;
  error: string | null;
  /** The first `excerptBytes` bytes of the response body, raw. */
  excerpt: Buffer | null;
}

export interface RouteOptions {
  /** http: or https: */
  protocol: string;
  /** The URL's host name (brackets of an IPv6 literal removed): TLS server name and certificate name. */
  hostname: string;
  port: number;
  /** When given, every connection goes to exactly this address. */
  address?: { address: string; family: 4 | 6 } | undefined;
  maxSockets: number;
  /** How long an idle connection is kept (shorter when the server says less in `Keep-Alive`). */
  idleMs: number;
  /** Certificates to trust instead of Node's default ones (https). */
  ca?: string | undefined;
}

const MAX_HEAD_BYTES = 64 * 1024;

class HttpError extends Error {}

/** One connection, idle in its route's pool or carrying one exchange. */
interface Connection {
  socket: net.Socket;
  /** Called with the bytes that arrive while an exchange is on. */
  onData: ((chunk: Buffer) => void) | null;
  /** Called when the socket fails or closes while an exchange is on. */
  onEnd: ((error: Error | null) => void) | null;
  idleTimer: NodeJS.Timeout | null;
  idleMs: number;
  dead: boolean;
}

/** The connections to one origin through one address, at most `maxSockets` of them. */
export class Route {
  private readonly idle: Connection[] = [];
  private readonly waiting: { use: (c: Connection) => void; fail: (error: Error) => void }[] = [];
  private open = 0;
  private readonly lookup: LookupFunction | undefined;

  constructor(private readonly options: RouteOptions) {
    const target = options.address;
    this.lookup = target
      ? (_host, lookupOptions, callback) => {
          if ((lookupOptions as { all?: boolean }).all)
            (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
              { address: target.address, family: target.family },
            ]);
          else callback(null, target.address, target.family);
        }
      : undefined;
  }

  /** Whether no connection is open or asked for (the route may be forgotten). */
  get unused(): boolean {
    return this.open === 0 && this.waiting.length === 0;
  }

  /** Closes the idle connections. */
  close(): void {
    for (const connection of this.idle.splice(0)) this.discard(connection);
  }

  /**
   * Sends `head` (the request line and headers, ending in an empty line) and `body` on a
   * connection of this route and reads the answer; `onDone` is called once.
   */
  post(
    head: string,
    body: string,
    timeoutMs: number,
    excerptBytes: number,
    onDone: (r: HttpResult) => void,
  ): void {
    let finished = false;
    let connection: Connection | null = null;
    const finish = (result: HttpResult, reusable: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (connection) this.release(connection, reusable);
      onDone(result);
    };
    const fail = (error: Error) => finish({ statusCode: null, error: describe(error), excerpt: null }, false);
    const timer = setTimeout(
      () => finish({ statusCode: null, error: `timeout after ${timeoutMs} ms`, excerpt: null }, false),
      timeoutMs,
    );
    this.acquire((acquired) => {
      if (finished) {
        this.release(acquired, true);
        return;
      }
      connection = acquired;
      const parser = new ResponseParser(excerptBytes);
      acquired.onData = (chunk) => {
        try {
          if (!parser.push(chunk)) return;
        } catch (error) {
          fail(error as Error);
          return;
        }
        const status = parser.statusCode;
        if (parser.keepAliveMs !== null) acquired.idleMs = Math.min(this.options.idleMs, parser.keepAliveMs);
        finish(
          {
            statusCode: status,
            error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
            excerpt: parser.excerpt(),
          },
          parser.reusable,
        );
      };
      acquired.onEnd = (error) => {
        // a body that runs to the end of the connection ends here
        if (!error && parser.untilClose && parser.headComplete) {
          const status = parser.statusCode;
          finish(
            {
              statusCode: status,
              error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
              excerpt: parser.excerpt(),
            },
            false,
          );
        } else fail(error ?? new HttpError('the connection closed before the answer was complete'));
      };
      acquired.socket.write(head + body, 'utf8');
    }, fail);
  }

  private acquire(use: (connection: Connection) => void, fail: (error: Error) => void): void {
    const idle = this.idle.pop();
    if (idle) {
      if (idle.idleTimer) clearTimeout(idle.idleTimer);
      idle.idleTimer = null;
      idle.socket.ref();
      use(idle);
    } else if (this.open < this.options.maxSockets) {
      this.open++;
      this.connect(use, fail);
    } else this.waiting.push({ use, fail });
  }

  private connect(use: (connection: Connection) => void, fail: (error: Error) => void): void {
    const { protocol, hostname, port } = this.options;
    const common = { host: hostname, port, ...(this.lookup ? { lookup: this.lookup } : {}) };
    const socket =
      protocol === 'https:'
        ? tls.connect({
            ...common,
            ...(net.isIP(hostname) ? {} : { servername: hostname }),
            ALPNProtocols: ['http/1.1'],
            ...(this.options.ca ? { ca: this.options.ca } : {}),
          })
        : net.connect(common);
    socket.setNoDelay(true);
    const connection: Connection = {
      socket,
      onData: null,
      onEnd: null,
      idleTimer: null,
      idleMs: this.options.idleMs,
      dead: false,
    };
    let connected = false;
    socket.on('data', (chunk: Buffer) => {
      if (connection.onData) connection.onData(chunk);
      else this.discard(connection); // bytes nobody asked for: the connection is not to be trusted
    });
    const ended = (error: Error | null) => {
      if (connection.dead) return;
      const onEnd = connection.onEnd;
      this.discard(connection);
      if (!connected) fail(error ?? new HttpError('the connection closed while connecting'));
      else if (onEnd) onEnd(error);
    };
    socket.on('error', (error) => ended(error));
    socket.on('end', () => ended(null));
    socket.on('close', () => ended(null));
    socket.once(protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      connected = true;
      use(connection);
    });
  }

  /** Back to the pool when the exchange left it clean (or to the next waiter), else closed. */
  private release(connection: Connection, reusable: boolean): void {
    connection.onData = null;
    connection.onEnd = null;
    if (!reusable || connection.dead) {
      this.discard(connection);
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      next.use(connection);
      return;
    }
    connection.socket.unref();
    connection.idleTimer = setTimeout(() => this.discard(connection), connection.idleMs);
    connection.idleTimer.unref();
    this.idle.push(connection);
  }

  /** Closes a connection; a waiter, if any, gets a new one in its place. */
  private discard(connection: Connection): void {
    if (connection.dead) return;
    connection.dead = true;
    this.open--;
    if (connection.idleTimer) clearTimeout(connection.idleTimer);
    const index = this.idle.indexOf(connection);
    if (index >= 0) this.idle.splice(index, 1);
    connection.socket.destroy();
    const next = this.waiting.shift();
    if (next) {
      this.open++;
      this.connect(next.use, next.fail);
    }
  }
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}: ${error.message}` : error.message;
}

/**
 * Reads one HTTP/1.x response from the bytes of a connection: skips interim (1xx) answers, then
 * reads the body by Content-Length, chunked transfer coding, or to the end of the connection.
 * `push` answers true once the response is complete.
 */
export class ResponseParser {
  statusCode = 0;
  headComplete = false;
  /** Whether the connection may carry another exchange after this one. */
  reusable = false;
  /** The body runs to the end of the connection. */
  untilClose = false;
  /** The server's `Keep-Alive: timeout=` less a second, in ms, if it said. */
  keepAliveMs: number | null = null;
  private head = '';
  private remaining = 0;
  private chunked = false;
  /** Chunked: 'size' line, chunk 'data', the 'crlf' after it, or the 'trailer' lines. */
  private chunkState: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  private line = '';
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private done = false;

  constructor(private readonly excerptBytes: number) {}

  excerpt(): Buffer | null {
    return this.keptBytes === 0
      ? null
      : this.kept.length === 1
        ? (this.kept[0] as Buffer)
        : Buffer.concat(this.kept);
  }

  push(chunk: Buffer): boolean {
    if (this.done) {
      // bytes after a complete response: do not reuse the connection
      this.reusable = false;
      return true;
    }
    let offset = 0;
    while (!this.headComplete) {
      const text = chunk.toString('latin1', offset);
      const end = (this.head + text).indexOf('\r\n\r\n');
      if (end < 0) {
        this.head += text;
        if (this.head.length > MAX_HEAD_BYTES) throw new HttpError('the response head is too large');
        return false;
      }
      const consumed = end + 4 - this.head.length;
      const head = (this.head + text).slice(0, end);
      this.head = '';
      offset += consumed;
      if (this.readHead(head)) break;
      // an interim answer (1xx): the real one follows
      if (offset >= chunk.length) return false;
    }
    if (this.done) {
      if (offset < chunk.length) this.reusable = false;
      return true;
    }
    return this.body(chunk, offset);
  }

  /** Reads a status line and headers; false for an interim (1xx) answer. */
  private readHead(head: string): boolean {
    const lines = head.split('\r\n');
    const status = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: |$)/.exec(lines[0] ?? '');
    if (!status) throw new HttpError('the answer is not HTTP/1.x');
    const code = Number(status[2]);
    if (code >= 100 && code < 200 && code !== 101) return false;
    this.statusCode = code;
    this.headComplete = true;
    let connection = '';
    let transferEncoding: string | null = null;
    let contentLength: number | null = null;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new HttpError('a response header is malformed');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d+$/.test(value) || (contentLength !== null && contentLength !== Number(value)))
          throw new HttpError('the response Content-Length is invalid');
        contentLength = Number(value);
      } else if (name === 'transfer-encoding')
        transferEncoding = transferEncoding === null ? value : `${transferEncoding}, ${value}`;
      else if (name === 'connection') connection += `,${value.toLowerCase()}`;
      else if (name === 'keep-alive') {
        const timeout = /(?:^|[,\s])timeout=(\d+)/i.exec(value);
        if (timeout) this.keepAliveMs = Math.max(0, Number(timeout[1]) * 1000 - 1000);
      }
    }
    const close = /(^|,)\s*close\s*(,|$)/.test(connection);
    this.reusable = status[1] === '1' && !close && code !== 101;
    if (code === 101) throw new HttpError('the server switched protocols');
    if (code === 204 || code === 304) this.done = true;
    else if (transferEncoding !== null) {
      const codings = transferEncoding
        .toLowerCase()
        .split(',')
        .map((c) => c.trim());
      if (codings.at(-1) === 'chunked') this.chunked = true;
      else {
        this.untilClose = true;
        this.reusable = false;
      }
    } else if (contentLength !== null) {
      this.remaining = contentLength;
      if (contentLength === 0) this.done = true;
    } else {
      this.untilClose = true;
      this.reusable = false;
    }
    return true;
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    const room = this.excerptBytes - this.keptBytes;
    if (room <= 0 || to <= from) return;
    const piece = chunk.subarray(from, Math.min(to, from + room));
    this.kept.push(piece);
    this.keptBytes += piece.length;
  }

  private body(chunk: Buffer, offset: number): boolean {
    if (this.untilClose) {
      this.keep(chunk, offset, chunk.length);
      return false;
    }
    if (!this.chunked) {
      const take = Math.min(this.remaining, chunk.length - offset);
      this.keep(chunk, offset, offset + take);
      this.remaining -= take;
      if (this.remaining > 0) return false;
      this.done = true;
      if (offset + take < chunk.length) this.reusable = false;
      return true;
    }
    let i = offset;
    while (i < chunk.length) {
      if (this.chunkState === 'data') {
        const take = Math.min(this.remaining, chunk.length - i);
        this.keep(chunk, i, i + take);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.chunkState = 'crlf';
        continue;
      }
      // 'size', 'crlf' and 'trailer' read whole lines
      const newline = chunk.indexOf(10, i);
      const end = newline < 0 ? chunk.length : newline + 1;
      this.line += chunk.toString('latin1', i, end);
      i = end;
      if (newline < 0) {
        if (this.line.length > MAX_HEAD_BYTES) throw new HttpError('a chunk line is too long');
        continue;
      }
      const line = this.line.replace(/\r?\n$/, '');
      this.line = '';
      if (this.chunkState === 'crlf') {
        if (line !== '') throw new HttpError('a chunk is malformed');
        this.chunkState = 'size';
      } else if (this.chunkState === 'size') {
        const size = /^([0-9a-fA-F]{1,8})\s*(?:;.*)?$/.exec(line);
        if (!size) throw new HttpError('a chunk size is malformed');
        this.remaining = parseInt(size[1] as string, 16);
        this.chunkState = this.remaining === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        this.done = true;
        if (i < chunk.length) this.reusable = false;
        return true;
      }
    }
    return false;
  }
}
