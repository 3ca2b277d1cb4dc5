import { createAccount, createApiKey, type Mode } from '../core/accounts/accounts.ts';
import { DeliveryWorker } from '../core/webhooks/delivery.ts';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../core/webhooks/settings.ts';
import { ensureSigningKeys } from '../core/webhooks/signing-keys.ts';
import { toApiEvent } from '../http/events/event-schema.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * The real app listening on an ephemeral localhost port, with the webhook delivery worker running
 * as on a serving node: for clients that speak real HTTP (the SDK's tests, the examples). It has
 * a database of its own, so its worker delivers only its own events.
 */
export interface LiveServer {
  harness: Harness;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  adminToken: string;
  /** A new account with one API key of `mode`. */
  newAccount(mode?: Mode): Promise<{ accountId: string; apiKey: string }>;
  close(): Promise<void>;
}

export async function startLiveServer(): Promise<LiveServer> {
  const settings: WebhookSettings = {
    ...DEFAULT_WEBHOOK_SETTINGS,
    pollMs: 200,
    secretKey: 'live-server tests',
  };
  const harness = await startHarness({ ownDatabase: true, webhooks: settings });
  await ensureSigningKeys(harness.ctx, settings);
  const address = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const stopWorker = new DeliveryWorker(harness.ctx, settings, toApiEvent).start();
  return {
    harness,
    baseUrl: address,
    adminToken: harness.adminToken,
    newAccount: async (mode = 'test') => {
      const account = await createAccount(harness.ctx);
      const key = await createApiKey(harness.ctx, account.id, mode);
      return { accountId: account.id, apiKey: key.key };
    },
    close: async () => {
      await stopWorker();
      await harness.close();
    },
  };
}
