// The price-feed formats Offpeak imports, by the name the CLI and the admin API use.
import { parseEnergiDataService } from './energidataservice.ts';
import { parseEnergyZero } from './energyzero.ts';
import { parseEntsoe } from './entsoe.ts';
import type { ParsedFeed } from './feed.ts';
import { parseNordPool } from './nordpool.ts';
import { parseOctopus } from './octopus.ts';

export type { FeedPoint, ParsedFeed } from './feed.ts';

export const FEED_FORMATS = ['entsoe', 'nordpool', 'octopus', 'energidataservice', 'energyzero'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export interface FeedOptions {
  /** The area to read from a feed that covers several (ENTSO-E EIC, Nord Pool or Danish area). */
  area?: string | undefined;
  /** Nord Pool only: the area taken when `area` is absent and the feed covers several. */
  preferredArea?: string | undefined;
}

export function isFeedFormat(value: string): value is FeedFormat {
  return (FEED_FORMATS as readonly string[]).includes(value);
}

/** Parses a feed of a known format; pure. Bad content is a ValidationError (`feed_invalid`, …). */
export function parseFeed(format: FeedFormat, text: string, options: FeedOptions = {}): ParsedFeed {
  switch (format) {
    case 'entsoe':
      return parseEntsoe(text, { area: options.area });
    case 'nordpool':
      return parseNordPool(text, options);
    case 'octopus':
      return parseOctopus(text);
    case 'energidataservice':
      return parseEnergiDataService(text, { area: options.area });
    case 'energyzero':
      return parseEnergyZero(text);
  }
}
