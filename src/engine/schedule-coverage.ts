// Schedule precedence [decision:schedule-precedence] applied to a read schedule: each block must cover its 24 hours exactly, and every
// possible day (month × date, 29 February included, × weekday) must find exactly one winning block.
import { DAY_SECONDS, daysInMonth, formatClockTime } from './calendar.ts';
import type { ReadBlock, ReadEntry, ReadPeriod } from './read-schedule.ts';
import { DAY_NAMES, MONTH_NAMES } from './tariff-definition.ts';
import { type TariffIssue, tariffIssue } from './tariff-errors.ts';

/** A same-day piece [from, to) of a period, in seconds of the local day. */
export interface DayPiece {
  readonly from: number;
  readonly to: number;
  readonly period: ReadPeriod;
}

/** Splits a block's periods into same-day pieces (a wrap becomes [from, 24:00) and [00:00, to)),
 * sorted by start. */
export function splitBlockPeriods(block: ReadBlock): DayPiece[] {
  const pieces: DayPiece[] = [];
  for (const period of block.periods) {
    if (period.to > period.from) pieces.push({ from: period.from, to: period.to, period });
    else {
      pieces.push({ from: period.from, to: DAY_SECONDS, period });
      if (period.to > 0) pieces.push({ from: 0, to: period.to, period });
    }
  }
  return pieces.sort((a, b) => a.from - b.from || a.to - b.to);
}

const span = (a: number, b: number): string => `between ${formatClockTime(a)} and ${formatClockTime(b)}`;

/** Gap and overlap issues of one block: its pieces must tile 00:00:00–24:00:00. */
export function checkBlockCoverage(block: ReadBlock): TariffIssue[] {
  const issues: TariffIssue[] = [];
  let covered = 0;
  let previous: DayPiece | null = null;
  for (const piece of splitBlockPeriods(block)) {
    if (piece.from > covered)
      issues.push(
        tariffIssue('gap_in_time_period', `${block.path}.hours`, `gap ${span(covered, piece.from)}`),
      );
    else if (piece.from < covered && previous) {
      const a = previous.period.index;
      const b = piece.period.index;
      const names =
        a === b
          ? `hours[${a}] overlaps itself`
          : `hours[${Math.min(a, b)}] and hours[${Math.max(a, b)}] overlap`;
      issues.push(
        tariffIssue(
          'overlap_in_time_period',
          `${block.path}.hours[${piece.period.index}]`,
          `${names} ${span(piece.from, Math.min(covered, piece.to))}`,
        ),
      );
    }
    if (piece.to > covered) {
      covered = piece.to;
      previous = piece;
    }
  }
  if (covered < DAY_SECONDS)
    issues.push(
      tariffIssue('gap_in_time_period', `${block.path}.hours`, `gap ${span(covered, DAY_SECONDS)}`),
    );
  return issues;
}

/** The precedence rank of an entry for a month (1–12) and date: 0 no match; higher wins. */
function entryRank(entry: ReadEntry, month: number, date: number): number {
  const m = entry.monthRank[month - 1] ?? 0;
  if (m === 0 || (entry.dates !== null && !entry.dates[date])) return 0;
  return 1 + (entry.dates !== null ? 2 : 0) + (m === 2 ? 1 : 0);
}

function winners<T>(items: readonly T[], rank: (t: T) => number): T[] {
  let best = 0;
  let out: T[] = [];
  for (const item of items) {
    const r = rank(item);
    if (r > best) {
      best = r;
      out = [item];
    } else if (r === best && r > 0) out.push(item);
  }
  return out;
}

/** Slot of a (month 1–12, date 1–31, ISO weekday 1–7) day in a day-plan lookup table. */
export function daySlot(month: number, date: number, weekday: number): number {
  return ((month - 1) * 31 + (date - 1)) * 7 + (weekday - 1);
}
export const DAY_SLOTS = 12 * 31 * 7;

export interface DayResolution {
  /** Per day slot: the winning [entry, block], or null for impossible dates (30 Feb). */
  readonly winners: readonly ([ReadEntry, ReadBlock] | null)[];
  readonly issues: readonly TariffIssue[];
}

/** Applies the precedence to every possible day. Stops at the first day that has no winner or two. */
export function resolveDays(entries: readonly ReadEntry[]): DayResolution {
  const table: ([ReadEntry, ReadBlock] | null)[] = new Array(DAY_SLOTS).fill(null);
  for (let month = 1; month <= 12; month++) {
    for (let date = 1; date <= daysInMonth(2000, month); date++) {
      const day = `${date} ${MONTH_NAMES[month - 1]}`;
      const top = winners(entries, (e) => entryRank(e, month, date));
      const [entry, rival] = top;
      if (!entry)
        return {
          winners: table,
          issues: [tariffIssue('gap_in_time_period', 'schedule', `no entry applies to ${day}`)],
        };
      if (rival) {
        return {
          winners: table,
          issues: [
            tariffIssue(
              'overlap_in_time_period',
              rival.path,
              `${entry.path} and ${rival.path} both apply to ${day} with the same precedence`,
            ),
          ],
        };
      }
      for (let weekday = 1; weekday <= 7; weekday++) {
        const name = `${DAY_NAMES[weekday - 1]} ${day}`;
        const [block, other] = winners(entry.blocks, (b) => b.dayRank[weekday - 1] ?? 0);
        if (!block) {
          return {
            winners: table,
            issues: [
              tariffIssue(
                'gap_in_time_period',
                `${entry.path}.days_and_hours`,
                `no block applies to ${name}, and ${entry.path} wins that date`,
              ),
            ],
          };
        }
        if (other) {
          return {
            winners: table,
            issues: [
              tariffIssue(
                'overlap_in_time_period',
                other.path,
                `${block.path} and ${other.path} both apply to ${name} with the same precedence`,
              ),
            ],
          };
        }
        table[daySlot(month, date, weekday)] = [entry, block];
      }
    }
  }
  return { winners: table, issues: [] };
}
