import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeRequest, parseResponse } from './raw-http.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('parseResponse', () => {
  it('reads a body by its Content-Length and leaves what follows', () => {
    const parsed = parseResponse(
      bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: 1\r\nX-A: 2\r\n\r\n{}NEXT'),
      'GET',
      false,
    );
    assert.equal(parsed?.response.status, 200);
    assert.equal(parsed?.response.body.toString(), '{}');
    assert.equal(parsed?.response.headers.get('x-a'), '1, 2');
    assert.equal(
      parsed?.consumed,
      bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: 1\r\nX-A: 2\r\n\r\n{}').length,
    );
  });

  it('waits for the rest of a body, and of a chunked one', () => {
    assert.equal(
      parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}'), 'GET', false),
      undefined,
    );
    const chunked =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{"\r\n4\r\na":1\r\n1\r\n}\r\n0\r\n\r\n';
    assert.equal(parseResponse(bytes(chunked.slice(0, -5)), 'GET', false), undefined);
    assert.equal(parseResponse(bytes(chunked), 'GET', false)?.response.body.toString(), '{"a":1}');
  });

  it('skips a 100 Continue and reads a body without length up to the close', () => {
    const text = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 Bad Request\r\n\r\nbody';
    assert.equal(parseResponse(bytes(text), 'POST', false), undefined);
    const parsed = parseResponse(bytes(text), 'POST', true);
    assert.equal(parsed?.response.status, 400);
    assert.equal(parsed?.response.body.toString(), 'body');
  });
});

describe('encodeRequest', () => {
  it('writes the target as given, adds Host and Content-Length, and omits Host when it is empty', () => {
    const text = encodeRequest(
      { method: 'POST', target: '/a/%C0%AF', headers: [['X', '1']], body: Buffer.from('{}') },
      'h:1',
    ).toString('latin1');
    assert.equal(text, 'POST /a/%C0%AF HTTP/1.1\r\nHost: h:1\r\nX: 1\r\nContent-Length: 2\r\n\r\n{}');
    const bare = encodeRequest({ method: 'GET', target: '/', headers: [['Host', '']] }, 'h:1').toString(
      'latin1',
    );
    assert.equal(bare, 'GET / HTTP/1.1\r\n\r\n');
  });
});
