export const int = (value: number): string => Math.round(value).toLocaleString('en-US');

export const ms = (value: number): string => (Number.isInteger(value) ? `${value}` : value.toFixed(1));

export const pct = (value: number): string => `${Math.round(value * 100)}%`;

/** A markdown table, padded the way Prettier formats one, so `npm run format` leaves it alone. */
export function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(3, ...all.map((cells) => (cells[i] ?? '').length)));
  const pad = (cell: string, i: number) =>
    align[i] === 'r' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0);
  const rule = widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : `:${'-'.repeat(w - 1)}`));
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}
