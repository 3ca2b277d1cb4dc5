import fc from 'fast-check';
import { bodyBytes, RawJson, toJsonText, type RequestParts } from './encode.ts';
import type { MutationClass } from './mutate-fields.ts';
import { bodyName, setBody, setHeader } from './slots.ts';
import { CONTENT_TYPES } from './values.ts';

/** JSON text that no parser should accept, or accepts with a surprise (BOM, duplicate keys, depth). */
function jsonTexts(base: RequestParts): fc.Arbitrary<{ note: string; bytes: Buffer }> {
  const text = base.body && 'json' in base.body ? toJsonText(base.body.json) : '{}';
  const nest = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);
  const fixed: [string, string | Buffer][] = [
    ['truncated', text.slice(0, Math.max(1, Math.floor(text.length / 2)))],
    ['{', '{'],
    ['{"a":}', '{"a":}'],
    ['single quotes', "{'a':1}"],
    ['trailing comma', text.replace(/}$/, ',}')],
    ['undefined', 'undefined'],
    ['NaN literal', '{"a":NaN}'],
    ['0x10 literal', '[0x10]'],
    ['text after JSON', `${text}garbage`],
    ['two documents', `${text}${text}`],
    ['BOM + JSON', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['BOM only', Buffer.from([0xef, 0xbb, 0xbf])],
    ['two BOMs', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['raw NUL', Buffer.from([0])],
    ['invalid UTF-8 in a string', Buffer.from(text.replace(/"([^"]*)"/, '"\xc0\xaf$1"'), 'latin1')],
    ['__proto__', '{"__proto__":{"polluted":true}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
    ['null', 'null'],
    ['whitespace', '   \n\t '],
    ['deep arrays (100,000)', nest(100_000, '[', ']')],
    ['deep arrays (5,000)', nest(5_000, '[', ']')],
    ['deep objects (50,000)', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`],
    ['unclosed nest', '['.repeat(20_000)],
    ['lone surrogate escape', '{"a":"\\ud800"}'],
    ['bad escape', '{"a":"\\x41"}'],
    ['control character in a string', '{"a":"\u0001"}'],
  ];
  return fc
    .constantFrom(...fixed)
    .map(([note, v]) => ({ note, bytes: typeof v === 'string' ? Buffer.from(v, 'utf8') : v }));
}

export const json: MutationClass = ({ base, slots }) => {
  const whole = jsonTexts(base).map(({ note, bytes }) => ({
    cls: 'json',
    note: `body: ${note}`,
    parts: setHeader({ ...base, body: { bytes } }, 'Content-Type', 'application/json'),
  }));
  if (!base.body || !('json' in base.body) || slots.body.length === 0) return whole;
  // One field nested deep, or duplicated with another value.
  const deep = fc
    .tuple(fc.constantFrom(...slots.body), fc.constantFrom(1_000, 10_000, 100_000), fc.boolean())
    .map(([slot, depth, arrays]) => ({
      cls: 'json',
      note: `${bodyName(slot.path)} nested ${depth} deep`,
      parts: setBody(
        base,
        slot.path,
        new RawJson(
          arrays ? '['.repeat(depth) + ']'.repeat(depth) : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
        ),
      ),
    }));
  const key = Object.keys(base.body.json ?? {})[0];
  const duplicate =
    key === undefined || Array.isArray(base.body.json)
      ? undefined
      : fc.constant({
          cls: 'json',
          note: `body: "${key}" twice`,
          parts: {
            ...base,
            body: {
              bytes: Buffer.from(
                toJsonText(base.body.json).replace(/^\{/, `{${JSON.stringify(key)}:[1,{}],`),
              ),
            },
          },
        });
  return fc.oneof(whole, deep, ...(duplicate ? [duplicate] : []));
};

/** A body the server must refuse by its type, and an empty body that claims to be JSON, on the operation's method. */
export const contentTypes: MutationClass = ({ base }) => {
  const bytes = bodyBytes(base.body) ?? Buffer.from('{}');
  const typed = fc.constantFrom(...CONTENT_TYPES, undefined).map((type) => ({
    cls: 'content_types',
    note: type === undefined ? 'body without Content-Type' : `Content-Type: ${JSON.stringify(type)}`,
    parts: setHeader({ ...base, body: { bytes } }, 'Content-Type', type),
  }));
  const empty = fc
    .constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain')
    .map((type) => ({
      cls: 'content_types',
      note: `empty body with Content-Type: ${type}`,
      parts: setHeader({ ...base, body: { bytes: Buffer.alloc(0) } }, 'Content-Type', type),
    }));
  return fc.oneof(typed, empty, empty);
};
