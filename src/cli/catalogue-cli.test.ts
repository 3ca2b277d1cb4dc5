import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

/** `offpeak catalogue …`, run as a user would, on a PGlite directory of its own. */
const dataDir = mkdtempSync(join(tmpdir(), 'offpeak-cli-catalogue-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const env = {
  ...process.env,
  OFFPEAK_DATA_DIR: dataDir,
  DATABASE_URL: '',
  LOG_LEVEL: 'warn',
  PORT: '0',
  OFFPEAK_PUBLIC_URL: 'https://offpeak.example',
};

function offpeak(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    encoding: 'utf8',
  });
  return { ...result, json: () => JSON.parse(result.stdout) };
}

describe('offpeak catalogue', () => {
  it('lists the starting catalogue, imports a file and manages a provider from a body file', () => {
    const gb = offpeak('catalogue', 'providers', 'list', '--country', 'GB');
    assert.equal(gb.status, 0, gb.stderr);
    const octopus = gb.json().data.find((p: { display_name: string }) => p.display_name === 'Octopus Energy');
    assert.equal(octopus.logo_url, `https://offpeak.example/catalogue/logos/${octopus.id}.svg`);

    const imported = offpeak(
      'catalogue',
      'import',
      '--format',
      'urdb',
      '--provider-name',
      'REopt test utility',
      '--regions',
      'US-CO',
      'test/fixtures/openei-urdb/multi_tier_urdb_response.json',
    );
    assert.equal(imported.status, 0, imported.stderr);
    assert.equal(imported.json().tariffs_created, 1);
    const tariff = offpeak('catalogue', 'tariffs', 'show', imported.json().tariff_ids[0]).json();
    assert.deepEqual(tariff.regions, ['US-CO']);
    assert.deepEqual(tariff.schedule[1].months, ['May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct']);

    const body = join(dataDir, 'provider.json');
    writeFileSync(
      body,
      JSON.stringify({ display_name: 'Acme', countries: ['NL'], connection_types: ['LIBRARY'] }),
    );
    const created = offpeak('catalogue', 'providers', 'create', '--file', body);
    assert.equal(created.status, 0, created.stderr);
    const deleted = offpeak('catalogue', 'providers', 'delete', created.json().id);
    assert.deepEqual(deleted.json(), { id: created.json().id, object: 'provider', deleted: true });

    const bad = offpeak('catalogue', 'import', '--format', 'octopus', body);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^catalogue_file_invalid: /);
  });
});
