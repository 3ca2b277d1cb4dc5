// Shared reading of a JSON catalogue file: parse errors and shape errors as ValidationErrors.
import { ValidationError } from '../../errors.ts';

export function parseJsonFile(text: string, format: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('catalogue_file_invalid', `the file is not JSON (format ${format})`);
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export function invalid(message: string): never {
  throw new ValidationError('catalogue_file_invalid', message);
}

export function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(`${what} must be a non-empty string`);
  return value;
}

export function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** An ISO 8601 instant with an offset, or null/absent; epoch ms. */
export function optionalInstant(value: unknown, what: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || !/(Z|[+-]\d\d:\d\d)$/.test(value))
    invalid(`${what} must be a date-time with an offset`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) invalid(`${what} must be a date-time with an offset`);
  return ms;
}
