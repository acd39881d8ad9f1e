import { test } from 'node:test';
import assert from 'node:assert/strict';
import { v8Serializer } from './v8-serializer.js';
import { createSerializerRegistry } from '../serializers/registry.js';
import { XetcacheError } from '../errors.js';

const roundTrip = async (value: unknown) => v8Serializer.deserialize(await v8Serializer.serialize(value));

test('v8 round-trips what JSON cannot keep', async () => {
  const values: unknown[] = [
    undefined, NaN, -0, Infinity, 123n, -(2n ** 100n),
    new Map<unknown, unknown>([[1, 'a'], [{ k: 1 }, new Set([1, 2])]]),
    new Set(['x', undefined, NaN]),
    new Date(0),
    /a+b/gimsuy,
    new Uint8Array([1, 2]), new Int16Array([-1, 2]), new Float32Array([1.5]), new Float64Array([Math.PI]),
    new BigInt64Array([-1n]), new BigUint64Array([2n ** 64n - 1n]), new Uint8ClampedArray([255]),
    new DataView(new Uint8Array([1, 2, 3]).buffer, 1), new ArrayBuffer(3),
    Buffer.from('buffer'),
    [1, , 3],
    { nested: { u: undefined, n: NaN, z: -0, big: 1n, when: new Date(1e12) } },
    Object(1), Object('s'), Object(false), Object(2n),
  ];
  for (const v of values) {
    assert.equal(v8Serializer.accepts(v), true, String(v));
    assert.deepStrictEqual(await roundTrip(v), v);
  }
  // deepStrictEqual in Node 20 never finds two invalid dates equal, so this one is checked apart.
  const invalid = await roundTrip(new Date(NaN));
  assert.ok(invalid instanceof Date && Number.isNaN(invalid.getTime()));
});

test('v8 keeps cycles and shared references', async () => {
  const a: Record<string, unknown> = { name: 'a' };
  const shared = [1, 2];
  a.self = a;
  a.left = shared;
  a.right = shared;
  const m = new Map<string, unknown>();
  m.set('me', m);
  assert.equal(v8Serializer.accepts(a), true);
  const back = (await roundTrip(a)) as typeof a;
  assert.equal(back.self, back);
  assert.equal(back.left, back.right);
  assert.deepEqual(back.left, [1, 2]);
  const mb = (await roundTrip(m)) as Map<string, unknown>;
  assert.equal(mb.get('me'), mb);
});

test('v8 keeps standard errors with message, stack and cause', async () => {
  const err = new TypeError('boom', { cause: new RangeError('inner') });
  const back = (await roundTrip(err)) as TypeError;
  assert.ok(back instanceof TypeError);
  assert.equal(back.message, 'boom');
  assert.equal(back.stack, err.stack);
  assert.ok(back.cause instanceof RangeError);
  assert.equal((back.cause as Error).message, 'inner');
});

test('v8 declines what a structured clone would change', () => {
  class Point {
    x = 1;
  }
  class MyError extends Error {}
  const tagged = Object.assign(new Error('x'), { code: 'E' });
  const matched = /b/g;
  matched.exec('abc');
  const cases: Array<[unknown, RegExp]> = [
    [() => 1, /function/],
    [Symbol('s'), /symbol/],
    [{ f: () => 1 }, /function.*\$\.f/],
    [new Point(), /instance of Point/],
    [new Map([[1, new Point()]]), /instance of Point at \$\{value 0\}/],
    [new Set([Symbol('x')]), /symbol at \$\{item 0\}/],
    [Object.create(null), /null prototype/],
    [new MyError('x'), /MyError/],
    [tagged, /other than message/],
    [matched, /lastIndex/],
    [{ [Symbol('k')]: 1 }, /symbol or non-enumerable/],
    [new WeakMap(), /WeakMap/],
    [Promise.resolve(), /Promise/],
    [new SharedArrayBuffer(1), /SharedArrayBuffer/],
    [Object.assign(new Map(), { extra: 1 }), /own properties/],
    [new (class U8 extends Uint8Array {})(1), /U8/],
  ];
  for (const [value, why] of cases) {
    assert.equal(v8Serializer.accepts(value), false, String(why));
    assert.match(v8Serializer.explain?.(value) ?? '', why);
  }
  assert.throws(() => v8Serializer.serialize(new Point()), (e: unknown) => e instanceof XetcacheError && e.code === 'ESERIALIZER');
});

test('v8 deserialize of bytes it did not write is EBADFORMAT', () => {
  assert.throws(
    () => v8Serializer.deserialize(new Uint8Array([1, 2, 3])),
    (e: unknown) => e instanceof XetcacheError && e.code === 'EBADFORMAT',
  );
});

test('v8 encodes a large typed array without an extra copy of the result', async () => {
  const big = new Float64Array(4 * 1024 * 1024).fill(1.25);
  const bytes = await v8Serializer.serialize(big);
  assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype);
  assert.ok(bytes.byteLength > big.byteLength);
  assert.equal(bytes.buffer.byteLength, bytes.byteLength);
  assert.deepStrictEqual(await v8Serializer.deserialize(bytes), big);
});

test('in a registry v8 is picked after bytes, text and json', () => {
  const r = createSerializerRegistry([v8Serializer]);
  assert.deepEqual(r.getAll().map((s) => s.name), ['bytes', 'text', 'json', 'v8']);
  assert.equal(r.pick(new Uint8Array(1)).name, 'bytes');
  assert.equal(r.pick('s').name, 'text');
  assert.equal(r.pick({ a: 1 }).name, 'json');
  assert.equal(r.pick({ a: undefined }).name, 'v8');
  assert.equal(r.pick(new Map()).name, 'v8');
  assert.equal(r.pick(new Float32Array(1)).name, 'v8');
  assert.equal(r.pick(1n).name, 'v8');
  assert.throws(() => r.register('v8', v8Serializer), (e: unknown) => e instanceof XetcacheError && e.code === 'EINVAL');
  assert.throws(
    () => r.pick({ p: new (class Point {})() }),
    (e: unknown) =>
      e instanceof XetcacheError && e.code === 'ESERIALIZER' && /json: .*; v8: an instance of Point at \$\.p/.test(e.message),
  );
});
