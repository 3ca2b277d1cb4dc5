import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

/** `offpeak webhooks …` and `offpeak webhook-keys …`, run as a user would, on a PGlite directory of its own. */
const dataDir = mkdtempSync(join(tmpdir(), 'offpeak-cli-webhooks-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const env = { ...process.env, OFFPEAK_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', PORT: '0' };

function offpeak(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    encoding: 'utf8',
  });
  return { ...result, json: () => JSON.parse(result.stdout) };
}

describe('offpeak webhooks', () => {
  it('creates, lists, updates and deletes endpoints, shows the log and rotates keys', () => {
    const account = offpeak('accounts', 'create').json();
    const created = offpeak(
      'webhooks',
      'create',
      '--account',
      account.id,
      '--mode',
      'live',
      '--url',
      'https://example.com/hooks',
      '--event-types',
      'location.update,customer.create',
    );
    assert.equal(created.status, 0, created.stderr);
    const endpoint = created.json();
    assert.match(endpoint.id, /^whe_[0-9a-f]{24}$/);
    assert.deepEqual(endpoint.event_types, ['location.update', 'customer.create']);
    assert.equal(endpoint.live_mode, true);

    const updated = offpeak(
      'webhooks',
      'update',
      '--account',
      account.id,
      endpoint.id,
      '--status',
      'disabled',
    ).json();
    assert.equal(updated.status, 'disabled');
    assert.deepEqual(
      offpeak('webhooks', 'list', '--account', account.id)
        .json()
        .data.map((e: { id: string }) => e.id),
      [endpoint.id],
    );
    assert.deepEqual(offpeak('webhooks', 'deliveries', '--account', account.id).json().data, []);

    const bad = offpeak('webhooks', 'create', '--account', account.id, '--mode', 'test', '--url', 'ftp://x');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /url_invalid/);

    const keys = offpeak('webhook-keys', 'list').json().data as { id: string; live_mode: boolean }[];
    const oldLive = keys.find((k) => k.live_mode)?.id;
    assert.match(String(oldLive), /^wsk_live_/);
    const rotated = offpeak('webhook-keys', 'rotate', '--mode', 'live').json();
    assert.match(rotated.id, /^wsk_live_/);
    const after = offpeak('webhook-keys', 'list').json().data as { id: string; status: string }[];
    assert.equal(after.find((k) => k.id === oldLive)?.status, 'retired');
    assert.equal(after.find((k) => k.id === rotated.id)?.status, 'active');

    assert.equal(offpeak('webhooks', 'delete', '--account', account.id, endpoint.id).json().deleted, true);
    assert.equal(offpeak('webhooks', 'show', '--account', account.id, endpoint.id).status, 1);
  });
});
