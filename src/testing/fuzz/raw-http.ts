import { connect, type Socket } from 'node:net';

/**
 * A small HTTP/1.1 client over one keep-alive socket that writes requests byte for byte as given:
 * a request target that no URL class would let through (`%C0%AF`, a raw NUL), a 20 KB header, a
 * body that lies about its type. Only a real socket shows what the fuzzer asserts about it: Node's
 * own 400/431 answers, and whether a response that ends the connection says `Connection: close`.
 */
export interface RawRequest {
  method: string;
  /** The request target exactly as written on the request line. */
  target: string;
  headers: [string, string][];
  body?: Buffer | undefined;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Map<string, string>;
  body: Buffer;
}

export type Exchange =
  | { kind: 'response'; response: RawResponse; ms: number }
  /** The connection ended before a whole response; `reused` when the socket had answered before. */
  | { kind: 'reset'; reused: boolean; error: string; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'refused'; error: string; ms: number };

interface Parsed {
  response: RawResponse;
  consumed: number;
}

function parseHead(head: string): { status: number; headers: Map<string, string> } | undefined {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) return undefined;
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(match[1]), headers };
}

/** The body of a chunked message starting at `from`, or undefined while more bytes are due. */
function parseChunked(buf: Buffer, from: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error('malformed chunk size');
    if (size === 0) {
      const trailersEnd = buf.indexOf('\r\n\r\n', lineEnd);
      if (buf.subarray(lineEnd + 2, lineEnd + 4).toString('latin1') === '\r\n')
        return { body: Buffer.concat(parts), end: lineEnd + 4 };
      return trailersEnd < 0 ? undefined : { body: Buffer.concat(parts), end: trailersEnd + 4 };
    }
    if (buf.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** One response from the front of `buf`; `ended` when the peer has closed (a body without length ends there). */
export function parseResponse(buf: Buffer, method: string, ended: boolean): Parsed | undefined {
  let offset = 0;
  for (;;) {
    const headEnd = buf.indexOf('\r\n\r\n', offset);
    if (headEnd < 0) return undefined;
    const head = parseHead(buf.subarray(offset, headEnd).toString('latin1'));
    if (!head)
      throw new Error(`malformed status line: ${buf.subarray(offset, offset + 40).toString('latin1')}`);
    const bodyStart = headEnd + 4;
    // 1xx answers (100 Continue) precede the real one.
    if (head.status < 200) {
      offset = bodyStart;
      continue;
    }
    const done = (body: Buffer, end: number): Parsed => ({
      response: { status: head.status, headers: head.headers, body },
      consumed: end,
    });
    if (method === 'HEAD' || head.status === 204 || head.status === 304)
      return done(Buffer.alloc(0), bodyStart);
    if (/\bchunked\b/i.test(head.headers.get('transfer-encoding') ?? '')) {
      const chunked = parseChunked(buf, bodyStart);
      return chunked && done(chunked.body, chunked.end);
    }
    const length = head.headers.get('content-length');
    if (length !== undefined) {
      const end = bodyStart + Number(length);
      return buf.length < end ? undefined : done(buf.subarray(bodyStart, end), end);
    }
    return ended ? done(buf.subarray(bodyStart), buf.length) : undefined;
  }
}

export function encodeRequest(request: RawRequest, host: string): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  if (!names.has('host')) lines.push(`Host: ${host}`);
  for (const [name, value] of request.headers) {
    // An empty Host stands for none at all.
    if (name.toLowerCase() === 'host' && value === '') continue;
    lines.push(`${name}: ${value}`);
  }
  const framed = names.has('content-length') || names.has('transfer-encoding');
  if (request.body !== undefined && !framed) lines.push(`Content-Length: ${request.body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return request.body === undefined ? head : Buffer.concat([head, request.body]);
}

/**
 * Sends requests one at a time over one socket, reusing it until a response says
 * `Connection: close` (then it opens a new one). A socket that the server closed after a
 * response without that header shows up as a `reset` of the next request, with `reused` set.
 */
export class KeepAliveClient {
  #socket: Socket | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  #ended = false;
  #error: string | undefined;
  #wake: (() => void) | undefined;

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
  ) {}

  async #open(): Promise<string | undefined> {
    this.#buffer = Buffer.alloc(0);
    this.#ended = false;
    this.#error = undefined;
    const socket = connect({ port: this.port, host: this.host, noDelay: true });
    this.#socket = socket;
    // Events of a socket already given up must not touch the state of its successor.
    const current = () => this.#socket === socket;
    socket.on('data', (chunk: Buffer) => {
      if (!current()) return;
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on('end', () => {
      if (!current()) return;
      this.#ended = true;
      this.#wake?.();
    });
    socket.on('close', () => {
      if (!current()) return;
      this.#ended = true;
      this.#wake?.();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!current()) return;
      this.#error = error.code ?? error.message;
      this.#ended = true;
      this.#wake?.();
    });
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  async send(request: RawRequest, timeoutMs: number): Promise<Exchange> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    let reused = this.#socket !== undefined;
    if (reused && this.#ended && this.#buffer.length === 0) {
      // Closed while idle: the last response should have said so.
      const error = this.#error ?? 'closed';
      this.close();
      return { kind: 'reset', reused: true, error, ms: ms() };
    }
    if (!this.#socket) {
      reused = false;
      const refused = await this.#open();
      if (refused) {
        this.close();
        return { kind: 'refused', error: refused, ms: ms() };
      }
    }
    const socket = this.#socket as Socket;
    socket.write(encodeRequest(request, `${this.host}:${this.port}`), () => {});
    const deadline = started + timeoutMs;
    for (;;) {
      let parsed: Parsed | undefined;
      try {
        parsed = parseResponse(this.#buffer, request.method, this.#ended);
      } catch (error) {
        this.close();
        return { kind: 'reset', reused, error: (error as Error).message, ms: ms() };
      }
      if (parsed) {
        this.#buffer = this.#buffer.subarray(parsed.consumed);
        const close = /\bclose\b/i.test(parsed.response.headers.get('connection') ?? '');
        if (close) this.close();
        return { kind: 'response', response: parsed.response, ms: ms() };
      }
      if (this.#ended) {
        const error = this.#error ?? 'closed';
        this.close();
        return { kind: 'reset', reused, error, ms: ms() };
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        this.close();
        return { kind: 'timeout', ms: ms() };
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}
