import fc from 'fast-check';
import { bodyBytes, type RequestParts } from './encode.ts';
import type { MutationClass } from './mutate-fields.ts';
import { setHeader, setQuery, shown } from './slots.ts';
import { ENCODED_SEGMENTS, FLATPEAK_VERSIONS, longString } from './values.ts';

/** Mutations of the request as a message: the version header, other headers, the URL and query string. */

export const versions: MutationClass = ({ base }) =>
  fc.oneof(
    fc.constantFrom(...FLATPEAK_VERSIONS).map((v) => ({
      cls: 'versions',
      note: `Flatpeak-Version: ${shown(v)}`,
      parts: setHeader(base, 'Flatpeak-Version', v),
    })),
    fc.constantFrom('2024-08-24', 'garbage', '2025-09-14.anode').map((v) => ({
      cls: 'versions',
      note: `Flatpeak-Version twice (2025-09-14.anode, ${v})`,
      parts: {
        ...base,
        headers: [...base.headers, ['Flatpeak-Version', '2025-09-14.anode'], ['Flatpeak-Version', v]] as [
          string,
          string,
        ][],
      },
    })),
  );

/** Whole request targets written by hand: invalid percent-encoding, raw bytes, odd forms. */
export const url: MutationClass = ({ base }) => {
  const path = base.path.replace(/\{[^}]+\}/g, (m) => base.pathParams[m.slice(1, -1)]?.value ?? 'x');
  const [, first = '', ...rest] = path.split('/');
  const tail = rest.length ? `/${rest.join('/')}` : '';
  const targets = [
    ...ENCODED_SEGMENTS.map((s) => `/${first}${s}${tail}`),
    ...ENCODED_SEGMENTS.map((s) => `${path}/${s}`),
    `/${first}/%C0%AF${tail}`,
    `//${first}${tail}`,
    `${path}/`,
    `${path}//`,
    `/${first}/.${tail}`,
    `/${first}/..${tail}`,
    `/${first.toUpperCase()}${tail}`,
    `${path}?`,
    `${path}#fragment`,
    `${path}?%`,
    `${path};a=b`,
    `http://127.0.0.1${path}`,
    '*',
    `${path}\u0000`,
    `${path} x`,
    `${path}\u007f`,
    `/${first}\u00e9${tail}`,
    `${path}\t`,
    `/${'a'.repeat(20_000)}`,
    `${path}?${'a'.repeat(20_000)}=1`,
    `/${first}%20${tail}`,
    `/%2e%2e/${first}${tail}`,
  ];
  return fc.constantFrom(...targets).map((target) => ({
    cls: 'url',
    note: `target ${shown(target)}`,
    parts: { ...base, target: Buffer.from(target, 'utf8').toString('latin1') },
  }));
};

export const headers: MutationClass = ({ base }) => {
  const many: [string, string][] = Array.from({ length: 300 }, (_, i) => [`X-Fuzz-${i}`, 'x']);
  const cases: [string, (p: RequestParts) => RequestParts][] = [
    ['20 KB header', (p) => setHeader(p, 'X-Padding', 'x'.repeat(20_000))],
    ['20 KB cookie', (p) => setHeader(p, 'Cookie', `a=${'x'.repeat(20_000)}`)],
    ['300 headers', (p) => ({ ...p, headers: [...p.headers, ...many] })],
    ['x-request-id with spaces', (p) => setHeader(p, 'X-Request-Id', 'a b c')],
    ['x-request-id of 5,000 chars', (p) => setHeader(p, 'X-Request-Id', 'r'.repeat(5_000))],
    ['Idempotency-Key of 300 chars', (p) => setHeader(p, 'Idempotency-Key', 'k'.repeat(300))],
    ['empty Idempotency-Key', (p) => setHeader(p, 'Idempotency-Key', '')],
    ['Idempotency-Key in latin1', (p) => setHeader(p, 'Idempotency-Key', '\u00e9t\u00e9')],
    ['Accept: text/html', (p) => setHeader(p, 'Accept', 'text/html')],
    ['Expect: 100-continue', (p) => setHeader(p, 'Expect', '100-continue')],
    ['Expect: unknown', (p) => setHeader(p, 'Expect', 'something-else')],
    ['no Host', (p) => setHeader(p, 'Host', '')],
    ['two Hosts', (p) => ({ ...p, headers: [...p.headers, ['Host', 'a'], ['Host', 'b']] })],
    ['Connection: close', (p) => setHeader(p, 'Connection', 'close')],
    [
      'Content-Length and Transfer-Encoding',
      (p) => ({
        ...p,
        headers: [...p.headers, ['Transfer-Encoding', 'chunked'], ['Content-Length', '3']],
        body: { bytes: Buffer.from('0\r\n\r\n') },
      }),
    ],
    [
      'chunked body',
      (p) => {
        const bytes = bodyBytes(p.body) ?? Buffer.alloc(0);
        const chunked = Buffer.concat([
          Buffer.from(`${bytes.length.toString(16)}\r\n`),
          bytes,
          Buffer.from('\r\n0\r\n\r\n'),
        ]);
        return {
          ...p,
          headers: [...p.headers, ['Transfer-Encoding', 'chunked']],
          body: { bytes: bytes.length ? chunked : Buffer.from('0\r\n\r\n') },
        };
      },
    ],
    [
      'Content-Length: -1',
      (p) => ({ ...p, headers: [...p.headers, ['Content-Length', '-1']], body: undefined }),
    ],
    ['header name with a space', (p) => ({ ...p, headers: [...p.headers, ['X Bad', '1']] })],
    ['header value with a raw byte 0x7f', (p) => setHeader(p, 'X-Odd', 'a\u007fb')],
  ];
  return fc.constantFrom(...cases).map(([note, apply]) => ({ cls: 'headers', note, parts: apply(base) }));
};

/** Query strings: unknown, repeated, empty and oddly named parameters, broken percent-encoding. */
export const query: MutationClass = ({ base, slots }) => {
  const names = slots.query.length ? slots.query : ['limit'];
  return fc.tuple(fc.constantFrom(...names), fc.nat(10)).map(([name, kind]) => {
    const value = base.query.find((q) => q.name === name)?.value ?? '1';
    const cases: [string, RequestParts][] = [
      [`${name} twice`, { ...base, query: [...base.query, { name, value }, { name, value: `${value}0` }] }],
      [`${name} empty`, setQuery(base, name, '')],
      [
        `${name} without =`,
        {
          ...base,
          query: [...base.query.filter((q) => q.name !== name), { name, value: '', encoded: true }],
        },
      ],
      [`${name}[]`, { ...base, query: [...base.query, { name: `${name}[]`, value }] }],
      ['unknown parameter', setQuery(base, 'unknown_parameter', 'x')],
      ['__proto__', setQuery(base, '__proto__', 'x')],
      ['constructor', setQuery(base, 'constructor', 'x')],
      [`${name}=%C0%AF`, setQuery(base, name, '%C0%AF', true)],
      [`${name}=%`, setQuery(base, name, '%', true)],
      [`${name}=%ED%A0%BD`, setQuery(base, name, '%ED%A0%BD', true)],
      [
        '1,000 parameters',
        {
          ...base,
          query: [
            ...base.query,
            ...Array.from({ length: 1_000 }, (_, i) => ({ name: `p${i}`, value: longString(3, 'x') })),
          ],
        },
      ],
    ];
    const [note, parts] = cases[kind % cases.length] as [string, RequestParts];
    return { cls: 'query', note, parts };
  });
};

export const unchanged: MutationClass = ({ base }) =>
  fc.constant({ cls: 'baseline', note: 'valid-looking request', parts: base });
