// The dashboard's pages, each limited to the signed-in account and the mode of its key.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createConnectToken, type ConnectDirection } from '../core/connect/tokens.ts';
import { listCustomers, retrieveCustomer, type Customer } from '../core/customers/customers.ts';
import { DomainError, NotFoundError } from '../core/errors.ts';
import { listEvents } from '../core/events/events.ts';
import { listLocations, retrieveLocation, type Location } from '../core/locations/locations.ts';
import type { Page } from '../core/pagination.ts';
import { listWebhookDeliveries, redeliverEvent, sendTestEvent } from '../core/webhooks/deliveries.ts';
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
  retrieveWebhookEndpoint,
  updateWebhookEndpoint,
} from '../core/webhooks/endpoints.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../core/webhooks/settings.ts';
import { render, type Signed, type WebDeps } from './page.ts';
import { loadLocationView } from './location-view.ts';

type SignedIn = (request: FastifyRequest, reply: FastifyReply) => Promise<Signed | undefined>;

const PAGE = 30;
const ID = /^[a-z]{3}_[0-9a-f]{24,32}$/;
const hide = { schema: { hide: true } };

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The page's common fields. */
const base = (signed: Signed, title: string, nav: string) => ({
  t: signed.t,
  lang: signed.lang,
  title,
  nav,
  principal: signed.principal,
  csrf: signed.csrf,
});

/** A search: an ID finds that object, anything else is a reference ID; none lists the newest. */
async function search<T>(
  query: string,
  after: string,
  prefix: string,
  byId: (id: string) => Promise<T>,
  list: (
    filter: { referenceId?: string },
    page: { limit: number; startingAfter?: string },
  ) => Promise<Page<T>>,
): Promise<Page<T>> {
  if (query.startsWith(`${prefix}_`)) {
    return byId(query).then(
      (one) => ({ data: [one], hasMore: false }),
      (error: unknown) => {
        if (error instanceof NotFoundError) return { data: [], hasMore: false };
        throw error;
      },
    );
  }
  return list(query ? { referenceId: query } : {}, {
    limit: PAGE,
    ...(ID.test(after) ? { startingAfter: after } : {}),
  });
}

export function registerDashboard(web: FastifyInstance, deps: WebDeps, signedIn: SignedIn): void {
  const { ctx } = deps;
  const settings = deps.webhooks ?? DEFAULT_WEBHOOK_SETTINGS;
  const scopeOf = (signed: Signed) => ({
    accountId: signed.principal.accountId,
    liveMode: signed.principal.liveMode,
  });

  web.get('/dashboard/locations', hide, async function web_locations(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    const query = request.query as Record<string, unknown>;
    const q = str(query.q);
    const scope = scopeOf(signed);
    const page = await search<Location>(
      q,
      str(query.after),
      'loc',
      (id) => retrieveLocation(ctx, scope, id),
      // a customer's ID lists that customer's locations
      (filter, p) => listLocations(ctx, scope, q.startsWith('cus_') ? { customerId: q } : filter, p),
    );
    return render(reply, 'locations.eta', {
      ...base(signed, signed.t('locations.title'), 'locations'),
      q,
      page,
    });
  });

  web.get('/dashboard/customers', hide, async function web_customers(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    const query = request.query as Record<string, unknown>;
    const q = str(query.q);
    const scope = scopeOf(signed);
    const page = await search<Customer>(
      q,
      str(query.after),
      'cus',
      (id) => retrieveCustomer(ctx, scope, id),
      (filter, p) => listCustomers(ctx, scope, filter, p),
    );
    return render(reply, 'customers.eta', {
      ...base(signed, signed.t('customers.title'), 'customers'),
      q,
      page,
    });
  });

  web.get('/dashboard/locations/:id', hide, async function web_location(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    const { id } = request.params as { id: string };
    const given = Number(str((request.query as Record<string, unknown>).duration) || 120);
    const duration = Number.isInteger(given) && given >= 15 && given <= 24 * 60 ? given : 120;
    const title = signed.t('location.title', { id });
    try {
      const view = await loadLocationView(ctx, scopeOf(signed), id, duration);
      return render(reply, 'location.eta', { ...base(signed, title, 'locations'), view, duration });
    } catch (error) {
      if (error instanceof NotFoundError)
        return render(
          reply,
          'message.eta',
          { ...base(signed, title, 'locations'), error: signed.t('error.notFound') },
          404,
        );
      throw error;
    }
  });

  web.get('/dashboard/events', hide, async function web_events(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    const query = request.query as Record<string, unknown>;
    const after = str(query.after);
    const scope = scopeOf(signed);
    const page = await listEvents(
      ctx,
      scope,
      {},
      { limit: PAGE, ...(ID.test(after) ? { startingAfter: after } : {}) },
    );
    const deliveries = await Promise.all(
      page.data.map((event) =>
        listWebhookDeliveries(ctx, scope.accountId, { eventId: event.id }, 20).then((all) =>
          all.filter((d) => d.liveMode === scope.liveMode),
        ),
      ),
    );
    return render(reply, 'events.eta', {
      ...base(signed, signed.t('events.title'), 'events'),
      page,
      deliveries,
      notice: noticeOf(signed, query),
    });
  });

  /** A notice from a redirect after a write: only our own messages, with IDs. */
  function noticeOf(signed: Signed, query: Record<string, unknown>): string | undefined {
    const id = str(query.id);
    if (!ID.test(id)) return undefined;
    const event = str(query.event);
    switch (str(query.done)) {
      case 'added':
        return signed.t('webhooks.added', { id });
      case 'enabled':
      case 'disabled':
        return signed.t('webhooks.updated', { id, status: str(query.done) });
      case 'tested':
        return signed.t('webhooks.tested', { id });
      case 'redelivered':
        return ID.test(event) ? signed.t('webhooks.redelivered', { id, event }) : undefined;
      default:
        return undefined;
    }
  }

  async function webhooksPage(
    signed: Signed,
    reply: FastifyReply,
    extra: { notice?: string | undefined; error?: string; url?: string; description?: string },
    status = 200,
  ) {
    const endpoints = (await listWebhookEndpoints(ctx, signed.principal.accountId)).filter(
      (e) => e.liveMode === signed.principal.liveMode,
    );
    return render(
      reply,
      'webhooks.eta',
      { ...base(signed, signed.t('webhooks.title'), 'webhooks'), endpoints, ...extra },
      status,
    );
  }

  web.get('/dashboard/webhooks', hide, async function web_webhooks(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    return webhooksPage(signed, reply, {
      notice: noticeOf(signed, request.query as Record<string, unknown>),
    });
  });

  web.post('/dashboard/webhooks', hide, async function web_webhook_add(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    const body = request.body as Record<string, unknown>;
    const url = str(body.url);
    const description = str(body.description);
    try {
      const endpoint = await createWebhookEndpoint(ctx, settings, signed.principal.accountId, {
        url,
        mode: signed.principal.liveMode ? 'live' : 'test',
        description: description || null,
      });
      return reply.redirect(`/dashboard/webhooks?done=added&id=${endpoint.id}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return webhooksPage(signed, reply, { error: error.message, url, description }, 400);
    }
  });

  /** An endpoint of the signed-in account and mode, or not found. */
  async function ownEndpoint(signed: Signed, id: string) {
    if (!ID.test(id)) throw new NotFoundError('webhook_endpoint', id);
    const endpoint = await retrieveWebhookEndpoint(ctx, signed.principal.accountId, id);
    if (endpoint.liveMode !== signed.principal.liveMode) throw new NotFoundError('webhook_endpoint', id);
    return endpoint;
  }

  web.post('/dashboard/webhooks/:id/:action', hide, async function web_webhook_action(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    const { id, action } = request.params as { id: string; action: string };
    const body = request.body as Record<string, unknown>;
    try {
      const endpoint = await ownEndpoint(signed, id);
      const accountId = signed.principal.accountId;
      if (action === 'disable' || action === 'enable') {
        const status = action === 'disable' ? 'disabled' : 'enabled';
        await updateWebhookEndpoint(ctx, settings, accountId, endpoint.id, { status });
        return reply.redirect(`/dashboard/webhooks?done=${status}&id=${endpoint.id}`, 303);
      }
      if (action === 'test') {
        await sendTestEvent(ctx, accountId, endpoint.id);
        return reply.redirect(`/dashboard/webhooks?done=tested&id=${endpoint.id}`, 303);
      }
      if (action === 'redeliver') {
        const event = str(body.event_id);
        if (!ID.test(event)) throw new NotFoundError('event', event);
        await redeliverEvent(ctx, accountId, endpoint.id, event);
        return reply.redirect(`/dashboard/events?done=redelivered&id=${endpoint.id}&event=${event}`, 303);
      }
      return reply.callNotFound();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return webhooksPage(
        signed,
        reply,
        { error: error.message },
        error instanceof NotFoundError ? 404 : 400,
      );
    }
  });

  const connectPage = (signed: Signed, reply: FastifyReply, extra: Record<string, unknown>, status = 200) =>
    render(reply, 'connect.eta', { ...base(signed, signed.t('connect.title'), 'connect'), ...extra }, status);

  web.get('/dashboard/connect', hide, async function web_connect(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    return connectPage(signed, reply, { form: {} });
  });

  web.post('/dashboard/connect', hide, async function web_connect_create(request, reply) {
    const signed = await signedIn(request, reply);
    if (!signed) return reply;
    const body = request.body as Record<string, unknown>;
    const form = {
      connect_url: str(body.connect_url),
      callback_url: str(body.callback_url),
      customer_id: str(body.customer_id),
      location_id: str(body.location_id),
      direction: ['IMPORT', 'EXPORT', 'LOCAL'].includes(str(body.direction)) ? str(body.direction) : 'IMPORT',
    };
    try {
      const token = await createConnectToken(ctx, scopeOf(signed), {
        connectUrl: form.connect_url,
        callbackUrl: form.callback_url,
        customerId: form.customer_id || null,
        locationId: form.location_id || null,
        direction: form.direction as ConnectDirection,
      });
      const base = (deps.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
      const link = `${base}/connect?fp_cot=${token.id}`;
      return connectPage(signed, reply, { form, link, hours: token.expiresInSeconds / 3600 });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return connectPage(signed, reply, { form, error: error.message }, 400);
    }
  });
}
