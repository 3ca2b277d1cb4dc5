// Test support (not used by the server): the recorded price files in test/fixtures, described
// (origin, licence) in its README, and which format each one is.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import type { FeedFormat } from './formats/index.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

/** Every price feed among the fixtures, with its format and number of intervals. */
export const RECORDED_FEEDS: readonly { file: string; format: FeedFormat; count: number }[] = [
  { file: 'entsoe/response-PT60M.xml', format: 'entsoe', count: 48 },
  { file: 'entsoe/response-PT15M.xml', format: 'entsoe', count: 192 },
  { file: 'nordpool/delivery_period_nl.json', format: 'nordpool', count: 24 },
  { file: 'nordpool/indices_15.json', format: 'nordpool', count: 96 },
  { file: 'octopus-agile/large_response_46_results.json', format: 'octopus', count: 46 },
  { file: 'energidataservice/DayAheadPrices20251104.json', format: 'energidataservice', count: 140 },
  { file: 'energyzero/today_energy.json', format: 'energyzero', count: 24 },
];

/** Fixtures that are not price feeds: a grid tariff and a US tariff record. */
export const NOT_PRICE_FEEDS: readonly string[] = [
  'energidataservice/DatahubPricelistN1.json',
  'openei-urdb/multi_tier_urdb_response.json',
];

export function recordedFeedPath(file: string): string {
  return join(FIXTURES_DIR, file);
}

export function readRecordedFeed(file: string): string {
  return readFileSync(recordedFeedPath(file), 'utf8');
}

/** Every fixture file (README aside), as paths relative to the fixtures folder. */
export function fixtureFiles(): string[] {
  const files = readdirSync(FIXTURES_DIR, { recursive: true, withFileTypes: true });
  return files
    .filter((f) => f.isFile() && f.name !== 'README.md')
    .map((f) => relative(FIXTURES_DIR, join(f.parentPath, f.name)))
    .sort();
}

/** UTC epoch ms of an RFC 3339 text. */
export const at = (text: string): number => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`bad date ${text}`);
  return ms;
};
