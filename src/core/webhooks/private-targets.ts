import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../errors.ts';

// Which addresses `OFFPEAK_WEBHOOK_PRIVATE_TARGETS=deny` refuses: everything that reaches the
// server itself or its own network rather than the internet [decision:webhook-private-targets].
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;
const MAPPED_V4_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/** Whether `address` (an IP literal) is loopback, link-local, private, unique-local or reserved. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0] ?? address;
  const mapped = MAPPED_V4.exec(bare);
  if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
  const hex = MAPPED_V4_HEX.exec(bare);
  if (hex?.[1] && hex[2]) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return blocked.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
  }
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) return blocked.check(bare, 'ipv6');
  return true;
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

export class PrivateTargetError extends ValidationError {
  constructor(host: string) {
    super('url_invalid', `url: ${host} resolves to a private, loopback or link-local address`);
  }
}

/**
 * Resolves a URL's host once and checks every address it resolves to; returns the address to
 * connect to. Throws PrivateTargetError when any address is private, a ValidationError when the
 * name does not resolve.
 */
export async function resolvePublicTarget(hostname: string): Promise<ResolvedTarget> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await lookup(host, { all: true, verbatim: true }).catch(() => {
        throw new ValidationError('url_invalid', `url: ${host} does not resolve`);
      });
  if (addresses.length === 0) throw new ValidationError('url_invalid', `url: ${host} does not resolve`);
  for (const a of addresses) if (isPrivateAddress(a.address)) throw new PrivateTargetError(host);
  const first = addresses[0] as { address: string; family: number };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
