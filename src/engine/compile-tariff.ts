// Precompiles a valid tariff into what expansion needs per local day: a lookup from
// (month, date, weekday) to a day plan, each plan a sorted list of boundaries (seconds of the
// local day) with one interned rate per piece. Expansion then never scans rules.
import { DAY_SECONDS } from './calendar.ts';
import { ONE, ZERO, formatDecimal } from './decimal.ts';
import type { PriceBreakdown, TierPrice } from './price-series.ts';
import type { ReadBlock, ReadTier } from './read-schedule.ts';
import { DAY_SLOTS, daySlot, splitBlockPeriods } from './schedule-coverage.ts';
import type { TariffDefinition, TariffDirection, TariffType } from './tariff-definition.ts';
import { InvalidTariffError } from './tariff-errors.ts';
import { canonicalTimeZone } from './time-zones.ts';
import { checkSchedule, checkTariffFields } from './validate-tariff.ts';

/** A rate ladder, interned: equal ladders of one tariff are the same object. */
export interface CompiledRate {
  readonly tiers: readonly ReadTier[];
  /** The ladder's prices for a schedule (non-market) tariff; null for a market tariff. */
  readonly prices: readonly TierPrice[] | null;
  /** What an interval at this rate pays, for a schedule tariff; null for a market tariff. */
  readonly breakdown: PriceBreakdown | null;
}

/** One local day's pieces: piece i is [bounds[i], bounds[i+1]) seconds with rates[i]. */
export interface DayPlan {
  readonly bounds: Int32Array;
  readonly rates: readonly CompiledRate[];
}

/** A validated tariff ready for `expandTariff`; build with `compileTariff`, reuse freely (immutable). */
export interface CompiledTariff {
  readonly definition: TariffDefinition;
  /** The canonical name of the definition's zone. */
  readonly timezone: string;
  readonly direction: TariffDirection;
  readonly type: TariffType;
  readonly marketRates: boolean;
  readonly contractStart: number;
  readonly contractEnd: number;
  readonly plans: readonly DayPlan[];
  /** Plan index per day slot (schedule-coverage.ts `daySlot(month, date, weekday)`). */
  readonly planOfDay: Uint16Array;
}

function internRate(
  tiers: readonly ReadTier[],
  market: boolean,
  pool: Map<string, CompiledRate>,
): CompiledRate {
  const key = tiers
    .map(
      (t) =>
        `${t.toKwh ? formatDecimal(t.toKwh) : '-'}|${formatDecimal(t.fixed)}|${formatDecimal(t.surchargePercentage)}`,
    )
    .join(';');
  let rate = pool.get(key);
  if (!rate) {
    const prices = market
      ? null
      : tiers.map((t) => ({
          fromKwh: t.fromKwh,
          toKwh: t.toKwh,
          price: t.fixed,
          fixed: t.fixed,
          percentage: ZERO,
        }));
    const first = prices?.[0];
    rate = {
      tiers,
      prices,
      breakdown: prices && first ? { price: first.price, market: null, tiers: prices } : null,
    };
    pool.set(key, rate);
  }
  return rate;
}

function compilePlan(block: ReadBlock, market: boolean, pool: Map<string, CompiledRate>): DayPlan {
  const bounds: number[] = [];
  const rates: CompiledRate[] = [];
  for (const piece of splitBlockPeriods(block)) {
    const rate = internRate(piece.period.tiers, market, pool);
    if (rates[rates.length - 1] === rate) continue;
    bounds.push(piece.from);
    rates.push(rate);
  }
  bounds.push(DAY_SECONDS);
  return { bounds: Int32Array.from(bounds), rates };
}

/**
 * Validates a tariff (throws InvalidTariffError carrying the first issue's code and path) and
 * compiles it. Compile once per tariff version and reuse: it walks all 2 604 day slots.
 */
export function compileTariff(definition: TariffDefinition): CompiledTariff {
  const market = definition.market_rates === true;
  const checked = checkSchedule(definition.schedule, market);
  const issues = [...checkTariffFields(definition), ...checked.issues];
  if (issues.length > 0) throw new InvalidTariffError(issues);
  const pool = new Map<string, CompiledRate>();
  const plans: DayPlan[] = [];
  const planOfDay = new Uint16Array(DAY_SLOTS);
  if (checked.entries.length === 0) {
    const allDay: ReadTier = {
      fromKwh: ZERO,
      toKwh: null,
      fixed: ZERO,
      surchargePercentage: ZERO,
      multiplier: ONE,
    };
    plans.push({ bounds: Int32Array.from([0, DAY_SECONDS]), rates: [internRate([allDay], true, pool)] });
  } else {
    const planOfBlock = new Map<ReadBlock, number>();
    checked.winners.forEach((winner, slot) => {
      if (!winner) return;
      const block = winner[1];
      let index = planOfBlock.get(block);
      if (index === undefined) {
        index = plans.length;
        plans.push(compilePlan(block, market, pool));
        planOfBlock.set(block, index);
      }
      planOfDay[slot] = index;
    });
  }
  return {
    definition,
    timezone: canonicalTimeZone(definition.timezone),
    direction: definition.direction,
    type: definition.type,
    marketRates: market,
    contractStart: definition.contract_start_ms,
    contractEnd: definition.contract_end_ms,
    plans,
    planOfDay,
  };
}

/** The plan of a local day: month 1–12, date 1–31, ISO weekday 1–7. */
export function dayPlanFor(tariff: CompiledTariff, month: number, date: number, weekday: number): DayPlan {
  const plan = tariff.plans[tariff.planOfDay[daySlot(month, date, weekday)] ?? 0];
  if (!plan) throw new Error('compiled tariff has no plan');
  return plan;
}
