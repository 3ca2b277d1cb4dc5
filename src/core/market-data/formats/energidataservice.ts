// Energi Data Service (Denmark) day-ahead prices, in either of two shapes:
// - `[{start, spotPrice}]`, the form the openHAB binding keeps: DKK per kWh, quarter-hours
//   (the end of each interval is inferred from the spacing of the starts);
// - the API's `DayAheadPrices` dataset, `{records: [{TimeUTC, PriceArea, DayAheadPriceDKK, …}]}`:
//   DKK per MWh, `TimeUTC` without an offset but UTC by definition, one or both price areas.
import { ValidationError } from '../../errors.ts';
import {
  feedError,
  finishPoints,
  inferEnds,
  isRecord,
  parseInstant,
  readFeedDecimal,
  type ParsedFeed,
} from './feed.ts';
import { parseJsonExact } from './json-text.ts';

const QUARTER_HOUR_MS = 15 * 60_000;

export function parseEnergiDataService(
  text: string,
  options: { area?: string | undefined } = {},
): ParsedFeed {
  const doc = parseJsonExact(text);
  if (Array.isArray(doc)) return parseSpotPrices(doc);
  if (isRecord(doc) && Array.isArray(doc.records)) return parseRecords(doc.records, options.area);
  throw feedError('Energi Data Service: expected [{start, spotPrice}] or {records: […]}');
}

function parseSpotPrices(rows: unknown[]): ParsedFeed {
  const starts = rows.flatMap((r, i) => {
    if (!isRecord(r)) throw feedError(`Energi Data Service: item ${i} is not an object`);
    const value = readFeedDecimal(r.spotPrice ?? null, `[${i}].spotPrice`);
    return value === null ? [] : [{ start: parseInstant(r.start, `[${i}].start`), value }];
  });
  return {
    currency: 'DKK',
    unit: 'kWh',
    points: finishPoints(inferEnds(starts, QUARTER_HOUR_MS), 'Energi Data Service'),
  };
}

function parseRecords(records: unknown[], wanted: string | undefined): ParsedFeed {
  records.forEach((r, i) => {
    if (!isRecord(r) || typeof r.TimeUTC !== 'string' || !('DayAheadPriceDKK' in r)) {
      throw feedError(
        `Energi Data Service: records[${i}] is not a DayAheadPrices record (TimeUTC, DayAheadPriceDKK); ` +
          'a DatahubPricelist is a grid tariff, not a price feed',
      );
    }
  });
  const areas = new Set(
    records.map((r) => (isRecord(r) && typeof r.PriceArea === 'string' ? r.PriceArea : '')),
  );
  const area = wanted ?? (areas.size === 1 ? [...areas][0] : undefined);
  if (area === undefined) {
    throw new ValidationError(
      'area_missing',
      `Energi Data Service: the records cover ${[...areas].join(', ')}; name one area`,
    );
  }
  if (!areas.has(area))
    throw new ValidationError('area_invalid', `Energi Data Service: no records for ${area}`);
  const starts = records.flatMap((r, i) => {
    if (!isRecord(r) || r.PriceArea !== area) return [];
    const value = readFeedDecimal(r.DayAheadPriceDKK ?? null, `records[${i}].DayAheadPriceDKK`);
    const time =
      typeof r.TimeUTC === 'string' && !/(Z|[+-]\d{2}:\d{2})$/.test(r.TimeUTC) ? `${r.TimeUTC}Z` : r.TimeUTC;
    return value === null ? [] : [{ start: parseInstant(time, `records[${i}].TimeUTC`), value }];
  });
  return {
    currency: 'DKK',
    unit: 'MWh',
    points: finishPoints(inferEnds(starts, QUARTER_HOUR_MS), 'Energi Data Service'),
    ...(area ? { area } : {}),
  };
}
