import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSerializerRegistry } from './registry.js';
import type { Serializer } from './serializer.js';
import { XetcacheError } from '../errors.js';

const names = (r: ReturnType<typeof createSerializerRegistry>) => r.getAll().map((s) => s.name);
const code = (c: string, message?: RegExp) => (err: unknown) =>
  err instanceof XetcacheError && err.code === c && (message === undefined || message.test(err.message));

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

// A class-based serializer, to check that registered methods keep their `this`.
class PointSerializer {
  readonly separator = ',';
  accepts(value: unknown) {
    return value instanceof Point;
  }
  serialize(value: unknown) {
    const p = value as Point;
    return new TextEncoder().encode(`${p.x}${this.separator}${p.y}`);
  }
  async deserialize(bytes: Uint8Array) {
    const [x, y] = new TextDecoder().decode(bytes).split(this.separator).map(Number);
    return new Point(x!, y!);
  }
}

const anything = (tag: string): Omit<Serializer, 'name'> => ({
  accepts: () => true,
  serialize: () => new TextEncoder().encode(tag),
  deserialize: () => tag,
});

test('the core built-ins, in pick order', () => {
  assert.deepEqual(names(createSerializerRegistry()), ['bytes', 'text', 'json']);
});

test('pick by type: bytes, then text, then json', () => {
  const r = createSerializerRegistry();
  assert.equal(r.pick(new Uint8Array(1)).name, 'bytes');
  assert.equal(r.pick(Buffer.from('x')).name, 'bytes');
  assert.equal(r.pick(new ArrayBuffer(1)).name, 'bytes');
  assert.equal(r.pick('a string').name, 'text');
  assert.equal(r.pick('lone \uD800').name, 'json'); // text has no UTF-8 form for it
  assert.equal(r.pick({ a: [1, 'b', null] }).name, 'json');
  assert.equal(r.pick(42).name, 'json');
  assert.equal(r.pick(null).name, 'json');
});

test('a named serializer always wins over picking by type', () => {
  const r = createSerializerRegistry();
  assert.equal(r.pick('a string', 'json').name, 'json');
  r.register('anything', anything('x'));
  assert.equal(r.pick(new Uint8Array(1), 'anything').name, 'anything');
  assert.throws(() => r.pick('x', 'nope'), code('ESERIALIZER', /no serializer named 'nope'/));
});

test('ESERIALIZER when nothing accepts the value, saying what it was and why', () => {
  const r = createSerializerRegistry();
  assert.throws(() => r.pick(new Map()), code('ESERIALIZER', /instance of Map.*tried bytes, text, json.*json: an instance of Map at \$/));
  assert.throws(() => r.pick({ a: undefined }), code('ESERIALIZER', /a plain object.*json: undefined at \$\.a/));
  assert.throws(() => r.pick(() => 1), code('ESERIALIZER', /a function/));
  try {
    r.pick(new Point(1, 2));
  } catch (err) {
    assert.ok(err instanceof XetcacheError);
    assert.deepEqual(err.data, { value: 'an instance of Point', tried: ['bytes', 'text', 'json'] });
  }
});

test('get() of an unknown name is ESERIALIZER listing the known ones', () => {
  const r = createSerializerRegistry();
  assert.throws(() => r.get('msgpack'), code('ESERIALIZER', /no serializer named 'msgpack'; known: bytes, text, json$/));
  try {
    r.get('msgpack');
  } catch (err) {
    assert.ok(err instanceof XetcacheError);
    assert.deepEqual(err.data, { name: 'msgpack', known: ['bytes', 'text', 'json'] });
  }
  assert.equal(r.has('msgpack'), false);
  assert.equal(r.has('json'), true);
});

test('deserializing with a name not registered here says how to fix it', async () => {
  const r = createSerializerRegistry();
  await assert.rejects(
    r.deserialize('x', new Uint8Array()),
    code('ESERIALIZER', /^value was stored with serializer 'x', which is not registered here; register it with serializers\.register\('x', …\)/),
  );
  assert.throws(() => r.forStoredValue('x'), code('ESERIALIZER', /^value was stored with serializer 'x'/));
  assert.equal(r.forStoredValue('json').name, 'json');
});

test('a custom serializer is picked after the built-ins and keeps its this', async () => {
  const r = createSerializerRegistry();
  r.register('point', new PointSerializer());
  assert.deepEqual(names(r), ['bytes', 'text', 'json', 'point']);
  const p = new Point(3, -4);
  const stored = await r.serialize(p);
  assert.equal(stored.serializer, 'point');
  assert.equal(new TextDecoder().decode(stored.bytes), '3,-4');
  assert.deepEqual(await r.deserialize('point', stored.bytes), p);
  assert.equal(r.get('point').name, 'point');
  // The built-ins still come first for what they accept.
  assert.equal(r.pick({ x: 1 }).name, 'json');
});

test('custom serializers are tried in registration order; re-registering replaces in place', async () => {
  const r = createSerializerRegistry();
  r.register('first', anything('first'));
  r.register('second', anything('second'));
  assert.equal(r.pick(new Point(0, 0)).name, 'first');
  r.register('first', { ...anything('first v2'), accepts: (v) => v instanceof Point });
  assert.deepEqual(names(r), ['bytes', 'text', 'json', 'first', 'second']);
  assert.equal(r.pick(new Point(0, 0)).name, 'first');
  assert.equal(r.pick(new Map()).name, 'second');
  assert.equal(await r.deserialize('first', new Uint8Array()), 'first v2');
});

test('the name given to register() is the name, whatever the object says', () => {
  const r = createSerializerRegistry();
  r.register('alias', { name: 'other', ...anything('a') });
  assert.equal(r.get('alias').name, 'alias');
  assert.equal(r.has('other'), false);
});

test('built-ins cannot be replaced; names and methods are checked', () => {
  const r = createSerializerRegistry();
  for (const name of ['json', 'bytes', 'text']) {
    assert.throws(() => r.register(name, anything(name)), code('EINVAL', /built-in/));
  }
  for (const name of ['', ' spaced', 'a/b', '../x', 'x'.repeat(65)]) {
    assert.throws(() => r.register(name, anything(name)), code('EINVAL'));
  }
  assert.throws(() => r.register('broken', { accepts: () => true } as never), code('EINVAL', /serialize\(\)/));
});

test('serializers given at creation are built-ins; v8 takes the slot after json', () => {
  const fakeV8: Serializer = { name: 'v8', ...anything('v8'), accepts: (v) => v instanceof Map };
  const extra: Serializer = { name: 'extra', ...anything('extra') };
  const r = createSerializerRegistry([extra, fakeV8]);
  r.register('late', anything('late'));
  assert.deepEqual(names(r), ['bytes', 'text', 'json', 'v8', 'extra', 'late']);
  assert.throws(() => r.register('v8', anything('v8')), code('EINVAL'));
  assert.throws(() => r.register('extra', anything('extra')), code('EINVAL'));
  assert.throws(() => createSerializerRegistry([extra, extra]), code('EINVAL'));
  assert.throws(() => createSerializerRegistry([{ name: 'json', ...anything('j') }]), code('EINVAL'));
  assert.equal(r.pick(new Map()).name, 'v8');
});

test('a v8 registered later still comes right after json', () => {
  const r = createSerializerRegistry();
  r.register('custom', anything('c'));
  r.register('v8', anything('v8'));
  assert.deepEqual(names(r), ['bytes', 'text', 'json', 'v8', 'custom']);
});

test('registry serialize/deserialize round-trip each built-in', async () => {
  const r = createSerializerRegistry();
  for (const [value, serializer] of [
    [new Uint8Array([1, 2]), 'bytes'],
    ['text ✓', 'text'],
    [{ a: [1, { b: null }] }, 'json'],
  ] as const) {
    const stored = await r.serialize(value);
    assert.equal(stored.serializer, serializer);
    assert.deepEqual(await r.deserialize(stored.serializer, stored.bytes), value);
  }
  const named = await r.serialize('as json', 'json');
  assert.equal(new TextDecoder().decode(named.bytes), '"as json"');
});
