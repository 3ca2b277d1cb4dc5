// The `/prices` answer written straight to bytes. A week of quarter-hours is ~700 items and
// ~76 KB: built as objects, then as a string of ~5,000 pieces, then flattened and encoded, it
// cost the server more than the rest of the request. Here every item goes from the rounded
// series into one buffer. Byte for byte what JSON.stringify writes for the same answer as objects
// (`apiPriceOf`, held to it by a property test): timestamps hold only digits, `-`, `:`, `T`, `+`
// and `Z`, and numbers are written as JSON writes them (String(n) for a finite number).
import type { RoundedPriceInterval } from '../../engine/index.ts';
import { TimestampWriter, formatInOffset } from '../../lib/time.ts';

/** Every field of a price answer but `data`, in the answer's order with `data` in its place. */
export interface PriceHead {
  readonly [field: string]: unknown;
}

/** A price answer ready to write: its other fields, and the rows `data` is written from. */
export interface PriceAnswer {
  /** The answer's fields in order; `data` holds DATA_PLACEHOLDER. */
  readonly head: PriceHead;
  readonly rows: readonly RoundedPriceInterval[];
  /** The offset of the answer's timestamps, minutes east of UTC; null for `Z`. */
  readonly offsetMinutes: number | null;
}

/** What `head.data` holds until the rows are written in its place. */
export const DATA_PLACEHOLDER = '\u0000data';
const DATA_MARK = `"data":${JSON.stringify(DATA_PLACEHOLDER)}`;

/** The answer as objects: what the bytes are the JSON of. */
export function apiPriceOf(answer: PriceAnswer): Record<string, unknown> {
  const at = (ms: number) => formatInOffset(ms, answer.offsetMinutes);
  return {
    ...answer.head,
    data: answer.rows.map((r) => ({
      valid_from: at(r.start),
      valid_to: at(r.end),
      price: { value: r.value, confidence: r.confidence },
    })),
  };
}

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const FROM = ascii('{"valid_from":"');
const TO = ascii('","valid_to":"');
const VALUE = ascii('","price":{"value":');
const CONFIDENCE = ascii(',"confidence":');
const CLOSE = ascii('}}');

/** Bytes of one row besides its two timestamps and two numbers, and a bound on each number. */
const ROW_FIXED = 1 + FROM.length + TO.length + VALUE.length + CONFIDENCE.length + CLOSE.length;
const NUMBER_MAX = 32;
const ROW_MAX = ROW_FIXED + 2 * TimestampWriter.MAX_BYTES + 2 * NUMBER_MAX;

function put(buf: Uint8Array, at: number, bytes: Uint8Array): number {
  let o = at;
  for (let i = 0; i < bytes.length; i++) buf[o++] = bytes[i] as number;
  return o;
}

/** Writes a number as JSON does: String(n) for a finite number (ASCII), null otherwise. */
function putNumber(buf: Uint8Array, at: number, n: number): number {
  const text = Number.isFinite(n) ? String(n) : 'null';
  let o = at;
  for (let i = 0; i < text.length; i++) buf[o++] = text.charCodeAt(i);
  return o;
}

/** The answer as UTF-8 JSON bytes, equal to `JSON.stringify(apiPriceOf(answer))`. */
export function writePriceAnswer(answer: PriceAnswer): Buffer {
  const text = JSON.stringify(answer.head);
  const mark = text.indexOf(DATA_MARK);
  if (mark < 0) throw new Error('a price answer head needs data: DATA_PLACEHOLDER');
  const before = Buffer.from(`${text.slice(0, mark)}"data":[`, 'utf8');
  const after = Buffer.from(`]${text.slice(mark + DATA_MARK.length)}`, 'utf8');
  const { rows } = answer;
  const buf = Buffer.allocUnsafe(before.length + after.length + rows.length * ROW_MAX);
  const stamps = new TimestampWriter(answer.offsetMinutes);
  let o = put(buf, 0, before);
  let lastEnd = Number.NaN;
  let lastEndAt = 0;
  let lastEndStop = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as RoundedPriceInterval;
    if (i > 0) buf[o++] = 44; // ,
    o = put(buf, o, FROM);
    if (row.start === lastEnd) {
      // a series is contiguous: this start was just written as the last row's end
      for (let k = lastEndAt; k < lastEndStop; k++) buf[o++] = buf[k] as number;
    } else o = stamps.write(buf, o, row.start);
    o = put(buf, o, TO);
    lastEndAt = o;
    o = stamps.write(buf, o, row.end);
    lastEnd = row.end;
    lastEndStop = o;
    o = put(buf, o, VALUE);
    o = putNumber(buf, o, row.value);
    o = put(buf, o, CONFIDENCE);
    o = putNumber(buf, o, row.confidence);
    o = put(buf, o, CLOSE);
  }
  o = put(buf, o, after);
  return buf.subarray(0, o);
}
