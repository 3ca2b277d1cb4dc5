// A small XML reader for price documents (ENTSO-E): elements, attributes, text and the five
// predefined entities plus character references. Namespace prefixes are dropped (local names
// only). DOCTYPE declarations are refused, so no entity can expand. No dependency, no I/O.
import { feedError } from './feed.ts';

export interface XmlElement {
  /** Local name, without any namespace prefix. */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded (text of children not included). */
  text: string;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string, at: number): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw feedError(`XML: a bare '&' near offset ${at}`);
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const named = NAMED[ref];
    if (named === undefined) throw feedError(`XML: unknown entity ${whole} near offset ${at}`);
    return named;
  });
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Parses a whole document and returns its root element; malformed XML is `feed_invalid`. */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(chunk, i);
    else if (chunk.trim() !== '') throw feedError(`XML: text outside the root element at offset ${i}`);
    if (lt < 0) break;
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt);
      if (end < 0) throw feedError('XML: unterminated processing instruction');
      i = end + 2;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end < 0) throw feedError('XML: unterminated comment');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end < 0 || !top) throw feedError(`XML: misplaced CDATA at offset ${lt}`);
      top.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<!', lt)) {
      throw feedError('XML: DOCTYPE and other declarations are not accepted');
    } else {
      TAG.lastIndex = lt;
      const m = TAG.exec(text);
      if (!m) throw feedError(`XML: malformed tag at offset ${lt}`);
      const [, closing, rawName = '', rawAttributes = '', selfClosing] = m;
      const name = localName(rawName);
      if (closing) {
        const open = stack.pop();
        if (!open || open.name !== name) throw feedError(`XML: unexpected </${rawName}> at offset ${lt}`);
      } else {
        if (!top && root) throw feedError(`XML: a second root element at offset ${lt}`);
        const attributes: Record<string, string> = {};
        for (const a of rawAttributes.matchAll(ATTRIBUTE)) {
          attributes[localName(a[1] ?? '')] = decode(a[2] ?? a[3] ?? '', lt);
        }
        const element: XmlElement = { name, attributes, children: [], text: '' };
        if (top) top.children.push(element);
        else root = element;
        if (!selfClosing) stack.push(element);
      }
      i = lt + m[0].length;
    }
  }
  if (stack.length > 0 || !root) throw feedError('XML: the document ends before its root element is closed');
  return root;
}

/** The first child element with a local name. */
export function xmlChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** All child elements with a local name. */
export function xmlChildren(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The trimmed text of a descendant reached by a path of local names, or undefined. */
export function xmlText(element: XmlElement, ...path: string[]): string | undefined {
  let current: XmlElement | undefined = element;
  for (const name of path) current = current && xmlChild(current, name);
  return current?.text.trim();
}
