import {
  addDecimals,
  compareDecimals,
  multiplyDecimals,
  RatioSum,
  subtractDecimals,
  subtractRatios,
  toDecimal,
  scheduleAmount,
  type AmountSchedule,
  type CombinedInterval,
  type Decimal,
  type Ratio,
  type TariffDirection,
} from '../../engine/index.ts';
import { selectExistingIds } from '../../store/pages.ts';
import type { CoreContext, Scope } from '../context.ts';
import { markDevicesSeen } from '../devices/devices.ts';
import { ValidationError } from '../errors.ts';
import { checkTimeWindow } from '../time-window.ts';
import { retrieveLocation, type Location } from '../locations/locations.ts';
import { loadPricingInputsAt } from '../pricing/load-pricing-inputs.ts';
import { priceLocation, type LocationPrices } from '../pricing/price-location.ts';
import { MAX_SCHEDULE_WINDOW_MS, raise } from './schedules.ts';

/** The most devices one amount request may plan. */
export const MAX_AMOUNT_DEVICES = 1_000;

export interface AmountDeviceRequest {
  deviceId: string;
  direction: TariffDirection;
  start: number;
  end: number;
  /** kW, exact decimal text or number; absent: the site's limit. */
  powerKw: Decimal | null;
  energyKwh: Decimal;
}

export interface AmountRequest {
  siteKw: Decimal;
  shaving: { absolute?: number | undefined; relative?: number | undefined };
  devices: AmountDeviceRequest[];
}

export interface DevicePlan {
  request: AmountDeviceRequest;
  powerKw: Decimal;
  plan: AmountSchedule;
}

export interface AmountPlan {
  location: Location;
  devices: DevicePlan[];
  cost: Ratio;
  confidence: number;
  savings: Ratio;
  /** Σ baselines, for the overall percentage; null when a device had no baseline. */
  baseline: Ratio | null;
}

interface Use {
  start: number;
  end: number;
  kw: Decimal;
}

/**
 * The parts of a series where `kw` more fits under the site's limit, given what earlier devices
 * already use: devices are planned in request order [decision:amount-schedules], each at its full power.
 */
function withHeadroom(series: readonly CombinedInterval[], used: readonly Use[], kw: Decimal, site: Decimal) {
  const cuts = new Set<number>();
  for (const u of used) cuts.add(u.start).add(u.end);
  const out: CombinedInterval[] = [];
  for (const interval of series) {
    const bounds = [
      interval.start,
      ...[...cuts].filter((c) => c > interval.start && c < interval.end),
      interval.end,
    ].sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const start = bounds[i] as number;
      const end = bounds[i + 1] as number;
      let load = kw;
      for (const u of used) if (u.start <= start && end <= u.end) load = addDecimals(load, u.kw);
      if (compareDecimals(load, site) <= 0) out.push({ ...interval, start, end });
    }
  }
  return out;
}

/** The shaving limit of a device window: absolute, else min + relative × (max − min) of its prices. */
function shavingLimit(
  series: readonly CombinedInterval[],
  shaving: AmountRequest['shaving'],
): Decimal | undefined {
  if (shaving.absolute !== undefined) return toDecimal(shaving.absolute);
  if (shaving.relative === undefined || series.length === 0) return undefined;
  let min = (series[0] as CombinedInterval).price;
  let max = min;
  for (const s of series) {
    if (compareDecimals(s.price, min) < 0) min = s.price;
    if (compareDecimals(s.price, max) > 0) max = s.price;
  }
  return addDecimals(min, multiplyDecimals(toDecimal(shaving.relative), subtractDecimals(max, min)));
}

/**
 * `POST /schedules/amount/{id}`: plans each device's energy on its cheapest (export: most
 * valuable) time before its deadline at full power, devices in request order under the site's
 * power limit, after shaving; partial delivery when the time is too short [decision:amount-schedules].
 */
export async function createAmountSchedule(
  ctx: CoreContext,
  scope: Scope,
  locationId: string,
  request: AmountRequest,
): Promise<AmountPlan> {
  if (request.devices.length === 0)
    throw new ValidationError('data_missing', 'data must list at least one device');
  if (request.devices.length > MAX_AMOUNT_DEVICES) {
    throw new ValidationError('data_invalid', `At most ${MAX_AMOUNT_DEVICES} devices can be planned at once`);
  }
  const { relative } = request.shaving;
  if (relative !== undefined && !(relative >= 0.01 && relative <= 1)) {
    throw new ValidationError('relative_invalid', 'shaving_threshold.relative must be between 0.01 and 1');
  }
  const location = await retrieveLocation(ctx, scope, locationId);
  const devices = await selectExistingIds(
    ctx.db,
    scope,
    'devices',
    request.devices.map((d) => d.deviceId),
  );
  for (const [i, d] of request.devices.entries()) {
    checkTimeWindow(d, MAX_SCHEDULE_WINDOW_MS, `data[${i}]: `);
    if (!devices.has(d.deviceId)) {
      throw new ValidationError('device_id_invalid', `data[${i}].device_id ${d.deviceId} does not exist`);
    }
  }
  await markDevicesSeen(
    ctx.db,
    scope,
    request.devices.map((d) => d.deviceId),
    ctx.now(scope),
  );
  // every device's window and direction read at once: one market read per source for them all
  const inputs = await loadPricingInputsAt(ctx, scope, location, { spans: request.devices });
  const used: Use[] = [];
  const plans: DevicePlan[] = [];
  const cost = new RatioSum();
  const savings = new RatioSum();
  const baseline = new RatioSum();
  let hasBaseline = true;
  let confidence = 1;
  // devices usually share a direction and window: price each distinct one once
  const seriesFor = new Map<string, LocationPrices>();
  for (const d of request.devices) {
    const key = `${d.direction}|${d.start}|${d.end}`;
    let priced = seriesFor.get(key);
    if (!priced) {
      priced = priceLocation(inputs, d);
      seriesFor.set(key, priced);
    }
    const series = priced.intervals;
    const powerKw = d.powerKw && compareDecimals(d.powerKw, request.siteKw) < 0 ? d.powerKw : request.siteKw;
    const limit = shavingLimit(series, request.shaving);
    const plan = scheduleAmount(withHeadroom(series, used, powerKw, request.siteKw), d, {
      energyKwh: d.energyKwh,
      powerKw,
      maximise: d.direction === 'EXPORT',
      ...(limit ? { limit } : {}),
    });
    if (!plan.ok) raise(plan);
    for (const slot of plan.schedule) used.push({ start: slot.start, end: slot.end, kw: powerKw });
    // The baseline runs at once on the plain series: no shaving, no other devices [decision:amount-schedules].
    const plain = scheduleAmount(series, d, {
      energyKwh: d.energyKwh,
      powerKw,
      maximise: d.direction === 'EXPORT',
    });
    const baselineCost = plain.ok ? plain.baselineCost : null;
    const saved =
      baselineCost === null
        ? null
        : d.direction === 'EXPORT'
          ? subtractRatios(plan.cost, baselineCost)
          : subtractRatios(baselineCost, plan.cost);
    const adjusted: AmountSchedule = { ...plan, baselineCost, savings: saved };
    plans.push({ request: d, powerKw, plan: adjusted });
    cost.add(plan.cost);
    confidence = Math.min(confidence, plan.confidence);
    if (saved && baselineCost) {
      savings.add(saved);
      baseline.add(baselineCost);
    } else hasBaseline = false;
  }
  return {
    location,
    devices: plans,
    cost: cost.value(),
    confidence,
    savings: savings.value(),
    baseline: hasBaseline ? baseline.value() : null,
  };
}
