// Nord Pool Data Portal day-ahead JSON: `DayAheadPrices` (`multiAreaEntries`, areas in
// `deliveryAreas`) and `DayAheadPriceIndices` (`multiIndexEntries`, areas in `indexNames`, with
// `resolutionInMinutes`). Each entry has `deliveryStart`/`deliveryEnd` (UTC) and `entryPerArea`
// {area: price}; prices are in the document's `currency` per MWh.
import { ValidationError } from '../../errors.ts';
import {
  feedError,
  finishPoints,
  isRecord,
  parseInstant,
  readFeedDecimal,
  type FeedPoint,
  type ParsedFeed,
} from './feed.ts';
import { parseJsonExact } from './json-text.ts';

export interface NordPoolOptions {
  /** The delivery area to read (`NL`, `SE3`, `GER`…); required when the document has several. */
  area?: string | undefined;
  /** Taken when `area` is absent and the document has several areas, if it has this one. */
  preferredArea?: string | undefined;
}

export function parseNordPool(text: string, options: NordPoolOptions = {}): ParsedFeed {
  const doc = parseJsonExact(text);
  if (!isRecord(doc)) throw feedError('Nord Pool: expected a JSON object');
  const entries = doc.multiAreaEntries ?? doc.multiIndexEntries;
  if (!Array.isArray(entries)) throw feedError('Nord Pool: no multiAreaEntries or multiIndexEntries');
  const currency = doc.currency;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw feedError('Nord Pool: no currency');

  const listed = doc.deliveryAreas ?? doc.indexNames;
  const areas = new Set<string>(Array.isArray(listed) ? listed.filter((a) => typeof a === 'string') : []);
  for (const e of entries)
    if (isRecord(e) && isRecord(e.entryPerArea)) Object.keys(e.entryPerArea).forEach((a) => areas.add(a));
  let area = options.area;
  if (area === undefined) {
    if (areas.size === 1) area = [...areas][0];
    else if (options.preferredArea !== undefined && areas.has(options.preferredArea))
      area = options.preferredArea;
    else
      throw new ValidationError(
        'area_missing',
        `Nord Pool: the document covers ${[...areas].join(', ')}; name one area`,
      );
  }
  if (area === undefined || !areas.has(area)) {
    throw new ValidationError('area_invalid', `Nord Pool: the document has no area ${String(area)}`);
  }

  const points: FeedPoint[] = [];
  entries.forEach((e, i) => {
    if (!isRecord(e) || !isRecord(e.entryPerArea)) throw feedError(`Nord Pool: entry ${i} is malformed`);
    const value = readFeedDecimal(e.entryPerArea[area] ?? null, `entries[${i}].entryPerArea.${area}`);
    if (value === null) return; // the area has no price for this interval
    points.push({
      start: parseInstant(e.deliveryStart, `entries[${i}].deliveryStart`),
      end: parseInstant(e.deliveryEnd, `entries[${i}].deliveryEnd`),
      value,
    });
  });
  return {
    currency,
    unit: 'MWh',
    points: finishPoints(points, 'Nord Pool'),
    area,
    ...(typeof doc.updatedAt === 'string' ? { publishedAt: parseInstant(doc.updatedAt, 'updatedAt') } : {}),
  };
}
