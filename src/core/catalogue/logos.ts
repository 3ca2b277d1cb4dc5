// Provider logos, served by Offpeak itself [decision:catalogue-logo-urls]: a provider's own SVG
// when the catalogue has one, else a monogram of its name drawn here. Pure but for the one read.
import { createHash } from 'node:crypto';
import { isId } from '../../lib/ids.ts';
import { selectProviderById } from '../../store/catalogue.ts';
import type { CoreContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';

/** Up to two initials: the first letters of the first two words (`Octopus Energy` → `OE`). */
export function initialsOf(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  const letters = words.slice(0, 2).map((w) => (w[0] ?? '').toUpperCase());
  return letters.join('') || '?';
}

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** A 128 × 128 SVG: the initials in white on a colour chosen from the provider's ID. */
export function monogramSvg(providerId: string, name: string): string {
  const hue = createHash('sha256').update(providerId).digest().readUInt16BE(0) % 360;
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img" ' +
    `aria-label="${escapeXml(name)}"><rect width="128" height="128" rx="24" fill="hsl(${hue},55%,38%)"/>` +
    '<text x="64" y="64" dy="0.35em" text-anchor="middle" font-family="Helvetica,Arial,sans-serif" ' +
    `font-size="52" font-weight="700" fill="#fff">${escapeXml(initialsOf(name))}</text></svg>`
  );
}

export interface ProviderLogo {
  svg: string;
  /** A strong validator of the bytes. */
  etag: string;
}

export async function retrieveProviderLogo(
  ctx: Pick<CoreContext, 'db'>,
  providerId: string,
): Promise<ProviderLogo> {
  const row = isId(providerId, 'prv') ? await selectProviderById(ctx.db, providerId) : undefined;
  if (!row) throw new NotFoundError('provider', providerId);
  const svg = row.logo_svg ?? monogramSvg(row.id, row.display_name);
  return { svg, etag: `"${createHash('sha256').update(svg).digest('hex').slice(0, 32)}"` };
}
