import type { RequestParts } from './encode.ts';
import type { JsonSchema, Operation, Parameter } from './openapi.ts';
import type { IdBook, Seeds } from './seeds.ts';

/**
 * A valid-looking request for an operation, before any mutation: the seeded objects in its path,
 * the request that worked during seeding (or one built from the schema and its examples), and
 * the credentials the operation takes. Every mutation changes one thing of this.
 */
const ID = /^([a-z]{3})_[0-9a-f]{24,32}$/;

/** An ID of the right shape that names nothing. */
export function unknownId(prefix: string): string {
  return `${prefix}_${'0'.repeat(8)}${'f'.repeat(16)}`;
}

/** Replaces every example ID with the seeded object of its prefix. */
export function withSeededIds(value: unknown, book: IdBook): unknown {
  if (typeof value === 'string') {
    const prefix = ID.exec(value)?.[1];
    return prefix ? (book.own.get(prefix) ?? value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => withSeededIds(item, book));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSeededIds(v, book)]));
  }
  return value;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** A value for a schema: its example, default or first enum value, else one of its type. */
export function valueOf(schema: JsonSchema, name: string, book: IdBook, now: number): unknown {
  const examples = schema.examples as unknown[] | undefined;
  if (examples?.[0] !== undefined) return withSeededIds(examples[0], book);
  if (schema.example !== undefined) return withSeededIds(schema.example, book);
  if (schema.default !== undefined) return schema.default;
  const choices = (schema.enum ?? schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (schema.enum) return choices?.[0];
  if (choices) {
    const branch = (choices as JsonSchema[]).find((b) => b.type !== 'null') ?? {};
    return valueOf(branch, name, book, now);
  }
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(properties)) {
        const documented = property.examples !== undefined || property.example !== undefined;
        if (required.has(key) || documented) out[key] = valueOf(property, key, book, now);
      }
      return out;
    }
    case 'array':
      return [valueOf((schema.items ?? {}) as JsonSchema, name, book, now)];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    default:
      if (schema.format === 'date-time' || name.endsWith('_time') || name.endsWith('_date'))
        return iso(name.startsWith('end') ? now + 86_400_000 : now);
      if (schema.pattern !== undefined && String(schema.pattern).includes('[a-z]{3}_'))
        return book.own.values().next().value ?? 'x';
      return 'x';
  }
}

function paramValue(param: Parameter, book: IdBook, now: number): unknown {
  return valueOf(
    { ...param.schema, ...(param.example !== undefined ? { example: param.example } : {}) },
    param.name,
    book,
    now,
  );
}

/** The Authorization header an operation accepts from the fuzzing account. */
export function credentialsOf(op: Operation, seeds: Seeds): string | undefined {
  switch (op.auth) {
    case 'bearer':
      return seeds.tokens.valid;
    case 'admin':
      return `Bearer ${seeds.adminToken}`;
    case 'basic':
      return `Basic ${Buffer.from(`${seeds.accountId}:${seeds.apiKey}`).toString('base64')}`;
    case 'none':
      return undefined;
  }
}

/** The baseline request of an operation; `n` spreads DELETEs over the seeded victims. */
export function baselineOf(op: Operation, seeds: Seeds, n: number, now = Date.now()): RequestParts {
  const book = seeds.books[op.auth];
  const pathParams: RequestParts['pathParams'] = {};
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    const example = typeof param.example === 'string' ? param.example : undefined;
    const prefix = example === undefined ? undefined : ID.exec(example)?.[1];
    let value = String(paramValue(param, book, now));
    if (prefix && op.method === 'DELETE') {
      const victims = book.victims.get(prefix) ?? [];
      value = victims.length ? (victims[n % victims.length] as string) : unknownId(prefix);
    }
    pathParams[param.name] = { value };
  }
  const template = seeds.templates.get(op.id);
  const query = template
    ? template.query.map(([name, value]) => ({ name, value }))
    : op.parameters
        .filter((p) => p.in === 'query' && (p.required || p.example !== undefined))
        .map((p) => ({ name: p.name, value: String(paramValue(p, book, now)) }));
  const headers: [string, string][] = [];
  const authorization = credentialsOf(op, seeds);
  if (authorization !== undefined) headers.push(['Authorization', authorization]);
  let body: RequestParts['body'];
  if (op.body) {
    const contentType = template?.contentType ?? op.body.contentTypes[0] ?? 'application/json';
    const value = template?.body !== undefined ? template.body : valueOf(op.body.schema, 'body', book, now);
    headers.push(['Content-Type', contentType]);
    // A text body (a feed file) is sent as its text, anything else as JSON.
    body =
      op.body.schema.type === 'string' && typeof value === 'string'
        ? { bytes: Buffer.from(value) }
        : { json: value };
  }
  return { method: op.method, path: op.path, pathParams, query, headers, body };
}
