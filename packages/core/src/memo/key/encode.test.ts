import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../hash/hex.js';
import { encodeValue } from './encode.js';

const hex = (v: unknown) => toHex(encodeValue(v));

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}
class Other {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

test('object key order does not matter, at any depth', () => {
  assert.equal(hex({ a: 1, b: { c: 2, d: [3] } }), hex({ b: { d: [3], c: 2 }, a: 1 }));
  assert.equal(hex({ 2: 'x', 10: 'y', a: 'z' }), hex({ a: 'z', 10: 'y', 2: 'x' }));
});

test('Map and Set insertion order does not matter', () => {
  const entries: Array<[unknown, unknown]> = [['a', 1], [2, { b: 3 }]];
  assert.equal(hex(new Map(entries)), hex(new Map([...entries].reverse())));
  assert.equal(hex(new Set([1, 'x', [2], null])), hex(new Set([null, [2], 'x', 1])));
  // Nested: the sort applies inside a sorted collection too.
  const inner1 = new Set([3, 1, 2]);
  const inner2 = new Set([2, 3, 1]);
  const outer1 = new Map([[inner1, new Map([['p', 1], ['q', 2]])]]);
  const outer2 = new Map([[inner2, new Map([['q', 2], ['p', 1]])]]);
  assert.equal(hex(outer1), hex(outer2));
});

test('equal values in fresh objects encode the same', () => {
  const make = () => ({
    n: [0, -1.5, 1e300, Number.MAX_SAFE_INTEGER],
    d: new Date(1_700_000_000_000),
    r: /x+y/gu,
    b: new Uint8Array([1, 2, 3]),
    big: -(2n ** 100n),
    s: 'naïve 日本 🎉',
  });
  assert.equal(hex(make()), hex(make()));
});

test('tricky pairs encode differently', () => {
  const sparse = [1, , 3];
  const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
  const pairs: Array<[string, unknown, unknown]> = [
    ['1 vs "1"', 1, '1'],
    ['1 vs 1n', 1, 1n],
    ['"1" vs 1n', '1', 1n],
    ['[] vs {}', [], {}],
    ['-0 vs 0', -0, 0],
    ['NaN vs null', NaN, null],
    ['Infinity vs -Infinity', Infinity, -Infinity],
    ['undefined vs null', undefined, null],
    ['hole vs undefined', sparse, [1, undefined, 3]],
    ['true vs 1', true, 1],
    ['"" vs []', '', []],
    ['Map vs object', new Map([['a', 1]]), { a: 1 }],
    ['Map vs array of entries', new Map([['a', 1]]), [['a', 1]]],
    ['Set vs array', new Set([1, 2]), [1, 2]],
    ['Date vs its time', new Date(5), 5],
    ['class instance vs plain object', new Point(1, 2), { x: 1, y: 2 }],
    ['two classes with the same fields', new Point(1, 2), new Other(1, 2)],
    ['Uint8Array vs Int8Array', new Uint8Array([1]), new Int8Array([1])],
    ['Uint8Array vs array', new Uint8Array([1]), [1]],
    ['Uint8Array vs ArrayBuffer', new Uint8Array([1]), new Uint8Array([1]).buffer],
    ['DataView vs ArrayBuffer', new DataView(new ArrayBuffer(2)), new ArrayBuffer(2)],
    ['Float64Array vs Float32Array', new Float64Array(1), new Float32Array(2)],
    ['RegExp flags', /a/g, /a/],
    ['RegExp vs string', /a/, '/a/'],
    ['lone surrogate vs U+FFFD', '\uD800', '\uFFFD'],
    ['nested shapes', [[1, 2]], [[1], [2]]],
    ['["a","b"] vs ["ab"]', ['a', 'b'], ['ab']],
    ['{a:"b"} vs {ab:""}', { a: 'b' }, { ab: '' }],
    ['null prototype vs different content', nullProto, { a: 2 }],
    ['Set with one vs two equal-content objects', new Set([{}]), new Set([{}, {}])],
  ];
  for (const [name, a, b] of pairs) assert.notEqual(hex(a), hex(b), name);
});

test('every value in a mixed list has its own encoding', () => {
  const values: unknown[] = [
    undefined, null, true, false, 0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 0n, 1n, -1n, '', '0', 'a', 'A',
    [], [undefined], [null], [[]], {}, { a: undefined }, { a: null }, new Map(), new Set(), new Map([[1, 1]]),
    new Set([1]), new Date(0), new Date(NaN), /(?:)/, new Uint8Array(0), new Uint8Array(1), new Uint16Array(1),
    new BigInt64Array(1), new Float64Array(0), new ArrayBuffer(0), new DataView(new ArrayBuffer(0)), new Point(0, 0),
  ];
  const seen = new Map<string, number>();
  values.forEach((v, i) => {
    const h = hex(v);
    assert.equal(seen.get(h), undefined, `value ${i} encodes like value ${seen.get(h)}`);
    seen.set(h, i);
  });
});

test('a null-prototype object keys like the plain object with the same properties', () => {
  const o = Object.create(null) as Record<string, unknown>;
  o.b = 2;
  o.a = [1];
  assert.equal(hex(o), hex({ a: [1], b: 2 }));
});

test('typed arrays: only the view’s bytes, and Buffer keys as Uint8Array', () => {
  const big = new Uint8Array([9, 9, 1, 2, 3, 9]);
  assert.equal(hex(big.subarray(2, 5)), hex(new Uint8Array([1, 2, 3])));
  assert.equal(hex(Buffer.from([1, 2, 3])), hex(new Uint8Array([1, 2, 3])));
  assert.equal(hex(new DataView(big.buffer, 2, 3)), hex(new DataView(new Uint8Array([1, 2, 3]).buffer)));
  // Little-endian element bytes, whatever the machine.
  assert.ok(hex(new Uint16Array([0x0102])).endsWith('000000020201'));
});

test('strings are WTF-8: UTF-8, with lone surrogates kept apart', () => {
  const utf8 = (s: string) => toHex(new TextEncoder().encode(s));
  const body = (s: string) => hex(s).slice(2 + 2 + 8); // format byte, tag, length
  const long = 'a'.repeat(70) + 'é€😀' + '日本語'.repeat(30);
  for (const s of ['', 'abc', 'é€😀', long]) assert.equal(body(s), utf8(s), s.slice(0, 20));
  assert.equal(body('\uD800'), 'eda080');
  assert.equal(body('x\uDC00'), '78edb080');
  // A lone surrogate in a long string takes the careful path and stays distinct.
  assert.notEqual(hex(long + '\uD800'), hex(long + '\uFFFD'));
  assert.equal(hex(long + '\uD800').slice(-6), 'eda080');
});

test('shared references are fine and encode like copies', () => {
  const shared = { n: 1 };
  const twice = [shared, shared, { k: shared }];
  assert.equal(hex(twice), hex([{ n: 1 }, { n: 1 }, { k: { n: 1 } }]));
  const m = new Map([[shared, shared]]);
  assert.equal(hex(m), hex(new Map([[{ n: 1 }, { n: 1 }]])));
});

test('getters on plain objects are read, symbols that are not enumerable are ignored', () => {
  const withGetter = { get a() { return 1; } };
  assert.equal(hex(withGetter), hex({ a: 1 }));
  const hidden = { a: 1 };
  Object.defineProperty(hidden, Symbol('meta'), { value: 1, enumerable: false });
  Object.defineProperty(hidden, 'alsoHidden', { value: 1, enumerable: false });
  assert.equal(hex(hidden), hex({ a: 1 }));
});
