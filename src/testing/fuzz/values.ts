import fc from 'fast-check';
import { RawJson } from './encode.ts';

/** The bad values the mutations draw from, by kind. Pools are data; fast-check picks among them. */

/** JSON tokens for a number field, written raw: beyond the doubles, negative zero, not JSON at all. */
export const NUMBER_TOKENS = [
  '1e308',
  '-1e308',
  '1e999',
  '-1e999',
  '-0',
  '0',
  '-1',
  '1e-400',
  '5e-324',
  '0.1',
  '1.5',
  '9007199254740993',
  '2147483648',
  '-2147483649',
  '100000000000000000000000',
  '1E2',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '+1',
  '.5',
  '01',
].map((text) => new RawJson(text));

/** Numbers as JSON strings: a lenient parser would read them. */
export const NUMBER_STRINGS = ['NaN', '0x10', '1e308', ' 16', '16 ', '-0', '١٦', 'Infinity', '1e1', ''];

/** Query and path text where a number is expected. */
export const NUMBER_TEXTS = [
  '0x10',
  '1e1',
  ' 16',
  '16 ',
  '+16',
  '16.0',
  '16.5',
  '-0',
  '0',
  '-1',
  '101',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '99999999999999999999',
  '0b10',
  '0o10',
  '١٦',
  '',
  '1_000',
  '16abc',
  '١',
];

/** Values of a different JSON type than most fields expect. */
export const WRONG_TYPES: unknown[] = [
  123,
  -1,
  0,
  1.5,
  true,
  false,
  null,
  [],
  {},
  'text',
  '',
  [1, 2],
  { a: 1 },
  [null],
  [[]],
  { '': '' },
];

export const NUL_STRINGS = (value: string) => [`a\u0000b`, '\u0000', `${value}\u0000`, `\u0000${value}`];

export const SURROGATE_STRINGS = (value: string) => [
  `${value}\ud83d`,
  '\udc00',
  `x\ud83dy`,
  '\ud83d\ud83d',
  '\udfff\ud800',
  `\ude00${value}`,
];

/** Lengths of over-long strings; the megabyte one is drawn rarely (it costs a second or so). */
export const longLength = (megabyte: boolean): fc.Arbitrary<number> =>
  megabyte
    ? fc.oneof(
        { arbitrary: fc.constantFrom(256, 8_000, 70_000), weight: 30 },
        { arbitrary: fc.constant(1_000_000), weight: 1 },
      )
    : fc.constantFrom(256, 2_000, 8_000);

export const longString = (length: number, fill: string) =>
  fill.repeat(Math.ceil(length / fill.length)).slice(0, length);

/** Timestamps no calendar has, that no zone has at that wall time, or that are not RFC 3339. */
export const BAD_TIMESTAMPS = [
  '2025-02-30T00:00:00Z',
  '2025-02-29T12:00:00Z',
  '2024-02-30T00:00:00Z',
  '2025-04-31T00:00:00Z',
  '2025-13-01T00:00:00Z',
  '2025-00-10T00:00:00Z',
  '2025-01-00T00:00:00Z',
  '2025-01-32T00:00:00Z',
  '2025-01-01T24:00:00Z',
  '2025-01-01T23:60:00Z',
  '2025-01-01T23:59:60Z',
  '2025-01-01T25:00:00Z',
  '2025-03-30T01:30:00',
  '2025-03-30T01:30:00+00:00',
  '2025-03-30T02:30:00+02:00',
  '2025-03-09T02:30:00-05:00',
  '2025-10-26T01:30:00',
  '2025-01-01T00:00:00+24:00',
  '2025-01-01T00:00:00+14:01',
  '2025-01-01T00:00:00-00:00',
  '2025-01-01T00:00:00.123456789Z',
  '2025-01-01T00:00:00.Z',
  '2025-01-01',
  '2025-01-01 00:00:00Z',
  '2025-1-1T0:0:0Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1900-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1700000000',
  'now',
  '',
  '２０２５-01-01T00:00:00Z',
];

/** Times of day: the hour a DST change skips, the last second, not a time. */
export const BAD_TIMES_OF_DAY = [
  '01:30:00',
  '02:30:00',
  '24:00:00',
  '23:59:60',
  '25:00:00',
  '7:00',
  '07:00',
  '-01:00:00',
  '',
];

/** Windows: decades long, backwards, empty, across a DST change, just over 90 days. */
export const WINDOWS: [string, string][] = [
  ['1990-01-01T00:00:00Z', '2090-01-01T00:00:00Z'],
  ['2025-01-01T00:00:00Z', '2055-01-01T00:00:00Z'],
  ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'],
  ['2025-06-02T00:00:00Z', '2025-06-01T00:00:00Z'],
  ['2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z'],
  ['2025-03-29T23:00:00+00:00', '2025-03-31T00:00:00+01:00'],
  ['2025-10-25T00:00:00+01:00', '2025-10-27T00:00:00Z'],
  ['2025-01-01T00:00:00Z', '2025-04-01T00:00:01Z'],
  ['2025-01-01T00:00:00Z', '2025-01-04T00:00:01Z'],
];

export function malformedIds(prefix: string): string[] {
  return [
    `${prefix}_xyz`,
    `${prefix.toUpperCase()}_65e421d1daa4a24082b4f590`,
    `${prefix}_65e421d1daa4a24082b4f59`,
    `${prefix}_65e421d1daa4a24082b4f590aaaaaaaaa`,
    '65e421d1daa4a24082b4f590',
    `${prefix}-65e421d1daa4a24082b4f590`,
    '',
    ' ',
    `${prefix}_`,
    `${prefix}_65E421D1DAA4A24082B4F590`,
    `${prefix}_65e421d1daa4a24082b4f590 `,
    '..',
    '.',
    `${prefix}_${'a'.repeat(7_996)}`,
  ];
}

/** Path segments already percent-encoded: invalid UTF-8, NUL, an encoded slash, a lone surrogate. */
export const ENCODED_SEGMENTS = [
  '%C0%AF',
  '%FF',
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%BD',
  '%00',
  '%2F',
  '%2e%2e',
  '%C3%28',
  '%F4%90%80%80',
];

export const FLATPEAK_VERSIONS = [
  '2024-08-24.zero',
  '2024-08-24',
  '2025-08-01.anode',
  'latest',
  '',
  ' ',
  '2025-09-14.ANODE',
  '2025-09-14',
  '2025-09-14.anode, 2025-09-14.anode',
  '2025-09-14.anode,2024-08-24',
  'x'.repeat(5_000),
  '2025-09-14.anode\t',
  '\u00e9\u00e9',
  '9999-99-99.zzz',
  '2025-09-14.anode;q=1',
];

export const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json;charset=latin1',
  'APPLICATION/JSON',
  'application/json-patch+json',
  'application/vnd.api+json',
  'application/json, text/plain',
  '',
  ';',
  'application/',
  '*/*',
  'application/octet-stream',
  'application/json; charset=',
  'text/json',
];
