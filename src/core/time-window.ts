// The one check of a request's [start_time, end_time) window, shared by prices, costs and
// schedules: a window must end after it starts and, where the endpoint limits it, be no longer
// than its limit. Both failures are `400 time_range_invalid`.
import { ValidationError } from './errors.ts';

const DAY_MS = 86_400_000;

/** Throws `time_range_invalid` unless end > start and, with `maxMs`, end − start ≤ maxMs.
 * `label` prefixes the message (e.g. `data[2]: ` for one device window of many). */
export function checkTimeWindow(
  window: { readonly start: number; readonly end: number },
  maxMs?: number,
  label = '',
): void {
  if (!(window.end > window.start)) {
    throw new ValidationError('time_range_invalid', `${label}end_time must be after start_time`);
  }
  if (maxMs !== undefined && window.end - window.start > maxMs) {
    const text = `the window from start_time to end_time is longer than ${maxMs / DAY_MS} days`;
    throw new ValidationError(
      'time_range_invalid',
      label ? `${label}${text}` : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`,
    );
  }
}
