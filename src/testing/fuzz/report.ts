import type { FuzzReport, Outcome, Tally } from './run.ts';

/** The run as text: a table per operation and per class, then every failing request with its answer. */

function statuses(tally: Tally): string {
  return [...tally.statuses.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
}

function table(title: string, tallies: Map<string, Tally>): string[] {
  const width = Math.max(title.length, ...[...tallies.keys()].map((k) => k.length));
  const lines = [`${title.padEnd(width)}  ${'sent'.padStart(6)}  ${'past auth'.padStart(9)}  statuses`];
  for (const [key, tally] of [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `${key.padEnd(width)}  ${String(tally.sent).padStart(6)}  ${String(tally.pastAuthentication).padStart(9)}  ${statuses(tally)}`,
    );
  }
  return lines;
}

const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
/** Bytes as readable text: control characters escaped, long runs cut. */
const printable = (bytes: Buffer, max: number) =>
  cut(JSON.stringify(bytes.toString('latin1')).slice(1, -1), max);

export function formatFailure(outcome: Outcome): string {
  const { fuzzCase, exchange, problems } = outcome;
  const { request } = fuzzCase;
  const lines = [
    `#${fuzzCase.index} ${fuzzCase.op.id} [${fuzzCase.cls}] ${fuzzCase.note}`,
    ...problems.map((p) => `  ✗ ${p}`),
    `  > ${request.method} ${printable(Buffer.from(request.target, 'latin1'), 300)}`,
    ...request.headers.map(([name, value]) => `  > ${name}: ${cut(value, 120)}`),
  ];
  if (request.body !== undefined)
    lines.push(`  > body (${request.body.length} bytes): ${printable(request.body, 400)}`);
  if (exchange.kind === 'response') {
    const { status, headers, body } = exchange.response;
    lines.push(`  < ${status} ${[...headers.entries()].map(([k, v]) => `${k}: ${cut(v, 60)}`).join('; ')}`);
    lines.push(`  < ${printable(body, 600)}`);
  } else {
    lines.push(
      `  < ${exchange.kind} after ${exchange.ms} ms${'error' in exchange ? ` (${exchange.error})` : ''}`,
    );
  }
  return lines.join('\n');
}

export function formatReport(report: FuzzReport, maxFailures = Infinity): string {
  const lines = [
    `fuzz: ${report.requests} requests, seed ${report.seed}, ${report.store}, ${report.seconds.toFixed(1)} s, ${report.failures.length} failing`,
    '',
    ...table('operation', report.byOperation),
    '',
    ...table('class', report.byClass),
  ];
  lines.push('', 'slowest answers:');
  for (const { fuzzCase, exchange } of report.slowest) {
    lines.push(
      `  ${exchange.ms} ms  #${fuzzCase.index} ${fuzzCase.op.id} [${fuzzCase.cls}] ${fuzzCase.note}`,
    );
  }
  if (report.failures.length) {
    lines.push('', `failing requests (${report.failures.length}):`, '');
    for (const failure of report.failures.slice(0, maxFailures)) lines.push(formatFailure(failure), '');
    if (report.failures.length > maxFailures)
      lines.push(`… and ${report.failures.length - maxFailures} more`);
  }
  return lines.join('\n');
}
