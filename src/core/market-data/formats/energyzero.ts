// EnergyZero (NL) prices: `{Prices: [{price, readingDate}], intervalType, average, fromDate,
// tillDate}`. With the default `inclBtw=true` the value is the all-in consumer price in EUR per kWh
// (market price plus energy tax plus VAT), not an exchange price: import it into a source of its
// own rather than the NL exchange region. The end of each interval is inferred from the spacing
// of `readingDate` (hourly in the recorded file).
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

const HOUR_MS = 3_600_000;

export function parseEnergyZero(text: string): ParsedFeed {
  const doc = parseJsonExact(text);
  if (!isRecord(doc) || !Array.isArray(doc.Prices))
    throw feedError('EnergyZero: expected an object with Prices');
  const starts = doc.Prices.flatMap((p, i) => {
    if (!isRecord(p)) throw feedError(`EnergyZero: Prices[${i}] is not an object`);
    const value = readFeedDecimal(p.price ?? null, `Prices[${i}].price`);
    return value === null ? [] : [{ start: parseInstant(p.readingDate, `Prices[${i}].readingDate`), value }];
  });
  return { currency: 'EUR', unit: 'kWh', points: finishPoints(inferEnds(starts, HOUR_MS), 'EnergyZero') };
}
