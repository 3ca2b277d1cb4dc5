import { en, type MessageKey, type Messages } from './i18n/en.ts';

/** The languages the pages speak, the first the fallback. Add a file under i18n/ and list it here. */
const LANGUAGES: Record<string, Messages> = { en };
const FALLBACK = 'en';

/** Translate with `{name}` placeholders filled from `values`. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/**
 * The best language of Accept-Language we have (`fr-CH, fr;q=0.9, en;q=0.8` → `en` today),
 * by quality, then order; the fallback when none matches.
 */
export function pickLanguage(header: string | undefined): string {
  if (!header) return FALLBACK;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (LANGUAGES[tag]) return tag;
    const base = tag.split('-')[0] ?? '';
    if (LANGUAGES[base]) return base;
  }
  return FALLBACK;
}

export function translator(language: string): Translate {
  const messages = LANGUAGES[language] ?? en;
  return (key, values = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      values[name] === undefined ? whole : String(values[name]),
    );
}
