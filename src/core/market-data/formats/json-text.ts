// JSON.parse reads numbers as doubles, which cannot hold every published decimal exactly
// (Energi Data Service publishes 0.5294528549999999). This reader keeps each number's text.
import { feedError } from './feed.ts';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parses JSON text with every number turned into a string holding its exact source text
 * (`83.63` → `"83.63"`); strings, objects, arrays, booleans and null are as JSON.parse gives
 * them. Invalid JSON is a `feed_invalid` ValidationError.
 */
export function parseJsonExact(text: string): unknown {
  const parts: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark is not JSON
  let copied = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) break; // not a number: leave the rest to JSON.parse, which will refuse it
      parts.push(text.slice(copied, i), `"${m[0]}"`);
      i += m[0].length;
      copied = i;
    } else {
      i++;
    }
  }
  parts.push(text.slice(copied));
  try {
    return JSON.parse(parts.join(''));
  } catch (error) {
    throw feedError(`The feed is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
