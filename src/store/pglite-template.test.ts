import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { wrapPglite } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { makeSpare, refreshTemplate, seedFromTemplate, spareOf, templateCurrent } from './pglite-template.ts';

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

  /** The migrations a data directory's cluster has applied, and its accounts. */
  async function contents(dataDir: string): Promise<{ migrations: string[]; accounts: number }> {
    const pglite = await PGlite.create(dataDir);
    try {
      const applied = await pglite.query<{ name: string }>('select name from kysely_migration order by name');
      const accounts = await pglite.query<{ n: number }>('select count(*)::int as n from accounts');
      return { migrations: applied.rows.map((row) => row.name), accounts: accounts.rows[0]?.n ?? -1 };
    } finally {
      await pglite.close();
    }
  }

  it('has a spare copy made once, which the next new data directory takes whole', async () => {
    assert.equal(makeSpare(template), true);
    assert.equal(makeSpare(template), false);
    const spare = spareOf(template);
    assert.ok(existsSync(join(spare, 'PG_VERSION')));

    const first = join(root, 'takes-the-spare');
    mkdirSync(first);
    writeFileSync(join(first, 'offpeak.lock'), 'held');
    assert.equal(seedFromTemplate(first, template), true);
    assert.equal(existsSync(spare), false, 'taken, not copied');
    assert.equal(existsSync(join(first, 'offpeak-template.json')), false);
    assert.equal(existsSync(join(first, 'offpeak.lock')), true);
    // nothing of the claimed spare is left beside the template
    assert.deepEqual(
      readdirSync(root).filter((name) => name.startsWith('template.spare')),
      [],
    );
    assert.deepEqual(await contents(first), { migrations: MIGRATION_FILES, accounts: 0 });

    // the one after it copies the template, as without a spare
    const second = join(root, 'copies-the-template');
    mkdirSync(second);
    assert.equal(seedFromTemplate(second, template), true);
    assert.deepEqual(await contents(second), { migrations: MIGRATION_FILES, accounts: 0 });
  });

  it('leaves a stale spare alone as a source, and clears what dead processes left beside it', async () => {
    assert.equal(makeSpare(template), true);
    const spare = spareOf(template);
    writeFileSync(join(spare, 'offpeak-template.json'), '{"fingerprint":"an-older-template"}\n');
    const dataDir = join(root, 'beside-a-stale-spare');
    mkdirSync(dataDir);
    assert.equal(seedFromTemplate(dataDir, template), true);
    assert.equal(existsSync(spare), false, 'a stale spare is dropped');
    assert.deepEqual(await contents(dataDir), { migrations: MIGRATION_FILES, accounts: 0 });

    // a draft of a process that is gone, and one of a live process (this one)
    const gone = `${spare}.2147483646.tmp`;
    const live = `${spare}.${process.pid}.claimed`;
    mkdirSync(gone);
    mkdirSync(live);
    assert.equal(makeSpare(template), true);
    assert.equal(existsSync(gone), false);
    assert.equal(existsSync(live), true);
    rmSync(live, { recursive: true });
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
