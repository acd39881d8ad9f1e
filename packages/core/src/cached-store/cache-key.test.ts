import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheKeys, encodeSegment, CACHED_STORE_LAYOUT } from './cache-key.js';

// The inverse of encodeSegment, kept here: only the tests need to read a segment back.
function decodeSegment(segment: string): string {
  if (segment === '%') return '';
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    out += new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(new Uint8Array(bytes));
    bytes.length = 0;
  };
  for (let i = 0; i < segment.length; ) {
    if (segment.startsWith('%u', i)) {
      flush();
      out += String.fromCharCode(parseInt(segment.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (segment[i] === '%') {
      bytes.push(parseInt(segment.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      flush();
      out += segment[i++];
    }
  }
  flush();
  return out;
}

test('the layout is pinned: golden keys', () => {
  assert.equal(CACHED_STORE_LAYOUT, 'cached-store/v1');
  assert.deepEqual(cacheKeys('default', 'c/0/0'), {
    value: 'cached-store/v1/default/value/c%2f0%2f0',
    missing: 'cached-store/v1/default/missing/c%2f0%2f0',
  });
  const golden: Array<[string, string]> = [
    ['', '%'],
    ['zarr.json', 'zarr.json'],
    ['.zarray', '%2ezarray'],
    ['.', '%2e'],
    ['..', '%2e%2e'],
    ['a.', 'a%2e'],
    ['a..b', 'a..b'],
    ['/data/c/0', '%2fdata%2fc%2f0'],
    ['Upper', '%55pper'],
    ['a b', 'a%20b'],
    ['é', '%c3%a9'],
    ['🎉', '%f0%9f%8e%89'],
    ['\uD800', '%ud800'],
    ['\uDC00x', '%udc00x'],
    ['100%', '100%25'],
    ['con', '%63on'],
    ['nul.txt', '%6eul.txt'],
    ['com1', '%63om1'],
    ['console', 'console'],
    ['a\\b:c*?"<>|', 'a%5cb%3ac%2a%3f%22%3c%3e%7c'],
  ];
  for (const [key, segment] of golden) assert.equal(encodeSegment(key), segment, JSON.stringify(key));
});

test('every segment is one safe, case-folding-proof path part and reads back to its key', () => {
  const samples = ['', '.', '..', '../../etc/passwd', 'C:\\x', 'a/b', 'AUX', 'aux.json', '\u0000', '\uFEFF',
    'lone \uD83D end', 'pair \uD83D\uDE00', '   ', '.hidden.', '-flag', '~', 'x'.repeat(300)];
  for (let i = 0; i < 2000; i++) {
    samples.push(String.fromCharCode(...Array.from({ length: i % 12 }, (_, j) => (i * 7919 + j * 104729) % 0x10000)));
  }
  const seen = new Map<string, string>();
  for (const key of samples) {
    const segment = encodeSegment(key);
    assert.match(segment, /^[a-z0-9._%-]+$/);
    assert.doesNotMatch(segment, /^\.|\.$/);
    assert.doesNotMatch(segment, /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/);
    assert.equal(decodeSegment(segment), key);
    const before = seen.get(segment);
    assert.ok(before === undefined || before === key, `${JSON.stringify(key)} and ${JSON.stringify(before)} collide`);
    seen.set(segment, key);
  }
});

test('namespaces and the two kinds of entry never share a key', () => {
  const all = [
    cacheKeys('a', 'b/c'), cacheKeys('a/b', 'c'), cacheKeys('a', 'b%2fc'), cacheKeys('', 'x'), cacheKeys('x', ''),
  ].flatMap((k) => [k.value, k.missing]);
  assert.equal(new Set(all).size, all.length);
});
