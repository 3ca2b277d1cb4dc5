// Octopus Energy REST `standard-unit-rates` (Agile and other tariffs): `results` of
// {value_exc_vat, value_inc_vat, valid_from, valid_to} in pence per kWh, newest first.
//
// Offpeak stores `value_exc_vat`: a market-rate tariff adds its own surcharges and VAT
// ([decision:market-price-formula]: (market + surcharge_fixed) × (1 + surcharge_percentage)), so the VAT-inclusive value
// would count VAT twice. The currency is `GBX` (pence sterling) and the unit kWh, as published;
// reading converts exactly to GBP per MWh (× 10).
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

export function parseOctopus(text: string): ParsedFeed {
  const doc = parseJsonExact(text);
  if (!isRecord(doc) || !Array.isArray(doc.results))
    throw feedError('Octopus: expected an object with results');
  const points: FeedPoint[] = [];
  doc.results.forEach((r, i) => {
    if (!isRecord(r)) throw feedError(`Octopus: results[${i}] is not an object`);
    if (r.valid_to === null || r.valid_to === undefined) {
      throw feedError(`Octopus: results[${i}] has no valid_to; an open-ended rate is not a market price`);
    }
    const value = readFeedDecimal(r.value_exc_vat ?? null, `results[${i}].value_exc_vat`);
    if (value === null) throw feedError(`Octopus: results[${i}] has no value_exc_vat`);
    points.push({
      start: parseInstant(r.valid_from, `results[${i}].valid_from`),
      end: parseInstant(r.valid_to, `results[${i}].valid_to`),
      value,
    });
  });
  return { currency: 'GBX', unit: 'kWh', points: finishPoints(points, 'Octopus') };
}
