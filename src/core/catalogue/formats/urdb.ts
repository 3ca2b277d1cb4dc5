// OpenEI U.S. Utility Rate Database (URDB) rate records → providers and library tariffs. Pure.
//
// A record prices energy by period: `energyratestructure[p]` is period p's ladder of tiers
// (`rate` + `adj` per kWh, `max` the tier's upper bound in kWh per month), and the 12 × 24
// `energyweekdayschedule` / `energyweekendschedule` say which period applies in each month at each
// local hour. Months with the same weekday and weekend rows become one schedule entry, a day's run
// of hours in one period one hour period, weekday and weekend blocks when they differ. Fixed,
// minimum and demand charges have no place in the schedule model and are left out
// [decision:catalogue-urdb-mapping].
import {
  MONTH_NAMES,
  addDecimals,
  formatDecimal,
  toDecimal,
  type HourPeriodDefinition,
  type RateTierDefinition,
  type ScheduleEntryDefinition,
} from '../../../engine/index.ts';
import type { CatalogueData, ImportOptions, ProviderSeed, TariffSeed } from '../catalogue-data.ts';
import { invalid, isObject, optionalText, parseJsonFile } from './json-input.ts';

type Row = number[];

function scheduleMatrix(value: unknown, what: string, periods: number): Row[] {
  if (!Array.isArray(value) || value.length !== 12) invalid(`${what} must have 12 months`);
  return value.map((row, m) => {
    if (!Array.isArray(row) || row.length !== 24) invalid(`${what}[${m}] must have 24 hours`);
    return row.map((p) => {
      if (!Number.isInteger(p) || (p as number) < 0 || (p as number) >= periods)
        invalid(`${what}[${m}] names a period the energyratestructure does not have`);
      return p as number;
    });
  });
}

/** A number as exact decimal text (`0.0119`), so that `rate + adj` adds without binary error. */
const exact = (value: unknown, what: string): string => {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`${what} must be a number`);
  return String(value);
};

function ladder(tiers: unknown, p: number): RateTierDefinition[] {
  if (!Array.isArray(tiers) || tiers.length === 0) invalid(`energyratestructure[${p}] has no tiers`);
  return tiers.map((tier, i): RateTierDefinition => {
    if (!isObject(tier)) invalid(`energyratestructure[${p}][${i}] must be an object`);
    let price = toDecimal(exact(tier.rate ?? 0, `energyratestructure[${p}][${i}].rate`));
    if (tier.adj !== undefined && tier.adj !== null)
      price = addDecimals(price, toDecimal(exact(tier.adj, `energyratestructure[${p}][${i}].adj`)));
    const last = i === tiers.length - 1;
    if (!last && (tier.unit ?? 'kWh') !== 'kWh') {
      // daily or per-kW tiers have no monthly kWh bound to map to
      invalid(
        `energyratestructure[${p}][${i}] has tier unit ${String(tier.unit)}; only kWh tiers can be imported`,
      );
    }
    if (!last && typeof tier.max !== 'number') invalid(`energyratestructure[${p}][${i}] needs max`);
    return {
      fixed: Number(formatDecimal(price)),
      ...(last ? {} : { to_kwh: tier.max as number }),
    };
  });
}

const hh = (hour: number): string => `${String(hour % 24).padStart(2, '0')}:00:00`;

/** A day's 24 hourly periods → hour periods over runs of the same period. */
function hoursOf(row: Row, ladders: RateTierDefinition[][]): HourPeriodDefinition[] {
  const periods: HourPeriodDefinition[] = [];
  let start = 0;
  for (let h = 1; h <= 24; h++) {
    if (h === 24 || row[h] !== row[start]) {
      periods.push({ valid_from: hh(start), valid_to: hh(h), rate: ladders[row[start] as number] ?? [] });
      start = h;
    }
  }
  return periods;
}

const sameRow = (a: Row, b: Row): boolean => a.every((p, h) => p === b[h]);

export function scheduleOfUrdb(record: Record<string, unknown>): ScheduleEntryDefinition[] {
  const structure = record.energyratestructure;
  if (!Array.isArray(structure) || structure.length === 0) invalid('energyratestructure is missing');
  const ladders = structure.map((tiers, p) => ladder(tiers, p));
  const weekday = scheduleMatrix(record.energyweekdayschedule, 'energyweekdayschedule', ladders.length);
  const weekend =
    record.energyweekendschedule === undefined
      ? weekday
      : scheduleMatrix(record.energyweekendschedule, 'energyweekendschedule', ladders.length);
  const groups = new Map<string, { months: number[]; weekday: Row; weekend: Row }>();
  for (let m = 0; m < 12; m++) {
    const key = `${(weekday[m] as Row).join()}|${(weekend[m] as Row).join()}`;
    const group = groups.get(key);
    if (group) group.months.push(m);
    else groups.set(key, { months: [m], weekday: weekday[m] as Row, weekend: weekend[m] as Row });
  }
  return [...groups.values()].map((group) => ({
    months:
      groups.size === 1 ? ['All'] : group.months.map((m) => MONTH_NAMES[m] as (typeof MONTH_NAMES)[number]),
    days_and_hours: sameRow(group.weekday, group.weekend)
      ? [{ days: ['All'], hours: hoursOf(group.weekday, ladders) }]
      : [
          { days: ['Weekdays'], hours: hoursOf(group.weekday, ladders) },
          { days: ['Weekend'], hours: hoursOf(group.weekend, ladders) },
        ],
  }));
}

const seconds = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null;

/**
 * Reads a URDB answer (`{items: [...]}`), an array of records or one record. Each record becomes a
 * library tariff of its utility (one provider per EIA ID, else per name), in the US, IMPORT
 * COMMODITY in USD, valid from `startdate` to `enddate`.
 */
export function importUrdb(textIn: string, options: ImportOptions = {}): CatalogueData {
  const doc = parseJsonFile(textIn, 'urdb');
  const items: unknown[] = Array.isArray(doc)
    ? doc
    : isObject(doc) && Array.isArray(doc.items)
      ? doc.items
      : [doc];
  if (items.length === 0) invalid('the file holds no rate records');
  const providers = new Map<string, ProviderSeed>();
  const tariffs: TariffSeed[] = [];
  const regions = options.regions ?? [];
  items.forEach((item, i) => {
    if (!isObject(item)) invalid(`record ${i} must be an object`);
    const utility = optionalText(item.utility) ?? options.providerName;
    if (utility === undefined) invalid(`record ${i} has no utility (give a provider name)`);
    const providerRef =
      typeof item.eiaid === 'number' ? `urdb-utility:${item.eiaid}` : `urdb-utility:${utility}`;
    if (!providers.has(providerRef)) {
      providers.set(providerRef, {
        ref: providerRef,
        displayName: utility,
        countries: ['US'],
        regions,
        connectionTypes: ['LIBRARY'],
        marketSourceId: null,
        sandbox: null,
      });
    }
    const name = optionalText(item.name) ?? optionalText(item.label) ?? `${utility} rate ${i + 1}`;
    tariffs.push({
      ref: `urdb:${optionalText(item.label) ?? `${utility}:${name}`}`,
      providerRef,
      name,
      description: optionalText(item.description),
      direction: 'IMPORT',
      type: 'COMMODITY',
      currencyCode: 'USD',
      regions,
      validFrom: seconds(item.startdate),
      validTo: seconds(item.enddate),
      marketRates: false,
      schedule: scheduleOfUrdb(item),
    });
  });
  return { providers: [...providers.values()], tariffs };
}
