import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a test receiver got. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  path: string;
  /** Wall-clock arrival, in ms. */
  at: number;
}

/**
 * A webhook receiver on localhost for tests and benchmarks: records every request and answers
 * with what `answer` says (200 by default).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  answer: (request: Received, index: number) => number = () => 200;
  onReceive: (request: Received) => void = () => {};
  /** How long each answer waits, in ms (a slow receiver). */
  delayMs = 0;
  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const holder: { receiver?: WebhookReceiver } = {};
    const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          path: req.url ?? '',
          at: Date.now(),
        };
        const r = holder.receiver as WebhookReceiver;
        const index = r.received.push(request) - 1;
        r.onReceive(request);
        const status = r.answer(request, index);
        const respond = () => {
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(status >= 200 && status < 300 ? 'ok' : `no (${status})`);
        };
        if (r.delayMs > 0) setTimeout(respond, r.delayMs);
        else respond();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.receiver = new WebhookReceiver(server, (server.address() as AddressInfo).port);
    return holder.receiver;
  }

  url(path = '/hooks', host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  /** Requests whose body is the event `eventId`. */
  of(eventId: string): Received[] {
    return this.received.filter((r) => (JSON.parse(r.body) as { id: string }).id === eventId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
