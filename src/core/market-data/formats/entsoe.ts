// ENTSO-E Transparency Platform day-ahead prices: an A44 Publication_MarketDocument (XML).
//
// Each TimeSeries has a currency and a price unit (MWH) and Periods of `resolution` (PT15M, PT30M,
// PT60M) whose Points carry `position` (1-based) and `price.amount`. Curve type A03 compresses a
// run of equal prices: an absent position repeats the previous one, through the period's end.
// Curve A01 lists every position; an absent one there is a gap.
//
// Since 2025 a bidding zone may carry several day-ahead auctions in one document, told apart only
// by `classificationSequence_AttributeInstanceComponent.position` (DE-LU: 1 = the SDAC day-ahead
// price, 2 = the EXAA auction). For each interval the lowest sequence wins; a series without one
// counts as 1. A document without data is an Acknowledgement_MarketDocument: `feed_empty`.
import type { Decimal } from '../../../engine/decimal.ts';
import { ValidationError } from '../../errors.ts';
import {
  feedError,
  finishPoints,
  parseInstant,
  readFeedDecimal,
  type FeedPoint,
  type ParsedFeed,
} from './feed.ts';
import { parseXml, xmlChildren, xmlText, type XmlElement } from './xml-text.ts';

const MINUTE_MS = 60_000;

/** PT15M, PT60M, PT1H, P1D… as ms; undefined for anything else. */
function durationMs(text: string | undefined): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(text ?? '');
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  const ms = (Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * MINUTE_MS;
  return ms > 0 ? ms : undefined;
}

/** True when `p` overlaps an interval of `sorted` (sorted by start, non-overlapping). */
function overlapsAny(sorted: readonly FeedPoint[], p: FeedPoint): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const q = sorted[mid] as FeedPoint;
    if (q.end <= p.start) lo = mid + 1;
    else if (q.start >= p.end) hi = mid - 1;
    else return true;
  }
  return false;
}

function readPeriod(period: XmlElement, curveType: string, where: string): FeedPoint[] {
  const start = parseInstant(xmlText(period, 'timeInterval', 'start'), `${where} timeInterval.start`);
  const end = parseInstant(xmlText(period, 'timeInterval', 'end'), `${where} timeInterval.end`);
  const step = durationMs(xmlText(period, 'resolution'));
  if (step === undefined) throw feedError(`${where}: unknown resolution ${xmlText(period, 'resolution')}`);
  const slots = Math.round((end - start) / step);
  if (!(end > start) || start + slots * step !== end) {
    throw feedError(`${where}: the interval is not a whole number of ${xmlText(period, 'resolution')} steps`);
  }
  const byPosition = new Map<number, Decimal | null>();
  for (const point of xmlChildren(period, 'Point')) {
    const position = Number(xmlText(point, 'position'));
    if (!Number.isInteger(position) || position < 1 || position > slots) {
      throw feedError(`${where}: point position ${xmlText(point, 'position')} is outside 1–${slots}`);
    }
    byPosition.set(position, readFeedDecimal(xmlText(point, 'price.amount') ?? '', `${where} price.amount`));
  }
  const out: FeedPoint[] = [];
  let previous: Decimal | null = null;
  for (let position = 1; position <= slots; position++) {
    const given = byPosition.get(position);
    const value: Decimal | null = given !== undefined ? given : curveType === 'A03' ? previous : null;
    if (value !== null) {
      out.push({ start: start + (position - 1) * step, end: start + position * step, value });
    }
    previous = value;
  }
  return out;
}

/**
 * Parses an A44 document. `area` (an EIC code such as `10YCH-SWISSGRIDZ`) selects the series of
 * one bidding zone when a document holds several; without it the document must hold one.
 */
export function parseEntsoe(text: string, options: { area?: string | undefined } = {}): ParsedFeed {
  const root = parseXml(text);
  if (root.name === 'Acknowledgement_MarketDocument') {
    const reason = xmlText(root, 'Reason', 'text') ?? 'no reason given';
    throw new ValidationError('feed_empty', `ENTSO-E answered without prices: ${reason}`);
  }
  if (root.name !== 'Publication_MarketDocument') {
    throw feedError(`ENTSO-E: expected a Publication_MarketDocument, got <${root.name}>`);
  }
  let series = xmlChildren(root, 'TimeSeries');
  if (series.length === 0) throw new ValidationError('feed_empty', 'The ENTSO-E document has no TimeSeries');
  const areas = [...new Set(series.map((s) => xmlText(s, 'in_Domain.mRID') ?? ''))];
  const area = options.area ?? (areas.length === 1 ? areas[0] : undefined);
  if (area === undefined) {
    throw new ValidationError(
      'area_missing',
      `ENTSO-E: the document covers ${areas.join(', ')}; name one area`,
    );
  }
  series = series.filter((s) => (xmlText(s, 'in_Domain.mRID') ?? '') === area);
  if (series.length === 0)
    throw new ValidationError('area_invalid', `ENTSO-E: the document has no area ${area}`);

  let currency: string | undefined;
  const bySequence = new Map<number, FeedPoint[]>();
  series.forEach((s, index) => {
    const where = `ENTSO-E TimeSeries ${xmlText(s, 'mRID') ?? index + 1}`;
    const seriesCurrency = xmlText(s, 'currency_Unit.name');
    if (!seriesCurrency || !/^[A-Z]{3}$/.test(seriesCurrency)) throw feedError(`${where}: no currency`);
    if (currency !== undefined && currency !== seriesCurrency) {
      throw feedError('ENTSO-E: series in several currencies');
    }
    currency = seriesCurrency;
    const unit = xmlText(s, 'price_Measure_Unit.name');
    if (unit !== 'MWH') throw feedError(`${where}: price unit ${unit ?? 'missing'}, expected MWH`);
    const curveType = xmlText(s, 'curveType') ?? 'A01';
    const sequence = Number(xmlText(s, 'classificationSequence_AttributeInstanceComponent.position') ?? '1');
    if (!Number.isInteger(sequence)) throw feedError(`${where}: classification sequence is not a number`);
    const list = bySequence.get(sequence) ?? [];
    for (const period of xmlChildren(s, 'Period')) list.push(...readPeriod(period, curveType, where));
    bySequence.set(sequence, list);
  });

  // Lowest sequence first; a later sequence fills only what the earlier ones leave uncovered.
  let accepted: FeedPoint[] = [];
  for (const sequence of [...bySequence.keys()].sort((a, b) => a - b)) {
    const fresh = (bySequence.get(sequence) ?? []).filter((p) => !overlapsAny(accepted, p));
    accepted = [...accepted, ...fresh].sort((a, b) => a.start - b.start);
  }
  const points = finishPoints(accepted, 'ENTSO-E');
  const created = xmlText(root, 'createdDateTime');
  return {
    currency: currency as string,
    unit: 'MWh',
    points,
    ...(area ? { area } : {}),
    ...(created ? { publishedAt: parseInstant(created, 'createdDateTime') } : {}),
  };
}
