// A deliberately naive expansion: the test oracle for `expandTariff` and the baseline for its
// benchmark. It shares no schedule logic with the fast path: it reads the raw definition, scans
// every rule for every elementary interval, and asks Temporal for every wall time. Slow by design
// (hundreds of Temporal calls per day); use it on windows of days, not years.
import { Temporal } from 'temporal-polyfill';
import {
  type Decimal,
  ONE,
  ZERO,
  addDecimals,
  multiplyDecimals,
  shiftDecimal,
  subtractDecimals,
  toDecimal,
} from './decimal.ts';
import { checkMarketPrices, effectiveWindow, type ExpandOptions, type TimeWindow } from './expand-tariff.ts';
import type { MarketPrice } from './price-series.ts';

/** ExpandOptions, with market prices as plain objects only. */
export type NaiveOptions = Omit<ExpandOptions, 'market'> & { readonly market?: readonly MarketPrice[] };
import {
  createPriceInterval,
  type PriceInterval,
  samePriceBreakdown,
  type TierPrice,
} from './price-series.ts';
import type {
  DaysAndHoursDefinition,
  HourPeriodDefinition,
  RateTierDefinition,
  ScheduleEntryDefinition,
  TariffDefinition,
} from './tariff-definition.ts';
import { DAY_NAMES, MONTH_NAMES } from './tariff-definition.ts';
import { InvalidTariffError } from './tariff-errors.ts';
import { validateTariff } from './validate-tariff.ts';

const seconds = (text: string): number => {
  const [h, m, s] = text.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
};

/** The same-day halves of a period, in seconds: [[from, to)] or, wrapping, [[from, 24h), [0, to)]. */
function halves(p: HourPeriodDefinition): [number, number][] {
  const from = seconds(p.valid_from);
  const to = p.valid_to === '00:00:00' || p.valid_to === '24:00:00' ? 86_400 : seconds(p.valid_to);
  return to > from
    ? [[from, to]]
    : [
        [from, 86_400],
        [0, to],
      ];
}

/** A wall time (date + seconds, 86 400 = next midnight) as an instant: first occurrence when it
 * repeats, the clock change when it is skipped. */
function wallInstant(zone: string, date: Temporal.PlainDate, second: number): number {
  const day = second >= 86_400 ? date.add({ days: 1 }) : date;
  const s = second % 86_400;
  const wall = day.toPlainDateTime({
    hour: Math.floor(s / 3600),
    minute: Math.floor((s % 3600) / 60),
    second: s % 60,
  });
  const zoned = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (zoned.toPlainDateTime().equals(wall)) return zoned.epochMilliseconds;
  const change = zoned.getTimeZoneTransition('next');
  if (!change) throw new Error('skipped wall time without a transition');
  return change.epochMilliseconds;
}

function winningEntry(
  schedule: readonly ScheduleEntryDefinition[],
  date: Temporal.PlainDate,
): ScheduleEntryDefinition | null {
  let best: ScheduleEntryDefinition | null = null;
  let bestRank = 0;
  for (const entry of schedule) {
    const months: readonly string[] = entry.months.length > 0 ? entry.months : ['All'];
    const explicit = months.includes(MONTH_NAMES[date.month - 1] ?? '');
    const dates = entry.dates ?? [];
    if (!(explicit || months.includes('All')) || (dates.length > 0 && !dates.includes(date.day))) continue;
    const rank = 1 + (dates.length > 0 ? 2 : 0) + (explicit ? 1 : 0);
    if (rank > bestRank) [best, bestRank] = [entry, rank];
  }
  return best;
}

function winningBlock(entry: ScheduleEntryDefinition, weekday: number): DaysAndHoursDefinition | null {
  let best: DaysAndHoursDefinition | null = null;
  let bestRank = 0;
  for (const block of entry.days_and_hours) {
    const days: readonly string[] = block.days.length > 0 ? block.days : ['All'];
    const inGroup = days.some(
      (d) => ((d === 'Weekdays' || d === 'Weekday') && weekday <= 5) || (d === 'Weekend' && weekday >= 6),
    );
    const rank = days.includes(DAY_NAMES[weekday - 1] ?? '') ? 3 : inGroup ? 2 : days.includes('All') ? 1 : 0;
    if (rank > bestRank) [best, bestRank] = [block, rank];
  }
  return best;
}

const MARKET_ALL_DAY: readonly RateTierDefinition[] = [{ surcharge_fixed: 0, surcharge_percentage: 0 }];

/** The rate ladder in force at an instant, by scanning every rule. */
function rateAt(tariff: TariffDefinition, instant: number): readonly RateTierDefinition[] {
  if (tariff.schedule.length === 0) return MARKET_ALL_DAY;
  const zone = tariff.timezone;
  const date = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone).toPlainDate();
  const entry = winningEntry(tariff.schedule, date);
  const block = entry && winningBlock(entry, date.dayOfWeek);
  for (const p of block?.hours ?? []) {
    for (const [from, to] of halves(p)) {
      if (wallInstant(zone, date, from) <= instant && instant < wallInstant(zone, date, to)) return p.rate;
    }
  }
  throw new Error(`no period covers ${new Date(instant).toISOString()}`);
}

function ladder(rate: readonly RateTierDefinition[], market: Decimal | null): TierPrice[] {
  let fromKwh = ZERO;
  return rate.map((t) => {
    const toKwh = t.to_kwh === undefined || t.to_kwh === null ? null : toDecimal(t.to_kwh);
    const tierFrom = fromKwh;
    if (toKwh) fromKwh = toKwh;
    if (market === null) {
      const fixed = toDecimal(t.fixed ?? 0);
      return { fromKwh: tierFrom, toKwh, price: fixed, fixed, percentage: ZERO };
    }
    const fixed = toDecimal(t.surcharge_fixed ?? 0);
    const base = addDecimals(market, fixed);
    const price = multiplyDecimals(base, addDecimals(ONE, toDecimal(t.surcharge_percentage ?? 0)));
    return { fromKwh: tierFrom, toKwh, price, fixed, percentage: subtractDecimals(price, base) };
  });
}

/**
 * Same contract as `expandTariff` (and the same output), computed naively from the raw definition.
 * Throws InvalidTariffError for an invalid definition.
 */
export function expandTariffNaive(
  tariff: TariffDefinition,
  window: TimeWindow,
  options: NaiveOptions = {},
): PriceInterval[] {
  const issues = validateTariff(tariff);
  if (issues.length > 0) throw new InvalidTariffError(issues);
  const bounds = { contractStart: tariff.contract_start_ms, contractEnd: tariff.contract_end_ms };
  const { start: from, end: to } = effectiveWindow(bounds, window, options.clipToContract ?? true);
  if (from >= to) return [];
  const market = tariff.market_rates ? (options.market ?? []) : [];
  checkMarketPrices(market);
  const step = options.resolutionMs ?? null;
  const origin = options.gridOriginMs ?? 0;
  const confidence = options.confidence ?? 1;
  const onGrid = (t: number): boolean => step !== null && (((t - origin) % step) + step) % step === 0;

  const cuts = new Set<number>([from, to]);
  const zone = tariff.timezone;
  const toDate = (t: number): Temporal.PlainDate =>
    Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(zone).toPlainDate();
  const last = toDate(to).add({ days: 1 });
  for (
    let date = toDate(from).subtract({ days: 1 });
    Temporal.PlainDate.compare(date, last) <= 0;
    date = date.add({ days: 1 })
  ) {
    cuts.add(wallInstant(zone, date, 0));
    for (const entry of tariff.schedule) {
      for (const block of entry.days_and_hours) {
        for (const p of block.hours)
          for (const half of halves(p)) for (const s of half) cuts.add(wallInstant(zone, date, s));
      }
    }
  }
  for (const m of market) [m.start, m.end].forEach((t) => cuts.add(t));
  if (step !== null)
    for (let t = from + ((((origin - from) % step) + step) % step); t < to; t += step) cuts.add(t);
  const sorted = [...cuts].filter((t) => t >= from && t <= to).sort((a, b) => a - b);

  const out: PriceInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as number;
    const b = sorted[i + 1] as number;
    let piece: PriceInterval;
    if (tariff.market_rates) {
      const m = market.find((x) => x.start <= a && a < x.end);
      if (!m) continue;
      const perKwh = shiftDecimal(m.pricePerMwh, -3);
      const tiers = ladder(rateAt(tariff, a), perKwh);
      piece = createPriceInterval(
        a,
        b,
        tiers[0]?.price ?? ZERO,
        Math.min(confidence, m.confidence),
        perKwh,
        tiers,
      );
    } else {
      const tiers = ladder(rateAt(tariff, a), null);
      piece = createPriceInterval(a, b, tiers[0]?.price ?? ZERO, confidence, null, tiers);
    }
    const prev = out[out.length - 1];
    if (prev && prev.end === a && !onGrid(a) && samePriceBreakdown(prev, piece)) {
      out[out.length - 1] = createPriceInterval(
        prev.start,
        b,
        prev.price,
        prev.confidence,
        prev.market,
        prev.tiers,
      );
    } else out.push(piece);
  }
  return out;
}
