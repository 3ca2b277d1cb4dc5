import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseXml, xmlChildren, xmlText } from './xml-text.ts';

describe('parseXml', () => {
  it('reads nested elements, attributes, entities, CDATA and prefixed names', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<!-- c --><ns:a xmlns:ns="urn:x" k=\'v&amp;w\'><b>1 &lt; 2 &#x41;&#66;</b><b><![CDATA[<raw>]]></b><c/></ns:a>',
    );
    assert.equal(root.name, 'a');
    assert.equal(root.attributes.k, 'v&w');
    assert.deepEqual(
      xmlChildren(root, 'b').map((b) => b.text),
      ['1 < 2 AB', '<raw>'],
    );
    assert.equal(xmlText(root, 'c'), '');
    assert.equal(xmlText(root, 'missing', 'deeper'), undefined);
  });

  it('refuses malformed documents and DOCTYPE declarations', () => {
    for (const bad of [
      '<a><b></a>',
      '<a>',
      '<a></a><b></b>',
      '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
      '<a>&bogus;</a>',
      'text',
    ]) {
      assert.throws(() => parseXml(bad), { code: 'feed_invalid' }, bad);
    }
  });
});
