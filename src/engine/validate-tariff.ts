// Validation of a tariff definition: shape, names, times, tiers (read-schedule.ts), then precedence
// coverage [decision:schedule-precedence] (schedule-coverage.ts), plus the tariff-level fields the engine relies on.
import type { ReadBlock, ReadEntry } from './read-schedule.ts';
import { readSchedule } from './read-schedule.ts';
import { checkBlockCoverage, resolveDays } from './schedule-coverage.ts';
import type { TariffDefinition } from './tariff-definition.ts';
import { type TariffIssue, tariffIssue } from './tariff-errors.ts';
import { isValidTimeZone } from './time-zones.ts';

export interface CheckedSchedule {
  readonly entries: readonly ReadEntry[];
  /** Per day slot (schedule-coverage.ts `daySlot`) the winning [entry, block]; empty when invalid
   * or when a market tariff has no schedule. */
  readonly winners: readonly ([ReadEntry, ReadBlock] | null)[];
  readonly issues: readonly TariffIssue[];
}

/** Reads a schedule and checks it under [decision:schedule-precedence]; `issues` is empty when it is valid.
 * An absent (undefined or null) schedule reads as empty. */
export function checkSchedule(schedule: unknown, marketRates: boolean): CheckedSchedule {
  const read = readSchedule(schedule ?? [], marketRates);
  if (read.issues.length > 0) return { entries: read.entries, winners: [], issues: read.issues };
  if (read.entries.length === 0) {
    const issues = marketRates
      ? []
      : [tariffIssue('schedule_invalid', 'schedule', 'is empty; only a market_rates tariff may omit it')];
    return { entries: [], winners: [], issues };
  }
  const blockIssues = read.entries.flatMap((e) => e.blocks.flatMap(checkBlockCoverage));
  if (blockIssues.length > 0) return { entries: read.entries, winners: [], issues: blockIssues };
  const days = resolveDays(read.entries);
  return { entries: read.entries, winners: days.issues.length > 0 ? [] : days.winners, issues: days.issues };
}

/**
 * The issues of a schedule, in the order found: shape issues (names, `HH:MM:SS` times, tiers),
 * then each block's 24-hour coverage (`gap_in_time_period`, `overlap_in_time_period`), then
 * [decision:schedule-precedence] over every possible day (first failing day only). Empty when valid.
 */
export function validateTariffSchedule(schedule: unknown, options: { marketRates: boolean }): TariffIssue[] {
  return [...checkSchedule(schedule, options.marketRates).issues];
}

/** Issues of the tariff-level fields: direction, type, timezone, contract window, market_rates. */
export function checkTariffFields(tariff: TariffDefinition): TariffIssue[] {
  const issues: TariffIssue[] = [];
  const { direction, type, timezone, contract_start_ms: start, contract_end_ms: end } = tariff;
  if (direction !== 'IMPORT' && direction !== 'EXPORT' && direction !== 'LOCAL') {
    issues.push(tariffIssue('tariff_direction_invalid', 'direction', 'must be IMPORT, EXPORT or LOCAL'));
  }
  if (type !== 'COMMODITY' && type !== 'NON_COMMODITY') {
    issues.push(tariffIssue('tariff_type_invalid', 'type', 'must be COMMODITY or NON_COMMODITY'));
  } else if (type === 'NON_COMMODITY' && direction !== 'IMPORT') {
    // [decision:tariff-type-combinations]
    issues.push(
      tariffIssue('tariff_type_not_supported', 'type', `NON_COMMODITY is not supported with ${direction}`),
    );
  }
  if (!isValidTimeZone(timezone)) {
    issues.push(tariffIssue('timezone_invalid', 'timezone', `unknown IANA zone ${JSON.stringify(timezone)}`));
  }
  if (typeof start !== 'number' || !Number.isFinite(start)) {
    issues.push(tariffIssue('contract_start_date_invalid', 'contract_start_ms', 'must be a finite epoch ms'));
  } else if (typeof end !== 'number' || Number.isNaN(end) || end <= start) {
    issues.push(
      tariffIssue('contract_end_date_invalid', 'contract_end_ms', 'must be later than the contract start'),
    );
  }
  if (typeof tariff.market_rates !== 'boolean') {
    issues.push(tariffIssue('schedule_invalid', 'market_rates', 'must be a boolean'));
  }
  return issues;
}

/** Every issue of a tariff definition (fields, then schedule); empty when it is valid. */
export function validateTariff(tariff: TariffDefinition): TariffIssue[] {
  return [
    ...checkTariffFields(tariff),
    ...checkSchedule(tariff.schedule, tariff.market_rates === true).issues,
  ];
}
