import { randomBytes } from 'node:crypto';

/**
 * Object IDs: `<prefix>_` + 24 lowercase hex characters, laid out like a MongoDB ObjectId:
 * 4 bytes of Unix seconds, 5 bytes fixed per process, 3 bytes of a counter that starts at a
 * random value. IDs made by one process therefore sort in creation order, and IDs of different
 * processes sort by creation second, which is what keyset pagination relies on.
 */
const processBytes = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

export function newId(prefix: string, nowMs: number): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(nowMs / 1000) >>> 0;
  return `${prefix}_${seconds.toString(16).padStart(8, '0')}${processBytes}${counter.toString(16).padStart(6, '0')}`;
}

/** The ID shapes accepted on input: newer 24-hex IDs and older 32-hex ones. */
export const ID_PATTERN = '^[a-z]{3}_[0-9a-f]{24,32}$';
const idRegex = new RegExp(ID_PATTERN);

export function isId(value: string, prefix?: string): boolean {
  return idRegex.test(value) && (prefix === undefined || value.startsWith(`${prefix}_`));
}

/** A random secret of `bytes` bytes as lowercase hex, for API keys and signing secrets. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
