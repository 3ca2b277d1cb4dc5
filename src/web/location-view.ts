// What a location's page shows, computed through core exactly as the API computes it: the 48 h
// prices of POST /prices, the cheapest run of POST /schedules/duration, the DAY and MONTH costs of
// POST /costs/interval, each rounded as the API writes it [decision:dashboard-same-numbers].
import type { CoreContext, Scope } from '../core/context.ts';
import { reportIntervalCost, type CostReport } from '../core/costs/costs.ts';
import { DomainError } from '../core/errors.ts';
import { retrievePrices } from '../core/prices/prices.ts';
import { createDurationSchedule } from '../core/schedules/schedules.ts';
import { retrieveLocationStatus, type LocationStatus } from '../core/tariffs/location-status.ts';
import { structureTypeOf } from '../core/tariffs/tariffs.ts';
import {
  decimalToNumber,
  readLocalTime,
  roundPriceSeries,
  roundRatio,
  startOfLocalDay,
  startOfLocalMonth,
} from '../engine/index.ts';

const HOUR_MS = 3_600_000;
export const PRICE_WINDOW_HOURS = 48;

/** A chart's request window and its points, times in UTC epoch seconds (what uPlot plots). */
export interface ChartData {
  start: number;
  end: number;
  points: { start: number; end: number; value: number }[];
}

export interface LocationView {
  status: LocationStatus;
  tariffs: { direction: string; type: string; structure: string; name: string }[];
  prices: ChartData | { error: string };
  cheapest: { start: number; end: number } | { error: string } | undefined;
  costsByDay: ChartData | { error: string };
  costsByMonth: ChartData | { error: string };
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** What a domain error says; anything else is not ours to show and goes up. */
function reasonOf(error: unknown): { error: string } {
  if (error instanceof DomainError) return { error: error.message };
  throw error;
}

function costPoints(report: CostReport): ChartData['points'] {
  return report.items.map((item) => ({
    start: seconds(item.start),
    end: seconds(item.end),
    // as the API writes a cost (http moneyOf): five places
    value: decimalToNumber(roundRatio(item.cost, 5)),
  }));
}

/**
 * The location's page. Prices start at the current hour; costs cover the last 30 local days and
 * the last 12 local months, each window ending at the next local midnight.
 */
export async function loadLocationView(
  ctx: CoreContext,
  scope: Scope,
  id: string,
  durationMinutes: number,
): Promise<LocationView> {
  const status = await retrieveLocationStatus(ctx, scope, id);
  const zone = status.location.timezone;
  const now = ctx.now(scope);
  const start = Math.floor(now / HOUR_MS) * HOUR_MS;
  const end = start + PRICE_WINDOW_HOURS * HOUR_MS;
  const window = { start, end, direction: 'IMPORT' as const };

  const prices = await retrievePrices(ctx, scope, id, window).then(
    (p): ChartData => ({
      start: seconds(start),
      end: seconds(end),
      points: roundPriceSeries(p.intervals).map((r) => ({
        start: seconds(r.start),
        end: seconds(r.end),
        value: r.value,
      })),
    }),
    reasonOf,
  );
  const cheapest =
    'error' in prices
      ? undefined
      : await createDurationSchedule(ctx, scope, id, {
          ...window,
          segment: 'LOW',
          durationMs: durationMinutes * 60_000,
          contiguous: true,
        }).then((s) => {
          const first = s.slots[0];
          const last = s.slots[s.slots.length - 1];
          return first && last ? { start: seconds(first.start), end: seconds(last.end) } : { error: '' };
        }, reasonOf);

  const today = readLocalTime(zone, now);
  const dayEnd = startOfLocalDay(zone, today.epochDay + 1);
  const dayStart = startOfLocalDay(zone, today.epochDay - 29);
  const monthEnd =
    today.month === 12
      ? startOfLocalMonth(zone, today.year + 1, 1)
      : startOfLocalMonth(zone, today.year, today.month + 1);
  const firstMonth = today.month + 1 - 12; // eleven months back, perhaps last year
  const monthStart =
    firstMonth >= 1
      ? startOfLocalMonth(zone, today.year, firstMonth)
      : startOfLocalMonth(zone, today.year - 1, firstMonth + 12);
  const costs = async (from: number, to: number, aggregation: 'DAY' | 'MONTH') =>
    reportIntervalCost(ctx, scope, id, { start: from, end: to, direction: 'IMPORT', aggregation }).then(
      (report): ChartData => ({ start: seconds(from), end: seconds(to), points: costPoints(report) }),
      reasonOf,
    );

  return {
    status,
    tariffs: Object.values(status.slots).flatMap((slot) =>
      slot.tariff
        ? [
            {
              direction: slot.tariff.direction,
              type: slot.tariff.type,
              structure: structureTypeOf(slot.tariff),
              name: slot.tariff.displayName ?? slot.tariff.id,
            },
          ]
        : [],
    ),
    prices,
    cheapest,
    costsByDay: await costs(dayStart, dayEnd, 'DAY'),
    costsByMonth: await costs(monthStart, monthEnd, 'MONTH'),
  };
}
