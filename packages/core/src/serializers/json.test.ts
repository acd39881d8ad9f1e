import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonSerializer } from './json.js';
import { jsonProblem } from './json-check.js';
import { XetcacheError } from '../errors.js';

const roundTrip = async (value: unknown) => jsonSerializer.deserialize(await jsonSerializer.serialize(value));

test('json round-trips plain data exactly, edge values included', async () => {
  const shared = { s: 1 };
  const values: unknown[] = [
    null, true, false, 0, 1.5, -2, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER,
    '', 'héllo ✓ 🎉', '\uFEFFbom first', 'lone \uD800 surrogate', '"quotes" \\ and\nnewlines\u0000',
    [], {}, [1, 'a', null, [true, []]],
    { a: { b: { c: [1, 2, { d: 'e' }] } }, '': 'empty key', 'odd key ✓': 1, __proto__x: 0 },
    JSON.parse('{"__proto__": {"x": 1}}'),
    [shared, shared],
  ];
  for (const v of values) {
    assert.equal(jsonSerializer.accepts(v), true, JSON.stringify(v));
    assert.deepStrictEqual(await roundTrip(v), v);
  }
});

test('json refuses what JSON would change or drop, and says where', () => {
  class Point {
    x = 1;
  }
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const withSymbol = { a: 1, [Symbol('s')]: 2 };
  const hidden = Object.defineProperty({}, 'h', { value: 1, enumerable: false });
  const cases: Array<[unknown, RegExp]> = [
    [undefined, /^undefined at \$$/],
    [{ a: undefined }, /^undefined at \$\.a$/],
    [[1, undefined], /undefined at \$\[1\]/],
    [NaN, /NaN/],
    [Infinity, /Infinity/],
    [-0, /-0/],
    [{ deep: [{ n: -0 }] }, /-0 at \$\.deep\[0\]\.n/],
    [new Map(), /Map/],
    [new Set([1]), /Set/],
    [new Date(0), /Date/],
    [/re/, /RegExp/],
    [[1, , 3], /hole.*\$\[1\]/],
    [new Array(2), /hole/],
    [new Point(), /instance of Point/],
    [Object.create(null), /null prototype/],
    [1n, /bigint/],
    [Symbol('x'), /symbol/],
    [() => 1, /function/],
    [{ f() {} }, /function \(f\) at \$\.f/],
    [cyclic, /cycle at \$\.self/],
    [withSymbol, /symbol or non-enumerable/],
    [hidden, /symbol or non-enumerable/],
    [new Uint8Array(2), /Uint8Array/],
    [{ 'a b': { 'c-d': undefined } }, /\$\["a b"\]\["c-d"\]/],
  ];
  for (const [value, why] of cases) {
    assert.equal(jsonSerializer.accepts(value), false, String(why));
    assert.match(jsonProblem(value) ?? '', why);
  }
});

test('json serialize refuses a value it would not keep exactly', () => {
  assert.throws(
    () => jsonSerializer.serialize({ when: new Date(0) }),
    (err: unknown) => err instanceof XetcacheError && err.code === 'ESERIALIZER' && /\$\.when/.test(err.message),
  );
});

test('json deserialize of bytes that are not JSON is EBADFORMAT', async () => {
  await assert.rejects(
    async () => jsonSerializer.deserialize(new TextEncoder().encode('{nope')),
    (err: unknown) => err instanceof XetcacheError && err.code === 'EBADFORMAT',
  );
  await assert.rejects(
    async () => jsonSerializer.deserialize(new Uint8Array([0x22, 0xff, 0x22])),
    (err: unknown) => err instanceof XetcacheError && err.code === 'EBADFORMAT',
  );
});

test('json accepts() is a single cheap pass on large data', () => {
  const big = Array.from({ length: 1_000_000 }, (_, i) => i);
  const wide = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `n${i}`, tags: ['a', 'b'] }));
  let deep: unknown = 0;
  for (let i = 0; i < 100_000; i++) deep = [deep]; // deeper than any recursive walk could go
  const started = performance.now();
  assert.equal(jsonSerializer.accepts(big), true);
  assert.equal(jsonSerializer.accepts(wide), true);
  assert.equal(jsonSerializer.accepts(deep), true);
  assert.ok(performance.now() - started < 2000);
});
