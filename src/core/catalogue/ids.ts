import { createHash } from 'node:crypto';

/**
 * The ID of a catalogue row that came from a file: derived from its external reference, so the
 * same provider or tariff gets the same ID on every install and every import of the file, and a
 * sandbox provider can name its tariff before either is stored [decision:catalogue-ids].
 */
export function idForRef(prefix: 'prv' | 'trt', ref: string): string {
  return `${prefix}_${createHash('sha256').update(ref).digest('hex').slice(0, 24)}`;
}
