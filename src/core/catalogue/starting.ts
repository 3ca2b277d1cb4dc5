// The starting catalogue: what a fresh install offers, produced by the importers from the files
// committed under catalogue/ (catalogue/starting.json lists them). Loaded on start when its name
// is not yet recorded in catalogue_loads: one claim and a few multi-row inserts in one
// transaction, so two nodes starting at once load it once [decision:catalogue-starting-load].
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { insertCatalogueRows, claimCatalogueLoad, selectCatalogueLoads } from '../../store/catalogue.ts';
import { SERVER } from '../clock.ts';
import type { CoreContext } from '../context.ts';
import { catalogueRows, parseCatalogueFile } from './admin.ts';
import { mergeCatalogueData, type CatalogueData } from './catalogue-data.ts';
import { marketProviders } from './formats/market-regions.ts';

/** The catalogue/ directory of the repository. */
export const CATALOGUE_DIR = new URL('../../../catalogue/', import.meta.url);

interface ManifestSet {
  format: string;
  file?: string;
  regions?: string[];
}

interface Manifest {
  name: string;
  sets: ManifestSet[];
}

async function readManifest(dir: URL): Promise<Manifest> {
  // read at every start, before anything listens: synchronously, without waiting for a thread
  return JSON.parse(readFileSync(new URL('starting.json', dir), 'utf8')) as Manifest;
}

/** Reads and parses every set the manifest lists (no database). */
export async function readStartingCatalogue(
  dir: URL = CATALOGUE_DIR,
  read: Manifest | undefined = undefined,
): Promise<{ name: string; data: CatalogueData }> {
  const manifest = read ?? (await readManifest(dir));
  const sets = await Promise.all(
    manifest.sets.map(async (set) => {
      if (set.format === 'market-regions') return marketProviders();
      const text = await readFile(new URL(set.file ?? '', dir), 'utf8');
      return parseCatalogueFile(set.format, text, { regions: set.regions });
    }),
  );
  return { name: manifest.name, data: mergeCatalogueData(sets) };
}

/**
 * Loads the starting catalogue unless it was loaded before (then it only reads one small table).
 * Answers whether this call loaded it.
 */
export async function loadStartingCatalogue(
  ctx: Pick<CoreContext, 'db' | 'now'>,
  dir: URL = CATALOGUE_DIR,
): Promise<boolean> {
  const manifest = await readManifest(dir);
  if ((await selectCatalogueLoads(ctx.db)).includes(manifest.name)) return false;
  const { name, data } = await readStartingCatalogue(dir, manifest);
  const now = ctx.now(SERVER);
  const rows = catalogueRows(data, now);
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await claimCatalogueLoad(trx, name, new Date(now)))) return false;
    await insertCatalogueRows(trx, rows.providers, rows.tariffs);
    return true;
  });
}
