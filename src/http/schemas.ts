import type { FastifyReply } from 'fastify';
import { Type, type TSchema, type TUnsafe } from 'typebox';
import { ValidationError } from '../core/errors.ts';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../core/pagination.ts';
import { decimalToNumber, roundRatio, type Ratio, type TariffDirection } from '../engine/index.ts';
import { ID_PATTERN } from '../lib/ids.ts';
import { parseRfc3339, type ZonedInstant } from '../lib/time.ts';

/** Wire schemas shared by every resource. Each one validates, types, serialises and documents. */

export const API_VERSION = '2025-09-14.anode';

export const ErrorObject = Type.Object(
  {
    object: Type.Literal('error'),
    live_mode: Type.Boolean(),
    context: Type.String({ examples: ['api.customer_create'] }),
    type: Type.Union([
      Type.Literal('invalid_request'),
      Type.Literal('api_error'),
      Type.Literal('rate_limit'),
      Type.Literal('connect_error'),
    ]),
    code: Type.String({ examples: ['not_found'] }),
    message: Type.String(),
    time_created: Type.String({ format: 'date-time', examples: ['2025-01-01T00:00:00Z'] }),
    request_id: Type.String(),
  },
  { title: 'Error' },
);

export const Accepted = Type.Object({ message: Type.Literal('Accepted') }, { title: 'Accepted' });

/** The `202 {"message":"Accepted"}` answer of a delete. */
export function sendAccepted(reply: FastifyReply): FastifyReply {
  return reply.code(202).send({ message: 'Accepted' as const });
}

export function listOf<T extends TSchema>(item: T, url: string) {
  return Type.Object({
    object: Type.Literal('list'),
    url: Type.String({ examples: [url] }),
    has_more: Type.Boolean(),
    data: Type.Array(item),
  });
}

export function idOf(prefix: string, example: string) {
  return Type.String({ pattern: ID_PATTERN, examples: [example], description: `A \`${prefix}_…\` ID` });
}

export function idParams(prefix: string, example: string) {
  return Type.Object({ id: idOf(prefix, example) });
}

/** The cursor parameters every list shares; range and cursor rules are checked in core. */
export const PageQuerySchema = {
  limit: Type.Optional(
    Type.Integer({
      default: DEFAULT_PAGE_LIMIT,
      description: `Page size, 1 to ${MAX_PAGE_LIMIT}`,
      examples: [DEFAULT_PAGE_LIMIT],
    }),
  ),
  starting_after: Type.Optional(
    Type.String({ description: 'An object ID: return the page after it (older objects)' }),
  ),
  ending_before: Type.Optional(
    Type.String({ description: 'An object ID: return the page before it (newer objects)' }),
  ),
};

export const ReferenceIdQuery = {
  reference_id: Type.Optional(Type.String({ description: 'Exact match on reference_id' })),
};

export function toPageQuery(query: { limit?: number; starting_after?: string; ending_before?: string }) {
  return {
    limit: query.limit ?? DEFAULT_PAGE_LIMIT,
    startingAfter: query.starting_after,
    endingBefore: query.ending_before,
  };
}

/** A page of objects as a list body, each object written by `present`. */
export function toApiList<T, A>(url: string, page: { data: T[]; hasMore: boolean }, present: (item: T) => A) {
  return {
    object: 'list' as const,
    url,
    has_more: page.hasMore,
    data: page.data.map((item) => present(item)),
  };
}

/**
 * Answers a list with its items written by `write` (each item's JSON text): the same bytes as
 * `JSON.stringify(toApiList(url, page, present))` when `write(item)` is
 * `JSON.stringify(present(item))`. A string answer with a JSON content type skips the route's
 * serializer; the response schema still documents it, and tests check answers against it.
 */
export function sendJsonList<T>(
  reply: FastifyReply,
  url: string,
  page: { data: T[]; hasMore: boolean },
  write: (item: T) => string,
): FastifyReply {
  let body = `{"object":"list","url":${JSON.stringify(url)},"has_more":${page.hasMore},"data":[`;
  for (let i = 0; i < page.data.length; i++) body += (i === 0 ? '' : ',') + write(page.data[i] as T);
  return reply.type('application/json; charset=utf-8').send(`${body}]}`);
}

/** An amount of money as the API writes it: rounded to 5 decimals. */
export function moneyOf(amount: Ratio): number {
  return decimalToNumber(roundRatio(amount, 5));
}

/** A location's currency, or `XXX` (ISO 4217: no currency) when it has none or there is no location. */
export function currencyOf(location: { currencyCode: string | null } | null | undefined): string {
  return location?.currencyCode ?? 'XXX';
}

/** A string enum as a plain JSON Schema `enum`, which gives clearer validation messages than anyOf. */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: Record<string, unknown> = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A request timestamp: RFC 3339 with `Z` or an offset, else `400 <field>_invalid`. */
export function timeOf(text: unknown, field: string): ZonedInstant {
  const parsed = typeof text === 'string' ? parseRfc3339(text) : undefined;
  if (!parsed)
    throw new ValidationError(
      `${field}_invalid`,
      `${field} must be an RFC 3339 timestamp with Z or an offset`,
    );
  return parsed;
}

/**
 * The tariff direction of a request body, by its current name or the older `direction`
 * (the current name wins), defaulting to IMPORT; `400 tariff_direction_invalid` outside `allowed`.
 */
export function directionOf(
  body: { tariff_direction?: string | undefined; direction?: string | undefined },
  allowed: readonly TariffDirection[],
): TariffDirection {
  const direction = body.tariff_direction ?? body.direction ?? 'IMPORT';
  if (!(allowed as readonly string[]).includes(direction)) {
    const names = `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
    throw new ValidationError('tariff_direction_invalid', `tariff_direction must be ${names}`);
  }
  return direction as TariffDirection;
}
