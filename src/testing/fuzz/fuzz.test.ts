import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFailure } from './report.ts';
import { runFuzz } from './run.ts';

/** A fixed-seed sample of `npm run fuzz`, on the store the suite runs on (TEST_DATABASE_URL or PGlite). */
describe('fuzzing every operation of /openapi.json', () => {
  it('answers 4,000 malformed requests without a 5xx, a bare error, a hang or a reset, and gets each operation past authentication 20 times', async () => {
    const report = await runFuzz({ requests: 4_000, seed: 20_250_914 });
    assert.equal(report.requests, 4_000);
    const shown = report.failures.slice(0, 10).map(formatFailure).join('\n\n');
    assert.equal(report.failures.length, 0, `${report.failures.length} failing requests:\n${shown}`);
    assert.ok(report.byOperation.size >= 40, `only ${report.byOperation.size} operations`);
    for (const [operation, tally] of report.byOperation) {
      assert.ok(
        tally.pastAuthentication >= 20,
        `${operation}: ${tally.pastAuthentication} requests past authentication`,
      );
    }
    assert.ok(report.byClass.size >= 15, `only ${report.byClass.size} classes`);
  });
});
