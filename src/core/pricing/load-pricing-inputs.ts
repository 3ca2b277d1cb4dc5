// The one place a pricing question reads the store. Everything is read up front in a fixed number
// of queries (the location, its tariffs, one market read per market source for the whole request,
// and the tier counter's meter records when tiers matter); the answer is then computed without I/O
// (price-location.ts, price-metered.ts).
import type { TariffDirection, TimeWindow } from '../../engine/index.ts';
import { selectMeterRecordsInWindow, type MeterRecordForCost } from '../../store/meter-records.ts';
import { SERVER } from '../clock.ts';
import type { CoreContext, Scope } from '../context.ts';
import { retrieveLocation, type Location } from '../locations/locations.ts';
import { loadMarketData, type MarketData } from '../market-data/market-prices.ts';
import { tariffsOfLocation, type Tariff } from '../tariffs/tariffs.ts';
import { monthStartAt } from './metered.ts';
import { checkPricedSpan, contractPieces, tariffsOf } from './price-location.ts';
import { PricingCaches } from './pricing-caches.ts';

/** A span that needs prices, in one tariff direction. */
export interface PricedSpan extends TimeWindow {
  direction: TariffDirection;
}

export interface PricingQuestion {
  /**
   * The location's own records of one direction that feed the tier counter
   * [decision:tier-counter-records]: those overlapping [start of the local month of `from`, `to`).
   * Absent: no records are read (prices need none).
   */
  counter?: { direction: TariffDirection; from: number; to: number } | undefined;
  /**
   * Where prices are needed (empty spans need none), or how to tell from the counter's records
   * (a location's cost report prices its own records).
   */
  spans: readonly PricedSpan[] | ((counterRecords: readonly MeterRecordForCost[]) => readonly PricedSpan[]);
}

export type { PricingInputs } from './pricing-inputs.ts';
import type { PricingInputs } from './pricing-inputs.ts';

/** The hull, per market source, of the contract pieces of market tariffs in the spans. */
function marketSpans(
  tariffs: readonly Tariff[],
  spans: readonly PricedSpan[],
): Map<string, { start: number; end: number }> {
  const hulls = new Map<string, { start: number; end: number }>();
  for (const span of spans) {
    for (const type of ['COMMODITY', 'NON_COMMODITY'] as const) {
      const ofType = tariffsOf(tariffs, span.direction, type);
      if (!ofType.some((t) => t.marketRates && t.marketRateSourceId !== null)) continue;
      const byId = new Map(ofType.map((t) => [t.id, t]));
      for (const piece of contractPieces(ofType, span)) {
        const sourceId = (byId.get(piece.key) as Tariff).marketRateSourceId;
        if (sourceId === null) continue;
        const hull = hulls.get(sourceId);
        if (!hull) hulls.set(sourceId, { start: piece.start, end: piece.end });
        else {
          hull.start = Math.min(hull.start, piece.start);
          hull.end = Math.max(hull.end, piece.end);
        }
      }
    }
  }
  return hulls;
}

/** `loadPricingInputs` for a location already read. */
export async function loadPricingInputsAt(
  ctx: CoreContext,
  scope: Scope,
  location: Location,
  question: PricingQuestion,
): Promise<PricingInputs> {
  const counterRecords = question.counter
    ? await selectMeterRecordsInWindow(ctx.db, scope, {
        ownerId: location.id,
        tariffDirection: question.counter.direction,
        start: new Date(monthStartAt(location, question.counter.from)),
        end: new Date(question.counter.to),
      })
    : [];
  const asked = typeof question.spans === 'function' ? question.spans(counterRecords) : question.spans;
  const spans = asked.filter((s) => s.start < s.end);
  for (const span of spans) checkPricedSpan(span);
  const tariffs: Tariff[] = [];
  for (const direction of new Set(asked.map((s) => s.direction))) {
    tariffs.push(...(await tariffsOfLocation(ctx.db, scope, location, direction)));
  }
  const markets = new Map<string, MarketData>();
  for (const [sourceId, span] of marketSpans(tariffs, spans)) {
    markets.set(
      sourceId,
      await loadMarketData(ctx, {
        sourceId,
        liveMode: scope.liveMode,
        accountId: scope.accountId,
        ...span,
      }),
    );
  }
  return {
    location,
    tariffs,
    markets,
    counterRecords,
    now: { scope: ctx.now(scope), server: ctx.now(SERVER) },
    caches: ctx.caches ?? new PricingCaches(),
  };
}

/**
 * Reads what a pricing question needs at a location of this scope (NotFoundError `location`
 * when there is none): the location, the counter's records if asked, the tariffs of the
 * directions priced, and each market source's data over every span that uses it.
 */
export async function loadPricingInputs(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  question: PricingQuestion,
): Promise<PricingInputs> {
  return loadPricingInputsAt(ctx, scope, await retrieveLocation(ctx, scope, locationId), question);
}
