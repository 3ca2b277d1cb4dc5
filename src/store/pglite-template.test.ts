import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { refreshTemplate, seedFromTemplate, templateCurrent } from './pglite-template.ts';

// The migration names as the files in migrations/ spell them, worked out apart from the code.
const MIGRATION_FILES = readdirSync(new URL('./migrations/', import.meta.url))
  .filter((name) => /^\d{4}-.*\.ts$/.test(name) && !name.endsWith('.test.ts'))
  .map((name) => name.replace(/\.ts$/, ''))
  .sort();

describe('PGlite template', () => {
  let root: string;
  let template: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'offpeak-template-test-'));
    template = join(root, 'template');
    const built = await refreshTemplate(async (dir) => {
      const database = wrapPglite(await PGlite.create(dir));
      try {
        await migrateToLatest(database.db);
      } finally {
        await database.close();
      }
    }, template);
    assert.equal(built, true);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('is current once built, and not rebuilt then', async () => {
    assert.equal(templateCurrent(template), true);
    assert.equal(await refreshTemplate(() => Promise.reject(new Error('must not run')), template), false);
  });

  it('seeds a new data directory with every migration applied and no rows', async () => {
    const dataDir = join(root, 'seeded');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'offpeak.lock'), 'held');
    assert.equal(seedFromTemplate(dataDir, template), true);
    assert.equal(existsSync(join(dataDir, 'offpeak-template.json')), false);
    const pglite = await PGlite.create(dataDir);
    try {
      const applied = await pglite.query<{ name: string }>('select name from kysely_migration order by name');
      assert.deepEqual(
        applied.rows.map((row) => row.name),
        MIGRATION_FILES,
      );
      const accounts = await pglite.query<{ n: number }>('select count(*)::int as n from accounts');
      assert.equal(accounts.rows[0]?.n, 0);
    } finally {
      await pglite.close();
    }
    // a directory that holds a cluster is left alone
    assert.equal(seedFromTemplate(dataDir, template), false);
  });

  it('is ignored when its stamp does not match the migrations', () => {
    writeFileSync(join(template, 'offpeak-template.json'), '{"fingerprint":"made-by-older-migrations"}\n');
    const dataDir = join(root, 'stale');
    mkdirSync(dataDir);
    assert.equal(templateCurrent(template), false);
    assert.equal(seedFromTemplate(dataDir, template), false);
    assert.deepEqual(readdirSync(dataDir), []);
  });
});
