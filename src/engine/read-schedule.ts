// Reads a schedule into checked, typed parts (times in seconds, exact decimals, precedence ranks)
// and collects the shape issues: bad names, bad times, bad tiers. Coverage is checked elsewhere.
import { parseClockTime, formatClockTime, DAY_SECONDS } from './calendar.ts';
import {
  type Decimal,
  ONE,
  ZERO,
  addDecimals,
  compareDecimals,
  makeDecimal,
  readDecimal,
} from './decimal.ts';
import { DAY_NAMES, MONTH_NAMES } from './tariff-definition.ts';
import { type TariffIssue, tariffIssue } from './tariff-errors.ts';

/**
 * The largest size of a rate, surcharge or tier bound (per kWh, a fraction, kWh): far beyond any
 * tariff, and small enough that a cost of any metered energy stays a finite number on output.
 */
const AMOUNT_LIMIT = makeDecimal(1_000_000_000n, 0);
const NEGATIVE_AMOUNT_LIMIT = makeDecimal(-1_000_000_000n, 0);

/** A tier as the engine computes with it; absent surcharges are 0. */
export interface ReadTier {
  readonly fromKwh: Decimal;
  readonly toKwh: Decimal | null;
  /** The rate (schedule tariffs) or surcharge_fixed (market tariffs). */
  readonly fixed: Decimal;
  /** surcharge_percentage as a fraction; 0 for schedule tariffs. */
  readonly surchargePercentage: Decimal;
  /** 1 + surchargePercentage. */
  readonly multiplier: Decimal;
}

/** A period in seconds of the local day: [from, to) with to = 86 400 for a `00:00:00` end;
 * `to < from` wraps past midnight. */
export interface ReadPeriod {
  readonly index: number;
  readonly path: string;
  readonly from: number;
  readonly to: number;
  readonly tiers: readonly ReadTier[];
}

export interface ReadBlock {
  readonly index: number;
  readonly path: string;
  /** By ISO weekday − 1: 0 no match, 1 via `All`, 2 via a group, 3 via the single day [decision:schedule-precedence]. */
  readonly dayRank: readonly number[];
  readonly periods: readonly ReadPeriod[];
}

export interface ReadEntry {
  readonly index: number;
  readonly path: string;
  /** By month − 1: 0 no match, 1 via `All`, 2 named explicitly [decision:schedule-precedence]. */
  readonly monthRank: readonly number[];
  /** Index 1–31: true when listed; null when the entry has no `dates` (every day). */
  readonly dates: readonly boolean[] | null;
  readonly blocks: readonly ReadBlock[];
}

export interface ReadSchedule {
  readonly entries: readonly ReadEntry[];
  readonly issues: readonly TariffIssue[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const GROUPS: Record<string, readonly number[]> = {
  Weekdays: [1, 2, 3, 4, 5],
  Weekday: [1, 2, 3, 4, 5],
  Weekend: [6, 7],
};

function readMonths(value: unknown, path: string, issues: TariffIssue[]): number[] {
  const rank = new Array<number>(12).fill(0);
  if (!Array.isArray(value)) {
    issues.push(tariffIssue('months_invalid', path, 'must be a list of Jan…Dec or All'));
    return rank;
  }
  if (value.length === 0) rank.fill(1);
  value.forEach((token, i) => {
    const month = MONTH_NAMES.indexOf(token as never);
    if (token === 'All') rank.forEach((r, m) => (rank[m] = Math.max(r, 1)));
    else if (month >= 0) rank[month] = 2;
    else
      issues.push(tariffIssue('months_invalid', `${path}[${i}]`, `unknown month ${JSON.stringify(token)}`));
  });
  return rank;
}

function readDates(value: unknown, path: string, issues: TariffIssue[]): boolean[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    issues.push(tariffIssue('dates_invalid', path, 'must be a list of days of the month 1–31'));
    return null;
  }
  if (value.length === 0) return null;
  const dates = new Array<boolean>(32).fill(false);
  value.forEach((d, i) => {
    if (Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 31) dates[d as number] = true;
    else
      issues.push(
        tariffIssue(
          'dates_invalid',
          `${path}[${i}]`,
          `must be a day of the month 1–31, got ${JSON.stringify(d)}`,
        ),
      );
  });
  return dates;
}

function readDays(value: unknown, path: string, issues: TariffIssue[]): number[] {
  const rank = new Array<number>(7).fill(0);
  if (!Array.isArray(value)) {
    issues.push(tariffIssue('days_invalid', path, 'must be a list of Mon…Sun, Weekdays, Weekend or All'));
    return rank;
  }
  if (value.length === 0) rank.fill(1);
  value.forEach((token, i) => {
    const day = DAY_NAMES.indexOf(token as never);
    const group = typeof token === 'string' ? GROUPS[token] : undefined;
    if (day >= 0) rank[day] = 3;
    else if (group) for (const d of group) rank[d - 1] = Math.max(rank[d - 1] ?? 0, 2);
    else if (token === 'All') rank.forEach((r, d) => (rank[d] = Math.max(r, 1)));
    else issues.push(tariffIssue('days_invalid', `${path}[${i}]`, `unknown day ${JSON.stringify(token)}`));
  });
  return rank;
}

function readTiers(value: unknown, path: string, market: boolean, issues: TariffIssue[]): ReadTier[] {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    issues.push(tariffIssue('rate_missing', path, 'needs at least one rate tier'));
    return [];
  }
  if (!Array.isArray(value)) {
    issues.push(tariffIssue('schedule_invalid', path, 'must be a list of rate tiers'));
    return [];
  }
  const tiers: ReadTier[] = [];
  let fromKwh = ZERO;
  value.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(raw))
      return void issues.push(tariffIssue('schedule_invalid', at, 'must be a rate tier object'));
    const amount = (key: string): Decimal | null | undefined => {
      const v = raw[key];
      if (v === undefined || v === null) return null;
      const d = readDecimal(v);
      if (d === null) {
        issues.push(
          tariffIssue('rate_invalid', `${at}.${key}`, `must be a finite number, got ${JSON.stringify(v)}`),
        );
        return undefined;
      }
      if (compareDecimals(d, AMOUNT_LIMIT) > 0 || compareDecimals(d, NEGATIVE_AMOUNT_LIMIT) < 0) {
        issues.push(
          tariffIssue('rate_invalid', `${at}.${key}`, 'must be between -1,000,000,000 and 1,000,000,000'),
        );
        return undefined;
      }
      return d;
    };
    let fixed: Decimal | null | undefined = ZERO;
    let percentage: Decimal | null | undefined = ZERO;
    if (market) {
      fixed = amount('surcharge_fixed') ?? ZERO;
      percentage = amount('surcharge_percentage') ?? ZERO;
    } else {
      fixed = amount('fixed');
      if (fixed === null)
        issues.push(
          tariffIssue('fixed_missing', `${at}.fixed`, 'a tariff without market_rates needs a price'),
        );
    }
    const toKwh = amount('to_kwh');
    const last = i === value.length - 1;
    if (toKwh === null && !last) {
      issues.push(tariffIssue('to_kwh_invalid', `${at}.to_kwh`, 'only the last tier may have no bound'));
    } else if (toKwh && compareDecimals(toKwh, fromKwh) <= 0) {
      issues.push(
        tariffIssue('to_kwh_invalid', `${at}.to_kwh`, 'bounds must be positive and strictly increasing'),
      );
    }
    const f = fixed ?? ZERO;
    const p = percentage ?? ZERO;
    tiers.push({
      fromKwh,
      toKwh: toKwh ?? null,
      fixed: f,
      surchargePercentage: p,
      multiplier: addDecimals(ONE, p),
    });
    if (toKwh) fromKwh = toKwh;
  });
  return tiers;
}

function readPeriod(
  raw: unknown,
  index: number,
  path: string,
  market: boolean,
  issues: TariffIssue[],
): ReadPeriod | null {
  if (!isRecord(raw)) {
    issues.push(tariffIssue('schedule_invalid', path, 'must be an hour period object'));
    return null;
  }
  const from = parseClockTime(raw.valid_from);
  const toRead = parseClockTime(raw.valid_to, true);
  const to = toRead === 0 ? DAY_SECONDS : toRead;
  if (from === null)
    issues.push(
      tariffIssue(
        'valid_from_invalid',
        `${path}.valid_from`,
        `must be HH:MM:SS, got ${JSON.stringify(raw.valid_from)}`,
      ),
    );
  if (to === null)
    issues.push(
      tariffIssue(
        'valid_to_invalid',
        `${path}.valid_to`,
        `must be HH:MM:SS, got ${JSON.stringify(raw.valid_to)}`,
      ),
    );
  else if (from !== null && to === from) {
    issues.push(
      tariffIssue(
        'valid_to_invalid',
        `${path}.valid_to`,
        `equals valid_from ${formatClockTime(from)}: the period is empty`,
      ),
    );
  }
  const tiers = readTiers(raw.rate, `${path}.rate`, market, issues);
  return from === null || to === null ? null : { index, path, from, to, tiers };
}

/** Reads and shape-checks a schedule. `marketRates` decides which tier fields count. */
export function readSchedule(schedule: unknown, marketRates: boolean): ReadSchedule {
  const issues: TariffIssue[] = [];
  if (!Array.isArray(schedule)) {
    return {
      entries: [],
      issues: [tariffIssue('schedule_invalid', 'schedule', 'must be a list of schedule entries')],
    };
  }
  const entries: ReadEntry[] = [];
  schedule.forEach((rawEntry, e) => {
    const path = `schedule[${e}]`;
    if (!isRecord(rawEntry))
      return void issues.push(tariffIssue('schedule_invalid', path, 'must be a schedule entry object'));
    const monthRank = readMonths(rawEntry.months ?? [], `${path}.months`, issues);
    const dates = readDates(rawEntry.dates, `${path}.dates`, issues);
    const rawBlocks = rawEntry.days_and_hours;
    const blocks: ReadBlock[] = [];
    if (!Array.isArray(rawBlocks))
      issues.push(tariffIssue('schedule_invalid', `${path}.days_and_hours`, 'must be a list'));
    else {
      rawBlocks.forEach((rawBlock, b) => {
        const at = `${path}.days_and_hours[${b}]`;
        if (!isRecord(rawBlock))
          return void issues.push(tariffIssue('schedule_invalid', at, 'must be a days_and_hours object'));
        const dayRank = readDays(rawBlock.days ?? [], `${at}.days`, issues);
        const periods: ReadPeriod[] = [];
        if (!Array.isArray(rawBlock.hours))
          issues.push(tariffIssue('schedule_invalid', `${at}.hours`, 'must be a list'));
        else
          rawBlock.hours.forEach((raw, h) => {
            const period = readPeriod(raw, h, `${at}.hours[${h}]`, marketRates, issues);
            if (period) periods.push(period);
          });
        blocks.push({ index: b, path: at, dayRank, periods });
      });
    }
    entries.push({ index: e, path, monthRank, dates, blocks });
  });
  return { entries, issues };
}
