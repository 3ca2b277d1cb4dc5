import type { AddressInfo } from 'node:net';
import { startHarness, type Harness } from '../harness.ts';

/**
 * The app on a real socket for the fuzzer: the test harness's store (PGlite in memory, or a fresh
 * schema in the PostgreSQL of TEST_DATABASE_URL) and admin token, on a free port of 127.0.0.1.
 * A probe notes every request that got past authentication.
 */
export interface FuzzServer {
  harness: Harness;
  port: number;
  /** Request IDs (`x-request-id`) of the requests that got past authentication. */
  pastAuthentication: Set<string>;
  close(): Promise<void>;
}

export async function startFuzzServer(): Promise<FuzzServer> {
  const pastAuthentication = new Set<string>();
  const harness = await startHarness({
    // Its admin requests and market-price imports reach beyond one account: a database of its own.
    ownDatabase: true,
    configure: (app) =>
      // Authentication is the onRequest hooks; preParsing runs once they have all let a request by.
      app.addHook('preParsing', async (request, _reply, payload) => {
        pastAuthentication.add(String(request.id));
        return payload;
      }),
  });
  await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = harness.app.server.address() as AddressInfo;
  return { harness, port, pastAuthentication, close: () => harness.close() };
}
