// The Connect session endpoint's use-case: read the token and what the step needs, run the pure
// machine, then write the new state with compare-and-set on `session_version` (and, when the step
// completes the session, everything it creates, in the same transaction)
// [decision:connect-session-machine].
import {
  roundPriceSeries,
  localEpochDayOf,
  startOfLocalDay,
  type TariffDirection,
} from '../../../engine/index.ts';
import { isId } from '../../../lib/ids.ts';
import { formatInOffset } from '../../../lib/time.ts';
import { zoneOffsetAt } from '../../../engine/index.ts';
import type { Db } from '../../../store/database.ts';
import {
  listLibraryTariffs,
  listProvidersServing,
  regionOfAddress,
  retrieveLibraryTariff,
  retrieveProvider,
  FALLBACK_PUBLIC_URL,
} from '../../catalogue/catalogue.ts';
import { SERVER } from '../../clock.ts';
import type { CoreContext } from '../../context.ts';
import { refreshClock } from '../../test-clocks/clock-cache.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../errors.ts';
import { createCustomerIn, retrieveCustomerIn } from '../../customers/customers.ts';
import { recordEvent } from '../../events/events.ts';
import { deriveRegion } from '../../locations/address-regions.ts';
import {
  createLocationIn,
  retrieveLocationIn,
  type Location,
  type PostalAddress,
} from '../../locations/locations.ts';
import { loadMarketData, type MarketData } from '../../market-data/market-prices.ts';
import { priceLocation, PriceUnavailableError } from '../../pricing/price-location.ts';
import { PricingCaches } from '../../pricing/pricing-caches.ts';
import type { Tariff } from '../../tariffs/tariff.ts';
import {
  deleteTariffIn,
  insertConnectedTariff,
  tariffForSlot,
  tariffsOfLocation,
} from '../../tariffs/tariffs.ts';
import { factsNeeded, step } from './machine.ts';
import {
  completedTokenIn,
  loadSessionToken,
  writeSession,
  type SessionToken,
  type SessionTokenCompletion,
} from './session-token.ts';
import type {
  CompletionPlan,
  DraftTariff,
  Page,
  SessionFacts,
  SessionLibraryTariff,
  SessionProvider,
  SessionRequest,
} from './types.ts';
import { dropPendingConnectionIn, insertPendingConnectionIn } from './connections.ts';

/** A refused step: the page it answered and the page's code [decision:connect-errors]. */
export class ConnectPageError extends DomainError {
  constructor(
    readonly route: string,
    code: string,
    message: string,
  ) {
    super('validation', code, message);
  }
}

/** The answer of a step: the token's envelope fields and the page. */
export interface SessionAnswer {
  token: { id: string; liveMode: boolean; direction: string; type: string };
  page: Page;
}

const TOKEN_ID = /^cot_[0-9a-f]{24,32}$/;

/** What the envelope of a refused step can say about the token (for `live_mode`). */
export interface TokenHint {
  liveMode: boolean;
}

/**
 * Reads a token for a step: `connect_token_invalid` when it is not a token ID, `not_found` when
 * there is none, `connect_token_expired` when it is completed or past its expiry
 * [decision:connect-token-lifetime].
 */
export async function usableToken(ctx: CoreContext, id: unknown, hint: TokenHint): Promise<SessionToken> {
  if (id === undefined || id === null || id === '') {
    throw new ValidationError('connect_token_missing', 'connect_token is required');
  }
  if (typeof id !== 'string' || !TOKEN_ID.test(id)) {
    throw new ValidationError('connect_token_invalid', 'connect_token must be a cot_… token');
  }
  const token = await loadSessionToken(ctx.db, id);
  if (!token) throw new NotFoundError('connect_token', id);
  hint.liveMode = token.liveMode;
  await refreshClock(ctx, token.scope); // the token's expiry follows a test clock [decision:test-clocks]
  const now = ctx.now(token.scope);
  if (token.completedAt !== null || token.expiresAt <= now) {
    throw new ValidationError(
      'connect_token_expired',
      'The connect_token has expired or its session is complete',
    );
  }
  return token;
}

function draftOfTariff(tariff: Tariff): DraftTariff {
  return {
    connectionType: tariff.connectionType,
    isLinked: tariff.isLinked,
    providerId: tariff.providerId,
    providerName: null,
    displayName: tariff.displayName,
    libraryTariffId: tariff.libraryTariffId,
    marketRates: tariff.marketRates,
    schedule: tariff.schedule,
    contractStart: tariff.contractStart,
    contractEnd: tariff.contractEnd,
    contractTermType: tariff.contractEnd >= Date.UTC(9999, 0, 1) ? 'UNTIL_TERMINATED' : 'FIXED',
    existingTariffId: tariff.id,
  };
}

/** The tariff filling the token's slot at its location (the token's `tariff_id` first). */
function slotTariff(tariffs: readonly Tariff[], token: SessionToken, now: number): Tariff | undefined {
  const { request } = token;
  const named = request.tariff_id ? tariffs.find((t) => t.id === request.tariff_id) : undefined;
  if (named) return named;
  return tariffForSlot(
    tariffs.filter((t) => t.type === request.type && t.direction === request.direction),
    now,
  );
}

function regionOf(address: PostalAddress): string | null {
  return regionOfAddress(address);
}

function sandboxUrl(ctx: CoreContext, tokenId: string, providerId: string): string {
  const base = (ctx.publicUrl ?? FALLBACK_PUBLIC_URL).replace(/\/+$/, '');
  return `${base}/connect/sandbox/${encodeURIComponent(providerId)}/login?fp_cot=${encodeURIComponent(tokenId)}`;
}

/** Everything the machine reads, in a fixed handful of queries. */
async function loadFacts(
  ctx: CoreContext,
  token: SessionToken,
  request: SessionRequest,
  now: number,
): Promise<{ facts: SessionFacts; location: Location | null; tariffs: Tariff[] }> {
  const { scope } = token;
  const location = token.request.location_id
    ? await retrieveLocationIn(ctx.db, scope, token.request.location_id).catch(() => null)
    : null;
  const tariffs = location ? await tariffsOfLocation(ctx.db, scope, location, token.request.direction) : [];
  const current = location ? slotTariff(tariffs, token, now) : undefined;
  const needed = factsNeeded(
    token.session,
    request,
    token.request,
    location?.postalAddress ?? null,
    regionOf,
  );
  const country = needed.address?.country_code?.trim().toUpperCase();
  const region = needed.address ? safe(() => regionOf(needed.address as PostalAddress)) : null;
  const providers: SessionProvider[] =
    country && /^[A-Z]{2}$/.test(country)
      ? await listProvidersServing(ctx, { liveMode: scope.liveMode, countryCode: country, region })
      : [];
  const providerById = new Map(providers.map((p) => [p.id, p]));
  const ids = new Set([...needed.providerIds, ...(current?.providerId ? [current.providerId] : [])]);
  for (const id of ids) {
    if (providerById.has(id) || !isId(id, 'prv')) continue;
    const provider = await retrieveProvider(ctx, { liveMode: scope.liveMode, id });
    if (provider) providerById.set(id, provider);
  }
  const libraryTariffs = needed.libraryOf
    ? await listLibraryTariffs(ctx, {
        providerId: needed.libraryOf.providerId,
        direction: token.request.direction,
        type: token.request.type,
        region: needed.libraryOf.region,
        atMs: now,
      })
    : [];
  const libraryTariffById = new Map<string, SessionLibraryTariff>(libraryTariffs.map((t) => [t.id, t]));
  const wanted = [...needed.libraryTariffIds];
  const awaiting = token.session?.awaitingRedirect;
  const sandboxTariff = awaiting ? providerById.get(awaiting)?.sandbox?.libraryTariffId : undefined;
  if (sandboxTariff) wanted.push(sandboxTariff);
  for (const id of wanted) {
    if (libraryTariffById.has(id) || !isId(id, 'trt')) continue;
    const tariff = await retrieveLibraryTariff(ctx, id);
    if (tariff) libraryTariffById.set(id, tariff);
  }
  return {
    location,
    tariffs,
    facts: {
      now,
      liveMode: scope.liveMode,
      token: token.request,
      location: location
        ? {
            id: location.id,
            postalAddress: location.postalAddress,
            timezone: location.timezone,
            currencyCode: location.currencyCode,
          }
        : null,
      currentTariff: current ? draftOfTariff(current) : null,
      providers,
      providerById,
      libraryTariffs,
      libraryTariffById,
      regionOfAddress: regionOf,
      redirectUrlOf: (providerId) => sandboxUrl(ctx, token.id, providerId),
    },
  };
}

function safe<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** One step of a session: the page it leads to, or a ConnectPageError. */
export async function answerSessionStep(
  ctx: CoreContext,
  tokenId: unknown,
  request: SessionRequest,
  hint: TokenHint = { liveMode: false },
): Promise<SessionAnswer> {
  const token = await usableToken(ctx, tokenId, hint);
  const now = ctx.now(token.scope);
  const { facts, location, tariffs } = await loadFacts(ctx, token, request, now);
  const outcome = step(token.session, request, facts);
  if (outcome.kind === 'error') throw new ConnectPageError(outcome.route, outcome.code, outcome.message);
  const envelope = {
    id: token.id,
    liveMode: token.liveMode,
    direction: token.request.direction,
    type: token.request.type,
  };
  if (outcome.kind === 'page') {
    const page = await withRates(ctx, token, outcome.page, location, facts);
    if (!(await writeSession(ctx.db, token, outcome.state, null))) throw sessionConflict();
    return { token: envelope, page };
  }
  await ctx.db.transaction().execute(async (trx) => {
    const completion = await completeIn(trx, token, outcome.plan, location, tariffs, now);
    if (!(await writeSession(trx, token, outcome.state, completion))) throw sessionConflict();
    await recordEvent(
      trx,
      token.scope,
      now,
      'connect_session.complete',
      await completedTokenIn(trx, token.id),
    );
  });
  return { token: envelope, page: outcome.page };
}

const sessionConflict = () =>
  new ConflictError(
    'connect_session_conflict',
    'Another step of this session was answered at the same time; post session_start',
  );

/**
 * Completing [decision:connect-completion]: the customer (given, or new), the location (given, or new from the address),
 * the slot's tariff written or removed, all in the caller's transaction.
 */
async function completeIn(
  db: Db,
  token: SessionToken,
  plan: CompletionPlan,
  given: Location | null,
  tariffs: readonly Tariff[],
  now: number,
): Promise<SessionTokenCompletion> {
  const { scope, request } = token;
  const current = given ? slotTariff(tariffs, token, now) : undefined;
  if (given) await dropPendingConnectionIn(db, scope, { locationId: given.id, ...request });
  if (plan.action === 'DISCONNECT') {
    if (given && current) {
      await deleteTariffIn(db, scope, now, current);
      await recordEvent(db, scope, now, 'location.update', await retrieveLocationIn(db, scope, given.id));
    }
    return {
      action: 'DISCONNECT',
      customerId: given?.customerId ?? request.customer_id ?? null,
      locationId: given?.id ?? null,
      tariffId: null,
      now,
    };
  }
  let location = given;
  let customerId = given?.customerId ?? null;
  if (!location) {
    if (!plan.address) throw new ValidationError('postal_address_missing', 'The session has no address');
    if (request.customer_id) customerId = (await retrieveCustomerIn(db, scope, request.customer_id)).id;
    else
      customerId = (
        await createCustomerIn(db, scope, now, { referenceId: request.customer_reference_id ?? undefined })
      ).id;
    location = await createLocationIn(db, scope, now, {
      postalAddress: plan.address,
      customerId,
      referenceId: request.location_reference_id ?? null,
    });
  }
  let tariffId: string | null = current?.id ?? null;
  if (plan.tariff && !plan.tariff.existingTariffId) {
    if (current) await deleteTariffIn(db, scope, now, current);
    const tariff = await insertConnectedTariff(db, scope, now, {
      locationId: location.id,
      direction: request.direction,
      type: request.type,
      marketRates: plan.tariff.marketRates,
      contractStart: plan.tariff.contractStart,
      contractEnd: plan.tariff.contractEnd,
      schedule: plan.tariff.schedule,
      connectionType: plan.tariff.connectionType,
      isLinked: plan.tariff.isLinked,
      libraryTariffId: plan.tariff.libraryTariffId,
      providerId: plan.tariff.providerId,
      displayName: plan.tariff.displayName ?? plan.tariff.providerName,
    });
    tariffId = tariff.id;
  }
  if (plan.direct) {
    tariffId = null;
    await insertPendingConnectionIn(db, scope, now, {
      tokenId: token.id,
      locationId: location.id,
      direction: request.direction,
      type: request.type,
      connection: plan.direct,
    });
  }
  return { action: 'SAVE', customerId, locationId: location.id, tariffId, now };
}

/** The summary's three local days of rates, priced by the same computation as `POST /prices`. */
async function withRates(
  ctx: CoreContext,
  token: SessionToken,
  page: Page,
  location: Location | null,
  facts: SessionFacts,
): Promise<Page> {
  const draft = page.ratesOf;
  if (!draft) return page;
  const address = token.session?.address ?? location?.postalAddress ?? token.request.postal_address ?? {};
  const region = deriveRegion(address);
  const where: Location = location ?? {
    id: 'loc_000000000000000000000000',
    accountId: token.scope.accountId,
    liveMode: token.scope.liveMode,
    referenceId: null,
    customerId: null,
    timezone: region.timezone ?? 'UTC',
    currencyCode: region.currency_code ?? null,
    flexAllowed: false,
    postalAddress: address,
    geoLocation: null,
    marketSources: region.market_sources,
    tariffStatus: {
      commodity_import: 'NOT_CONNECTED',
      commodity_export: 'NOT_CONNECTED',
      non_commodity_import: 'NOT_CONNECTED',
      non_commodity_export: 'NOT_SUPPORTED',
      local: 'NOT_SUPPORTED',
    },
    tariffElements: [],
    gridNodeId: null,
    createdAt: facts.now,
  };
  const zone = where.timezone;
  const today = localEpochDayOf(zone, facts.now);
  const days = [today - 1, today, today + 1, today + 2].map((day) => startOfLocalDay(zone, day));
  const direction: TariffDirection = token.request.direction;
  const sourceId =
    direction === 'IMPORT'
      ? where.marketSources.import
      : direction === 'EXPORT'
        ? where.marketSources.export
        : undefined;
  const tariff: Tariff = {
    id: draft.existingTariffId ?? 'trf_000000000000000000000000',
    accountId: token.scope.accountId,
    liveMode: token.scope.liveMode,
    locationId: where.id,
    customerId: null,
    direction,
    type: token.request.type,
    displayName: draft.displayName,
    providerId: draft.providerId,
    marketRates: draft.marketRates,
    marketRateSourceId: draft.marketRates ? (sourceId ?? null) : null,
    contractStart: draft.contractStart,
    contractEnd: draft.contractEnd,
    schedule: draft.schedule,
    timezone: zone,
    connectionType: draft.connectionType,
    isLinked: draft.isLinked,
    libraryTariffId: draft.libraryTariffId,
    status: 'CONNECTED',
    createdAt: facts.now,
    updatedAt: facts.now,
  };
  const start = days[0] as number;
  const end = days[3] as number;
  const markets = new Map<string, MarketData>();
  if (tariff.marketRateSourceId) {
    markets.set(
      tariff.marketRateSourceId,
      await loadMarketData(ctx, {
        sourceId: tariff.marketRateSourceId,
        liveMode: token.scope.liveMode,
        accountId: token.scope.accountId,
        start,
        end,
      }),
    );
  }
  const rates: Record<string, unknown[]> = { yesterday: [], today: [], tomorrow: [] };
  try {
    const prices = priceLocation(
      {
        location: where,
        tariffs: [tariff],
        markets,
        counterRecords: [],
        now: { scope: facts.now, server: ctx.now(SERVER) },
        // the draft has no stable ID or update time: compile it afresh
        caches: new PricingCaches(),
      },
      { start, end, direction },
    );
    const names = ['yesterday', 'today', 'tomorrow'] as const;
    const at = (ms: number) => formatInOffset(ms, Math.round(zoneOffsetAt(zone, ms) / 60_000));
    for (const row of roundPriceSeries(prices.intervals)) {
      // each local day gets its own piece of a row that runs past midnight
      names.forEach((name, i) => {
        const from = Math.max(row.start, days[i] as number);
        const to = Math.min(row.end, days[i + 1] as number);
        if (from >= to) return;
        (rates[name] as unknown[]).push({
          valid_from: at(from),
          valid_to: at(to),
          tariff: { cost: row.value, confidence: row.confidence },
        });
      });
    }
  } catch (error) {
    // no prices (no market data yet): the summary shows no rates rather than failing
    if (!(error instanceof PriceUnavailableError)) throw error;
  }
  return { ...page, data: { ...page.data, rates } };
}

/**
 * The sandbox provider's login page [decision:connect-sandbox-login]: the provider's name, and
 * where the customer goes back to (the token's `connect_url`). Test mode, sandbox providers only.
 */
export async function sandboxLogin(
  ctx: CoreContext,
  tokenId: unknown,
  providerId: string,
): Promise<{ providerName: string; connectUrl: string }> {
  const token = await usableToken(ctx, tokenId, { liveMode: false });
  const provider = isId(providerId, 'prv')
    ? await retrieveProvider(ctx, { liveMode: token.liveMode, id: providerId })
    : null;
  if (!provider?.sandbox) throw new NotFoundError('provider', providerId);
  return { providerName: provider.displayName, connectUrl: token.request.connect_url };
}
