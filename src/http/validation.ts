import Ajv, { type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { NotFoundError, ValidationError, type DomainError } from '../core/errors.ts';

/**
 * Two validators: bodies are checked strictly (no type coercion, so `"5"` is not a number),
 * while query strings and path parameters are coerced from text. Unknown body fields are
 * dropped rather than refused, so clients written for newer or older versions keep working.
 */
// `verbose` keeps the offending value on each error, so an enum error can quote it.
const common: Options = {
  allErrors: false,
  strict: false,
  useDefaults: true,
  removeAdditional: true,
  verbose: true,
};
const bodyAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
const textAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }));

/** NUL, which PostgreSQL text cannot hold, or a UTF-16 surrogate without its pair, which is no text at all. */
const NOT_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Deeper than any documented body (a tariff is 8 levels); free-form fields (pv_system) stop here. */
export const MAX_DEPTH = 32;

const violation = (instancePath: string, keyword: string, message: string): ErrorObject => ({
  instancePath,
  schemaPath: '#',
  keyword,
  params: {},
  message,
});

/**
 * The first place in a request part that no field may hold, as a schema violation: a string (or
 * object key) that is not text, a number JSON cannot write (`1e999` parses to Infinity), or a
 * nest deeper than MAX_DEPTH. Walks with its own stack, so no body can exhaust the call stack.
 */
export function findUntypableValue(data: unknown): ErrorObject | undefined {
  return isTypable(data) ? undefined : locateUntypableValue(data);
}

/** The common case, answered without building a path for every value (a 10,000-record batch). */
function isTypable(data: unknown): boolean {
  const values: unknown[] = [data];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (typeof value === 'string') {
      if (NOT_TEXT.test(value)) return false;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return false;
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value) {
          values.push(item);
          depths.push(depth + 1);
        }
        continue;
      }
      for (const key in value) {
        if (NOT_TEXT.test(key)) return false;
        values.push((value as Record<string, unknown>)[key]);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

function locateUntypableValue(data: unknown): ErrorObject | undefined {
  const stack: [unknown, string, number][] = [[data, '', 0]];
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop() as [unknown, string, number];
    if (typeof value === 'string') {
      if (NOT_TEXT.test(value))
        return violation(path, 'text', 'must be text without NUL characters or unpaired surrogates');
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return violation(path, 'finite', 'must be a finite number');
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH)
        return violation(path, 'depth', `must not nest deeper than ${MAX_DEPTH} levels`);
      if (Array.isArray(value)) {
        value.forEach((item, i) => stack.push([item, `${path}/${i}`, depth + 1]));
        continue;
      }
      for (const [key, item] of Object.entries(value)) {
        if (NOT_TEXT.test(key))
          return violation(path, 'text', 'must not have a key with NUL characters or unpaired surrogates');
        stack.push([item, `${path}/${pointer(key)}`, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Numbers in a query string or path: decimal digits only (no `0x10`, `1e1`, ` 16`, `Infinity`). */
export const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const INTEGER_TEXT = /^-?\d+$/;

/** A query number that Ajv's coercion would read leniently, as the type violation it is. */
function findLooseNumber(schema: object, data: unknown): ErrorObject | undefined {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
  if (!properties || data === null || typeof data !== 'object') return undefined;
  for (const [key, property] of Object.entries(properties)) {
    const type = property.type;
    if (type !== 'integer' && type !== 'number') continue;
    const given = (data as Record<string, unknown>)[key];
    const texts = Array.isArray(given) ? given : [given];
    const strict = type === 'integer' ? INTEGER_TEXT : DECIMAL_TEXT;
    if (texts.some((text) => typeof text === 'string' && !strict.test(text)))
      return {
        instancePath: `/${pointer(key)}`,
        schemaPath: '#',
        keyword: 'type',
        params: { type },
        message: `must be ${type}`,
      };
  }
  return undefined;
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Fastify asks for every route's validators before the server listens; Ajv's code generation for
 * all of them was the largest part of the start. Each is compiled when its route first validates
 * a request instead (same schema, same Ajv, same result) [decision:compiled-start].
 */
export function compileValidator({ schema, httpPart }: { schema: object; httpPart?: string }): Validator {
  let compiled: ReturnType<Ajv.default['compile']> | undefined;
  const checked: Validator = (data) => {
    const validate = (compiled ??= (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
    const loose = httpPart === 'body' ? undefined : findLooseNumber(schema, data);
    if (loose) {
      checked.errors = [loose];
      return false;
    }
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    const untypable = findUntypableValue(data);
    checked.errors = untypable ? [untypable] : null;
    return !untypable;
  };
  return checked;
}

function pathOf(error: FastifySchemaValidationError | ErrorObject): string[] {
  return (error.instancePath ?? '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A field's path as a reader writes it: `schedule[0].months[1]`. */
export function pathText(path: readonly string[]): string {
  return path.reduce(
    (text, segment) =>
      /^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment,
    '',
  );
}

/**
 * The schema keyword naming the code of an invalid value, where it is not `<field>_invalid`:
 * `direction` of a tariff fails as `tariff_direction_invalid`, as core has always answered
 * [decision:openapi-document].
 */
export const INVALID_CODE = 'x-invalid-code';

/** The value as sent and every value accepted in its place: `"ALL" is not one of All, Jan, …`. */
function enumDetail(error: FastifySchemaValidationError | ErrorObject): string {
  const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.join(', ');
  const given = (error as { data?: unknown }).data;
  const quoted = given === undefined ? 'the value' : JSON.stringify(given);
  const shown = quoted.length > 60 ? `${quoted.slice(0, 57)}…` : quoted;
  return `${shown} is not one of ${allowed}`;
}

/** What is wrong with the value, for the message after its path. */
function describe(error: FastifySchemaValidationError | ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${String(params.type)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Turns the first schema violation into a domain error whose code names the field:
 * `<field>_missing` for an absent required field, `<field>_invalid` for anything else.
 * A path parameter that is not an ID at all is simply an object that does not exist.
 */
export function toValidationError(
  errors: (FastifySchemaValidationError | ErrorObject)[],
  part: string | undefined,
): DomainError {
  if (part === 'params') return new NotFoundError('object', '');
  const first = errors[0];
  if (!first) return new ValidationError('request_invalid', 'The request is invalid');
  const path = pathOf(first);
  if (first.keyword === 'required') {
    const missing = String((first.params as { missingProperty: string }).missingProperty);
    const full = pathText([...path, missing]);
    return new ValidationError(`${missing}_missing`, `${full} is required`);
  }
  const field = [...path].reverse().find((segment) => !/^\d+$/.test(segment));
  if (field === undefined) {
    return part === 'body'
      ? new ValidationError('request_body_invalid', `The request body ${describe(first)}`)
      : new ValidationError('request_invalid', `The request ${describe(first)}`);
  }
  // A field whose invalid value has long had a code of its own (an alias, a nested object) says so.
  const named = (first as { parentSchema?: Record<string, unknown> }).parentSchema?.[INVALID_CODE];
  const code = typeof named === 'string' ? named : `${field}_invalid`;
  if (first.keyword === 'enum') return new ValidationError(code, `${pathText(path)}: ${enumDetail(first)}`);
  return new ValidationError(code, `${pathText(path)} ${describe(first)}`);
}
