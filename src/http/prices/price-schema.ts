import { Type, type Static } from 'typebox';
import type { AuditStretch, LocationAudit } from '../../core/prices/audit.ts';
import type { LocationPrices, PriceRequest } from '../../core/prices/prices.ts';
import {
  decimalToNumber,
  roundDecimal,
  roundPriceSeries,
  ZERO,
  addDecimals,
  type Decimal,
} from '../../engine/index.ts';
import { formatInOffset, formatUtcSeconds } from '../../lib/time.ts';
import { currencyOf, directionOf, stringEnum, timeOf } from '../schemas.ts';
import { INVALID_CODE } from '../validation.ts';
import { apiPriceOf, DATA_PLACEHOLDER, type PriceAnswer } from './price-json.ts';

const DIRECTIONS = ['IMPORT', 'EXPORT', 'LOCAL'] as const;

export const PriceBody = Type.Object(
  {
    end_time: Type.String({ examples: ['2025-09-16T10:00:00Z'], description: 'RFC 3339, Z or an offset' }),
    start_time: Type.Optional(
      Type.String({ examples: ['2025-09-15T10:00:00Z'], description: 'Default: now' }),
    ),
    tariff_direction: Type.Optional(
      stringEnum(DIRECTIONS, {
        examples: ['IMPORT'],
        description: 'IMPORT (default), EXPORT or LOCAL',
        [INVALID_CODE]: 'tariff_direction_invalid',
      }),
    ),
    direction: Type.Optional(
      stringEnum(DIRECTIONS, {
        description: 'Alias of tariff_direction',
        [INVALID_CODE]: 'tariff_direction_invalid',
      }),
    ),
  },
  { additionalProperties: false },
);

export type ApiPriceBody = Static<typeof PriceBody>;

/** The request as understood: instants, the offset answers are written in, and the direction. */
export interface PriceQuery extends PriceRequest {
  offsetMinutes: number | null;
}

export function fromApiPriceBody(body: ApiPriceBody, now: number): PriceQuery {
  const end = timeOf(body.end_time, 'end_time');
  const start = body.start_time === undefined ? undefined : timeOf(body.start_time, 'start_time');
  const direction = directionOf(body, DIRECTIONS);
  return {
    start: start?.ms ?? now,
    end: end.ms,
    direction,
    offsetMinutes: end.offsetMinutes,
  };
}

const RequestEcho = Type.Object({
  tariff_direction: stringEnum(DIRECTIONS),
  start_time: Type.String({ format: 'date-time' }),
  end_time: Type.String({ format: 'date-time' }),
});

const common = {
  live_mode: Type.Boolean(),
  location_id: Type.String(),
  location_timezone: Type.String({ examples: ['Europe/London'] }),
  currency_code: Type.String({ examples: ['GBP'] }),
  tariff_direction: stringEnum(DIRECTIONS),
  last_updated: Type.String({ format: 'date-time' }),
};

export const PriceSchema = Type.Object(
  {
    id: Type.String({ examples: ['prs_65e42cdd73e9f861edda35d7'] }),
    object: Type.Literal('price'),
    ...common,
    next_update: Type.String({ format: 'date-time' }),
    request: RequestEcho,
    data: Type.Array(
      Type.Object({
        valid_from: Type.String({ format: 'date-time' }),
        valid_to: Type.String({ format: 'date-time' }),
        price: Type.Object({
          value: Type.Number({ description: 'Major currency units per kWh, 5 decimals' }),
          confidence: Type.Number({ minimum: 0, maximum: 1 }),
        }),
      }),
    ),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'Price' },
);

const Breakdown = Type.Object({
  commodity: Type.Optional(
    Type.Object({
      market: Type.Optional(Type.Number()),
      fixed: Type.Number(),
      percentage: Type.Number(),
      tier: Type.Number({ description: 'The first kWh of the tier that applied' }),
      aggregate: Type.Number(),
    }),
  ),
  non_commodity: Type.Optional(Type.Object({ fixed: Type.Number(), tier: Type.Number() })),
  total: Type.Number(),
  confidence: Type.Number(),
});

export const PriceAuditSchema = Type.Object(
  {
    id: Type.String({ examples: ['tra_65e42cdd73e9f861edda35d7'] }),
    object: Type.Literal('price_audit'),
    ...common,
    request: RequestEcho,
    market_sources: Type.Array(Type.String()),
    data: Type.Array(
      Type.Object({
        valid_from: Type.String({ format: 'date-time' }),
        valid_to: Type.String({ format: 'date-time' }),
        price_breakdown: Breakdown,
      }),
    ),
    time_created: Type.String({ format: 'date-time' }),
    account_id: Type.String(),
  },
  { title: 'PriceAudit' },
);

function header(prices: LocationPrices, query: PriceQuery) {
  const at = (ms: number) => formatInOffset(ms, query.offsetMinutes);
  return {
    live_mode: prices.location.liveMode,
    location_id: prices.location.id,
    location_timezone: prices.location.timezone,
    currency_code: currencyOf(prices.location),
    tariff_direction: query.direction,
    last_updated: at(prices.lastUpdated),
    request: { tariff_direction: query.direction, start_time: at(query.start), end_time: at(query.end) },
  };
}

/** A price answer as `writePriceAnswer` writes it (price-json.ts). */
export function priceAnswer(id: string, prices: LocationPrices, query: PriceQuery, now: number): PriceAnswer {
  const at = (ms: number) => formatInOffset(ms, query.offsetMinutes);
  const { request, ...rest } = header(prices, query);
  return {
    head: {
      id,
      object: 'price',
      ...rest,
      next_update: at(prices.nextUpdate),
      request,
      data: DATA_PLACEHOLDER,
      time_created: formatUtcSeconds(now),
      account_id: prices.location.accountId,
    },
    rows: roundPriceSeries(prices.intervals),
    offsetMinutes: query.offsetMinutes,
  };
}

/** The price answer as objects (what its bytes are the JSON of). */
export function toApiPrice(
  id: string,
  prices: LocationPrices,
  query: PriceQuery,
  now: number,
): Static<typeof PriceSchema> {
  return apiPriceOf(priceAnswer(id, prices, query, now)) as Static<typeof PriceSchema>;
}

const written = (d: Decimal) => decimalToNumber(roundDecimal(d, 5));

/**
 * [decision:price-breakdown]: market, fixed and percentage components, their aggregate, the non-commodity fee, the total,
 * each part at the tier the stretch is on.
 */
function breakdownOf({ interval, commodityTier, nonCommodityTier }: AuditStretch): Static<typeof Breakdown> {
  const c = interval.commodity;
  const n = interval.nonCommodity;
  const cTier = c?.tiers[commodityTier ?? 0];
  const nTier = n?.tiers[nonCommodityTier ?? 0];
  return {
    ...(c && cTier
      ? {
          commodity: {
            ...(c.market !== null ? { market: written(c.market) } : {}),
            fixed: written(cTier.fixed),
            percentage: written(cTier.percentage),
            tier: written(cTier.fromKwh),
            aggregate: written(cTier.price),
          },
        }
      : {}),
    ...(n && nTier ? { non_commodity: { fixed: written(nTier.price), tier: written(nTier.fromKwh) } } : {}),
    total: written(addDecimals(cTier?.price ?? ZERO, nTier?.price ?? ZERO)),
    confidence: interval.confidence,
  };
}

export function toApiPriceAudit(
  id: string,
  prices: LocationAudit,
  query: PriceQuery,
  now: number,
): Static<typeof PriceAuditSchema> {
  const at = (ms: number) => formatInOffset(ms, query.offsetMinutes);
  const { request, ...rest } = header(prices, query);
  const rows: { start: number; end: number; breakdown: Static<typeof Breakdown>; key: string }[] = [];
  for (const stretch of prices.stretches) {
    const breakdown = breakdownOf(stretch);
    const key = JSON.stringify(breakdown);
    const last = rows.at(-1);
    if (last && last.end === stretch.start && last.key === key) last.end = stretch.end;
    else rows.push({ start: stretch.start, end: stretch.end, breakdown, key });
  }
  return {
    id,
    object: 'price_audit',
    ...rest,
    request,
    market_sources: prices.marketSources,
    data: rows.map((row) => ({
      valid_from: at(row.start),
      valid_to: at(row.end),
      price_breakdown: row.breakdown,
    })),
    time_created: formatUtcSeconds(now),
    account_id: prices.location.accountId,
  };
}
