import { newId } from '../../lib/ids.ts';
import {
  deleteWebhookEndpointRow,
  insertWebhookEndpoint,
  selectWebhookEndpoint,
  selectWebhookEndpoints,
  updateWebhookEndpointRow,
  type WebhookEndpointRecord,
} from '../../store/webhooks.ts';
import { retrieveAccount } from '../accounts/accounts.ts';
import type { CoreContext } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { resolvePublicTarget } from './private-targets.ts';
import type { WebhookSettings } from './settings.ts';

export interface WebhookEndpoint {
  id: string;
  accountId: string;
  liveMode: boolean;
  url: string;
  description: string | null;
  /** Empty: every event type. */
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  createdAt: number;
}

export interface WebhookEndpointInput {
  url?: string | undefined;
  mode?: 'test' | 'live' | undefined;
  eventTypes?: string[] | undefined;
  description?: string | null | undefined;
  status?: 'enabled' | 'disabled' | undefined;
}

const MAX_URL_LENGTH = 2048;
const EVENT_TYPE = /^[a-z_]+(\.[a-z_]+){1,3}$/;

function fromRecord(row: WebhookEndpointRecord): WebhookEndpoint {
  return {
    id: row.id,
    accountId: row.account_id,
    liveMode: row.live_mode,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    status: row.status,
    createdAt: row.created_at.getTime(),
  };
}

/** An endpoint URL: absolute http(s), no credentials, and a public host when the server denies private ones. */
async function checkUrl(raw: string, settings: WebhookSettings): Promise<string> {
  if (raw.length > MAX_URL_LENGTH || !URL.canParse(raw))
    throw new ValidationError('url_invalid', 'url must be an absolute http or https URL');
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError('url_invalid', 'url must be an absolute http or https URL');
  if (url.username || url.password)
    throw new ValidationError('url_invalid', 'url must not carry a user name or password');
  if (url.hostname === '') throw new ValidationError('url_invalid', 'url must name a host');
  if (settings.privateTargets === 'deny') await resolvePublicTarget(url.hostname);
  return url.toString();
}

function checkEventTypes(types: string[]): string[] {
  for (const type of types)
    if (!EVENT_TYPE.test(type))
      throw new ValidationError('event_types_invalid', `event_types: "${type}" is not an event type`);
  return [...new Set(types)];
}

export async function createWebhookEndpoint(
  ctx: CoreContext,
  settings: WebhookSettings,
  accountId: string,
  input: WebhookEndpointInput,
): Promise<WebhookEndpoint> {
  await retrieveAccount(ctx, accountId);
  if (input.url === undefined) throw new ValidationError('url_missing', 'url is required');
  if (input.mode === undefined) throw new ValidationError('mode_missing', 'mode is required');
  const url = await checkUrl(input.url, settings);
  const liveMode = input.mode === 'live';
  const now = ctx.now({ accountId, liveMode });
  const record: WebhookEndpointRecord = {
    account_id: accountId,
    id: newId('whe', now),
    live_mode: liveMode,
    url,
    description: input.description ?? null,
    event_types: checkEventTypes(input.eventTypes ?? []),
    status: input.status ?? 'enabled',
    created_at: new Date(now),
  };
  await insertWebhookEndpoint(ctx.db, record);
  return fromRecord(record);
}

export async function retrieveWebhookEndpoint(
  ctx: CoreContext,
  accountId: string,
  id: string,
): Promise<WebhookEndpoint> {
  const row = await selectWebhookEndpoint(ctx.db, accountId, id);
  if (!row) throw new NotFoundError('webhook_endpoint', id);
  return fromRecord(row);
}

export async function listWebhookEndpoints(ctx: CoreContext, accountId: string): Promise<WebhookEndpoint[]> {
  await retrieveAccount(ctx, accountId);
  return (await selectWebhookEndpoints(ctx.db, accountId)).map(fromRecord);
}

export async function updateWebhookEndpoint(
  ctx: CoreContext,
  settings: WebhookSettings,
  accountId: string,
  id: string,
  input: WebhookEndpointInput,
): Promise<WebhookEndpoint> {
  const patch = {
    ...(input.url !== undefined ? { url: await checkUrl(input.url, settings) } : {}),
    ...(input.eventTypes !== undefined ? { event_types: checkEventTypes(input.eventTypes) } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
  };
  const row = await updateWebhookEndpointRow(ctx.db, accountId, id, patch);
  if (!row) throw new NotFoundError('webhook_endpoint', id);
  return fromRecord(row);
}

export async function deleteWebhookEndpoint(ctx: CoreContext, accountId: string, id: string): Promise<void> {
  const deleted = await ctx.db.transaction().execute((trx) => deleteWebhookEndpointRow(trx, accountId, id));
  if (!deleted) throw new NotFoundError('webhook_endpoint', id);
}
