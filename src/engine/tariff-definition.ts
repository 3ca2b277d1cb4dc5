// The engine's domain shape of a tariff: Flatpeak's schedule model with its documented field
// names, typed. The API layer converts wire → this shape (defaults, the
// `data`/`value` aliases, comma-separated `dates` strings, RFC 3339 → epoch ms); the engine
// re-checks every value at run time in `validateTariff`, because a converter may pass anything.
import type { DecimalInput } from './decimal.ts';

export type MonthName =
  'Jan' | 'Feb' | 'Mar' | 'Apr' | 'May' | 'Jun' | 'Jul' | 'Aug' | 'Sep' | 'Oct' | 'Nov' | 'Dec';
/** A month, or `All`. An empty `months` list means `["All"]` (the documented default). */
export type MonthToken = MonthName | 'All';

export type DayName = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';
/** A day, a group, or `All`. `Weekday` is the older spelling of `Weekdays` (zero OpenAPI, June 2025).
 * An empty `days` list means `["All"]` (the documented default). */
export type DayToken = DayName | 'Weekdays' | 'Weekday' | 'Weekend' | 'All';

export type TariffDirection = 'IMPORT' | 'EXPORT' | 'LOCAL';
export type TariffType = 'COMMODITY' | 'NON_COMMODITY';

/** One rung of a rate ladder; money in major currency units per kWh, energy in kWh. */
export interface RateTierDefinition {
  /** The price; required unless the tariff has `market_rates`, ignored when it has. */
  readonly fixed?: DecimalInput | null;
  /** Exclusive upper bound of the tier in kWh per local calendar month [decision:tier-counter]; null/absent on the last tier. */
  readonly to_kwh?: DecimalInput | null;
  /** Added to the market price per kWh, before the percentage; market tariffs only. */
  readonly surcharge_fixed?: DecimalInput | null;
  /** A fraction (0.05 = 5 %) applied on top of market + surcharge_fixed; market tariffs only. */
  readonly surcharge_percentage?: DecimalInput | null;
}

/** A period of the local day: [valid_from, valid_to). `HH:MM:SS`; `00:00:00` as an end means 24:00;
 * `valid_to` earlier than `valid_from` wraps past midnight (applied as its two same-day halves). */
export interface HourPeriodDefinition {
  readonly valid_from: string;
  readonly valid_to: string;
  readonly rate: readonly RateTierDefinition[];
}

export interface DaysAndHoursDefinition {
  readonly days: readonly DayToken[];
  readonly hours: readonly HourPeriodDefinition[];
}

export interface ScheduleEntryDefinition {
  readonly months: readonly MonthToken[];
  /** Days of the month 1–31; absent or empty = every day. */
  readonly dates?: readonly number[] | null;
  readonly days_and_hours: readonly DaysAndHoursDefinition[];
}

export interface TariffDefinition {
  readonly direction: TariffDirection;
  readonly type: TariffType;
  /** IANA zone of the location; schedule clock times are read in it. */
  readonly timezone: string;
  readonly market_rates: boolean;
  /** `contract_start_date` as UTC epoch ms, inclusive. */
  readonly contract_start_ms: number;
  /** `contract_end_date` as UTC epoch ms, exclusive; `Infinity` for a contract with no end. */
  readonly contract_end_ms: number;
  /** May be empty only when `market_rates` is true: then the market price applies all day. */
  readonly schedule: readonly ScheduleEntryDefinition[];
}

export const MONTH_NAMES: readonly MonthName[] = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** Day names in ISO order: index 0 = Monday (ISO weekday 1). */
export const DAY_NAMES: readonly DayName[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
