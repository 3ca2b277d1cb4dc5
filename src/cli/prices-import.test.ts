import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { recordedFeedPath } from '../core/market-data/test-support.ts';
import { newId } from '../lib/ids.ts';

/** `offpeak prices import`, run as a user would run it, on a PGlite directory of its own. */
const dataDir = mkdtempSync(join(tmpdir(), 'offpeak-prices-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const env = { ...process.env, OFFPEAK_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };

function offpeak(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    encoding: 'utf8',
  });
}

describe('offpeak prices import', () => {
  it('imports a recorded ENTSO-E file and prints what it stored, without a progress line for a small file', () => {
    const source = newId('mrs', Date.now());
    const result = offpeak(
      'prices',
      'import',
      '--source',
      source,
      '--format',
      'entsoe',
      recordedFeedPath('entsoe/response-PT15M.xml'),
    );
    assert.equal(result.status, 0, result.stderr);
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.object, 'market_price_import');
    assert.equal(summary.source_id, source);
    assert.deepEqual([summary.count, summary.created, summary.replaced], [192, 192, 0]);
    assert.deepEqual([summary.start, summary.end], ['2025-10-30T23:00:00Z', '2025-11-01T23:00:00Z']);
    assert.equal(result.stderr, '');
  });

  it('reports progress on stderr when the file is large', () => {
    const file = join(dataDir, 'large.json');
    const quarterHours = Array.from({ length: 1200 }, (_, i) => ({
      start: new Date(Date.UTC(2025, 0, 1) + i * 900_000).toISOString(),
      spotPrice: (i % 7) / 10,
    }));
    writeFileSync(file, JSON.stringify(quarterHours));
    const result = offpeak(
      'prices',
      'import',
      '--source',
      newId('mrs', Date.now()),
      '--format',
      'energidataservice',
      file,
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).count, 1200);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      'prices import: 500/1200 intervals stored',
      'prices import: 1000/1200 intervals stored',
      'prices import: 1200/1200 intervals stored',
    ]);
  });

  it('exits 1 with the error code or the usage when the command is wrong', () => {
    const path = recordedFeedPath('nordpool/delivery_period_nl.json');
    const format = offpeak('prices', 'import', '--source', newId('mrs', Date.now()), '--format', 'csv', path);
    assert.equal(format.status, 1);
    assert.match(format.stderr, /^format_invalid: /);
    const usage = offpeak('prices', 'import', '--format', 'nordpool', path);
    assert.equal(usage.status, 1);
    assert.match(usage.stderr, /prices import needs --source/);
    const missing = offpeak(
      'prices',
      'import',
      '--source',
      newId('mrs', Date.now()),
      '--format',
      'nordpool',
      join(dataDir, 'absent.json'),
    );
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read/);
  });
});
