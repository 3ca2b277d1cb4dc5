import {
  findCheapestContiguous,
  findCheapestSlots,
  findSlotsUnderLimit,
  mergeSlots,
  type CombinedInterval,
  type Decimal,
  type MergedSlot,
  type RunCost,
  type TariffDirection,
} from '../../engine/index.ts';
import type { CoreContext, Scope } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { checkTimeWindow } from '../time-window.ts';
import type { Location } from '../locations/locations.ts';
import { loadPricingInputs } from '../pricing/load-pricing-inputs.ts';
import { priceLocation, PriceUnavailableError } from '../pricing/price-location.ts';

/** The longest schedule window [decision:request-windows]. */
export const MAX_SCHEDULE_WINDOW_MS = 3 * 86_400_000;

export type Segment = 'LOW' | 'HIGH';

export interface ScheduleWindow {
  start: number;
  end: number;
  direction: TariffDirection;
}

/** The location and its price series over a schedule window. */
export interface ScheduleContext {
  location: Location;
  series: CombinedInterval[];
  nextUpdate: number;
}

/** The location's prices over a schedule window: read, then priced. */
export async function loadScheduleSeries(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  window: ScheduleWindow & { maxWindowMs?: number | undefined },
): Promise<ScheduleContext> {
  checkTimeWindow(window, window.maxWindowMs ?? MAX_SCHEDULE_WINDOW_MS);
  const inputs = await loadPricingInputs(ctx, scope, locationId, { spans: [window] });
  const prices = priceLocation(inputs, window);
  return { location: inputs.location, series: prices.intervals, nextUpdate: prices.nextUpdate };
}

/** Maps an engine failure to the API's error. */
export function raise(failure: { code: string; message: string }): never {
  if (failure.code === 'no_price_data') throw new PriceUnavailableError('no_price_data', failure.message);
  throw new ValidationError(failure.code, failure.message);
}

export interface DurationSchedule extends ScheduleContext {
  slots: MergedSlot[];
  /** What the chosen time costs a 1 kW load, and what starting at once or the next best would. */
  explanation: { cost: RunCost['cost']; runAtOnce: RunCost | null; alternative: RunCost | null };
}

/**
 * The cheapest (`LOW`) or most expensive (`HIGH`) time of `durationMs` in the window: one
 * contiguous run when asked, otherwise exactly that much time in as many slots as it takes.
 * Equal prices go to the earlier time.
 */
export async function createDurationSchedule(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  query: ScheduleWindow & { segment: Segment; durationMs: number; contiguous: boolean; maxWindowMs?: number },
): Promise<DurationSchedule> {
  const loaded = await loadScheduleSeries(ctx, scope, locationId, query);
  const window = { start: query.start, end: query.end };
  // Checked here, in the API's unit: the engine's own refusal speaks of milliseconds.
  if (
    !Number.isSafeInteger(query.durationMs) ||
    query.durationMs <= 0 ||
    query.durationMs > window.end - window.start
  )
    throw new ValidationError(
      'duration_invalid',
      'duration must be a positive number of minutes no longer than the window',
    );
  const options = { maximise: query.segment === 'HIGH', tie: 'earliest' as const };
  if (query.contiguous) {
    const choice = findCheapestContiguous(loaded.series, window, query.durationMs, options);
    if (!choice.ok) raise(choice);
    return {
      ...loaded,
      slots: mergeSlots(choice.slots),
      explanation: { cost: choice.cost, runAtOnce: choice.runAtOnce, alternative: choice.alternative },
    };
  }
  const choice = findCheapestSlots(loaded.series, window, query.durationMs, options);
  if (!choice.ok) raise(choice);
  return {
    ...loaded,
    slots: mergeSlots(choice.slots),
    explanation: { cost: choice.cost, runAtOnce: choice.runAtOnce, alternative: null },
  };
}

export interface LimitSchedule extends ScheduleContext {
  slots: MergedSlot[];
  threshold: Decimal;
  durationMs: number;
}

/**
 * The parts of the window priced at or below a threshold (`LOW`), or at or above it (`HIGH`):
 * `absolute` per kWh, else `relative`, a position between the window's lowest and highest price.
 */
export async function createLimitSchedule(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  query: ScheduleWindow & {
    segment: Segment;
    absolute?: number | undefined;
    relative?: number | undefined;
    maxWindowMs?: number;
  },
): Promise<LimitSchedule> {
  if (query.absolute === undefined && query.relative === undefined) {
    throw new ValidationError('relative_missing', 'Give relative (0.01 to 1) or absolute (a price per kWh)');
  }
  const loaded = await loadScheduleSeries(ctx, scope, locationId, query);
  const choice = findSlotsUnderLimit(
    loaded.series,
    { start: query.start, end: query.end },
    {
      maximise: query.segment === 'HIGH',
      ...(query.absolute !== undefined ? { absolute: query.absolute } : {}),
      ...(query.relative !== undefined ? { relative: query.relative } : {}),
    },
  );
  if (!choice.ok) raise(choice);
  return { ...loaded, slots: choice.slots, threshold: choice.threshold, durationMs: choice.durationMs };
}
