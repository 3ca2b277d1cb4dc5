// Why a tariff definition is rejected: data with a stable snake_case code (the
// documented one where there is one), the path of the offending entry, and a message that names it.
// Engine errors know nothing of HTTP; the transport maps every code to 400.

export type TariffIssueCode =
  | 'schedule_invalid'
  | 'months_invalid'
  | 'dates_invalid'
  | 'days_invalid'
  | 'valid_from_invalid'
  | 'valid_to_invalid'
  | 'rate_missing'
  | 'rate_invalid'
  | 'fixed_missing'
  | 'to_kwh_invalid'
  | 'gap_in_time_period'
  | 'overlap_in_time_period'
  | 'timezone_invalid'
  | 'contract_start_date_invalid'
  | 'contract_end_date_invalid'
  | 'tariff_direction_invalid'
  | 'tariff_type_invalid'
  | 'tariff_type_not_supported';

export interface TariffIssue {
  readonly code: TariffIssueCode;
  /** Where, in the TariffDefinition: `schedule[1].days_and_hours[0].hours[2].valid_to`. */
  readonly path: string;
  /** Starts with the path; says what is wrong, e.g. `…hours: gap between 07:00:00 and 08:00:00`. */
  readonly message: string;
}

/** An issue whose message is `<path>: <detail>`. */
export function tariffIssue(code: TariffIssueCode, path: string, detail: string): TariffIssue {
  return { code, path, message: `${path}: ${detail}` };
}

/** Thrown by `compileTariff` for an invalid definition; carries the first issue's code and path. */
export class InvalidTariffError extends Error {
  readonly code: TariffIssueCode;
  readonly path: string;
  readonly issues: readonly TariffIssue[];

  constructor(issues: readonly TariffIssue[]) {
    const first = issues[0] ?? tariffIssue('schedule_invalid', 'schedule', 'invalid');
    super(first.message);
    this.name = 'InvalidTariffError';
    this.code = first.code;
    this.path = first.path;
    this.issues = issues;
  }
}
