import Ajv, { type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { NotFoundError, ValidationError, type DomainError } from '../core/errors.ts';

/**
 * Two validators: bodies are checked strictly (no type coercion, so `"5"` is not a number),
 * while query strings and path parameters are coerced from text. Unknown body fields are
 * dropped rather than refused, so clients written for newer or older versions keep working.
 */
const common: Options = { allErrors: false, strict: false, useDefaults: true, removeAdditional: true };
const bodyAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
const textAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }));

export function compileValidator({ schema, httpPart }: { schema: object; httpPart?: string }) {
  return (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
}

function pathOf(error: FastifySchemaValidationError | ErrorObject): string[] {
  return (error.instancePath ?? '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describe(error: FastifySchemaValidationError | ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
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
    const full = [...path, missing].join('.');
    return new ValidationError(`${missing}_missing`, `${full} is required`);
  }
  const field = [...path].reverse().find((segment) => !/^\d+$/.test(segment));
  if (field === undefined) {
    return part === 'body'
      ? new ValidationError('request_body_invalid', `The request body ${describe(first)}`)
      : new ValidationError('request_invalid', `The request ${describe(first)}`);
  }
  return new ValidationError(`${field}_invalid`, `${path.join('.')} ${describe(first)}`);
}
