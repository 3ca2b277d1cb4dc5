import { RawJson, withHeader, type RequestParts } from './encode.ts';
import type { JsonSchema, Operation } from './openapi.ts';

/**
 * The places of a request one mutation may change: a field of the JSON body (at any depth,
 * including fields the schema documents but the baseline leaves out), a query parameter, a path
 * parameter. Setters return a new request and leave the baseline untouched.
 */
export type BodyPath = (string | number)[];

export interface Slots {
  body: { path: BodyPath; value: unknown }[];
  query: string[];
  path: string[];
}

function walk(value: unknown, path: BodyPath, out: Slots['body']): void {
  if (path.length > 0) out.push({ path, value });
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) walk(item, [...path, key], out);
}

export function slotsOf(op: Operation, base: RequestParts): Slots {
  const body: Slots['body'] = [];
  if (base.body && 'json' in base.body) {
    walk(base.body.json, [], body);
    const properties = (op.body?.schema.properties ?? {}) as Record<string, JsonSchema>;
    const json = base.body.json;
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
      for (const key of Object.keys(properties))
        if (!(key in json)) body.push({ path: [key], value: undefined });
    }
  }
  const query = [
    ...new Set([
      ...base.query.map((q) => q.name),
      ...op.parameters.filter((p) => p.in === 'query').map((p) => p.name),
    ]),
  ];
  return { body, query, path: Object.keys(base.pathParams) };
}

function setIn(value: unknown, path: BodyPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...BodyPath];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = setIn(copy[head as number], rest, replacement);
    return copy;
  }
  const object = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { ...object, [head]: setIn(object[head], rest, replacement) };
}

export function setBody(parts: RequestParts, path: BodyPath, replacement: unknown): RequestParts {
  const json = parts.body && 'json' in parts.body ? parts.body.json : {};
  return { ...parts, body: { json: setIn(json, path, replacement) } };
}

export function setQuery(parts: RequestParts, name: string, value: string, encoded = false): RequestParts {
  const rest = parts.query.filter((q) => q.name !== name);
  return { ...parts, query: [...rest, { name, value, encoded }] };
}

export function setPath(parts: RequestParts, name: string, value: string, encoded = false): RequestParts {
  return { ...parts, pathParams: { ...parts.pathParams, [name]: { value, encoded } } };
}

export function setHeader(parts: RequestParts, name: string, value: string | undefined): RequestParts {
  return { ...parts, headers: withHeader(parts.headers, name, value) };
}

/** `body.data[0].energy`, `query.limit`, `path.id`: where a mutation struck, for the report. */
export const bodyName = (path: BodyPath) =>
  `body${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;

/** A value as the report prints it: JSON, long ones cut, with their length. */
export function shown(value: unknown): string {
  const text = value instanceof RawJson ? value.text : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
}
