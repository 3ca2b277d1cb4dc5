import type { RawRequest } from './raw-http.ts';

/**
 * A fuzz request before it becomes bytes: values are kept as text (a mutation changes one of
 * them) and encoded only when the request is written.
 */
export interface RequestParts {
  method: string;
  /** The path template, `/customers/{id}`. */
  path: string;
  /** Path parameters as text; `encoded` ones are written as given (`%C0%AF`). */
  pathParams: Record<string, { value: string; encoded?: boolean }>;
  query: { name: string; value: string; encoded?: boolean }[];
  headers: [string, string][];
  body?: { json: unknown } | { bytes: Buffer } | undefined;
  /** The whole request target, when a mutation writes it itself. */
  target?: string | undefined;
}

/** A JSON token written as is (`-0`, `1e308`, `NaN`, a deep nest), where JSON.stringify would not. */
export class RawJson {
  constructor(readonly text: string) {}
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text as bytes, UTF-8 except that an unpaired surrogate becomes the three bytes of its code
 * unit (WTF-8), which is how a careless client would send one.
 */
export function wtf8(text: string): Buffer {
  if (!LONE_SURROGATE.test(text)) return Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      bytes.push(...Buffer.from(text.slice(i, i + 2), 'utf8'));
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
    } else {
      bytes.push(...Buffer.from(text[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes every byte but the unreserved ones (RFC 3986), from wtf8 bytes. */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of wtf8(text)) {
    const char = String.fromCharCode(byte);
    out += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** JSON text of a value in which RawJson tokens are written raw. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (text === undefined) return '';
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)] ?? '');
}

export function targetOf(parts: RequestParts): string {
  if (parts.target !== undefined) return parts.target;
  const path = parts.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const param = parts.pathParams[name];
    if (!param) return '';
    return param.encoded ? param.value : percentEncode(param.value);
  });
  if (parts.query.length === 0) return path;
  const query = parts.query
    .map(({ name, value, encoded }) =>
      encoded ? `${name}=${value}` : `${percentEncode(name)}=${percentEncode(value)}`,
    )
    .join('&');
  return `${path}?${query}`;
}

export function bodyBytes(body: RequestParts['body']): Buffer | undefined {
  if (body === undefined) return undefined;
  return 'bytes' in body ? body.bytes : wtf8(toJsonText(body.json));
}

export function toRawRequest(parts: RequestParts): RawRequest {
  return {
    method: parts.method,
    target: targetOf(parts),
    headers: parts.headers,
    body: bodyBytes(parts.body),
  };
}

/** Sets a header, replacing any of the same name (case-insensitive). */
export function withHeader(
  headers: [string, string][],
  name: string,
  value: string | undefined,
): [string, string][] {
  const rest = headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  return value === undefined ? rest : [...rest, [name, value]];
}
