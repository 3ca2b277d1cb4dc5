/** How webhook delivery behaves on this server (OFFPEAK_WEBHOOK_* and OFFPEAK_SECRET_KEY). */
export interface WebhookSettings {
  /** `deny` refuses endpoint hosts in loopback, link-local, private or unique-local ranges. */
  privateTargets: 'allow' | 'deny';
  /** Encrypts signing keys at rest when set. */
  secretKey: string | undefined;
  /** How long a rotated-out key stays in the JWKS, in milliseconds. */
  keyGraceMs: number;
  /** How long finished deliveries and their attempts are kept, in milliseconds. */
  retentionMs: number;
  /** How often each node looks for due deliveries, in milliseconds. */
  pollMs: number;
  /** Deliveries in flight on one node, in total and per endpoint. */
  concurrency: number;
  perEndpoint: number;
  /** The deadline of one attempt, in milliseconds (a 2xx must arrive within it). */
  timeoutMs: number;
}

export const DAY_MS = 86_400_000;

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  privateTargets: 'allow',
  secretKey: undefined,
  keyGraceMs: 7 * DAY_MS,
  retentionMs: 30 * DAY_MS,
  pollMs: 1000,
  concurrency: 64,
  perEndpoint: 8,
  timeoutMs: 10_000,
};

/**
 * When each attempt is due, counted from the failure of the one before: the first at once,
 * then +30 s, +1 h, +6 h, +12 h and +24 h. After the sixth failure the delivery is `failed`
 * [decision:webhook-schedule].
 */
export const RETRY_DELAYS_MS = [0, 30_000, 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length;
