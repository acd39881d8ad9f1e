import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../hash/hex.js';
import { createWasmBlake3 } from '../../hash/blake3-wasm.js';
import { encodeValue } from './encode.js';
import { DOMAIN } from './format.js';
import { memoKey } from './memo-key.js';
import { blockKey } from './block-key.js';
import { safeName } from './key-path.js';
import { testHash } from './testing/hash.js';

const KEY_SHAPE = /^memo\/[A-Za-z0-9_.-]+\/[0-9a-f]{16}\/[0-9a-f]{64}$/;
const opts = { hash: testHash };

function area(width: number, height: number) {
  return width * height;
}

test('the key is built from the parts as documented', () => {
  const args = [3, { unit: 'cm' }];
  const { key, parts } = memoKey(area, args, { hash: testHash, version: 7 });
  assert.match(key, KEY_SHAPE);
  const digest = (v: unknown) => toHex(testHash(encodeValue(v)));
  assert.deepEqual(parts.argHashes, args.map(digest));
  assert.equal(parts.fnHash, digest([DOMAIN.fn, 'area', area.toString()]));
  assert.equal(parts.version, '7');
  assert.equal(parts.fnName, 'area');
  const callHash = digest([DOMAIN.call, parts.fnHash, '7', parts.argHashes]);
  assert.equal(key, `memo/area/${parts.fnHash.slice(0, 16)}/${callHash}`);
});

test('editing the body changes the function hash; the same text does not', () => {
  const v1 = new Function('a', 'return a + 1');
  const v2 = new Function('a', 'return a + 2');
  const v1again = new Function('a', 'return a + 1');
  assert.notEqual(memoKey(v1, [1], opts).parts.fnHash, memoKey(v2, [1], opts).parts.fnHash);
  assert.equal(memoKey(v1, [1], opts).key, memoKey(v1again, [1], opts).key);
  const arrow1 = (x: number) => x + 1;
  const arrow2 = (x: number) => x + 2;
  assert.notEqual(memoKey(arrow1, [1], { ...opts, name: 'f' }).key, memoKey(arrow2, [1], { ...opts, name: 'f' }).key);
});

test('Windows line endings key like Unix ones', () => {
  const crlf = new Function('a', 'const b = a;\r\nreturn b');
  const lf = new Function('a', 'const b = a;\nreturn b');
  assert.equal(memoKey(crlf, [1], opts).key, memoKey(lf, [1], opts).key);
});

test('version changes the key but not the function hash', () => {
  const none = memoKey(area, [1, 2], opts);
  const v1 = memoKey(area, [1, 2], { ...opts, version: 1 });
  const v1s = memoKey(area, [1, 2], { ...opts, version: '1' });
  const v2 = memoKey(area, [1, 2], { ...opts, version: 2 });
  assert.notEqual(none.key, v1.key);
  assert.notEqual(v1.key, v2.key);
  assert.equal(v1.key, v1s.key);
  assert.equal(none.parts.fnHash, v2.parts.fnHash);
  assert.equal(memoKey(area, [1, 2], { ...opts, version: '' }).key, none.key);
});

test('arguments: canonical, positional, and counted', () => {
  const k = (...args: unknown[]) => memoKey(area, args, opts).key;
  assert.equal(k({ a: 1, b: new Set([1, 2]) }), k({ b: new Set([2, 1]), a: 1 }));
  assert.notEqual(k(1, 2), k(2, 1));
  assert.notEqual(k(1), k(1, undefined));
  assert.notEqual(k([1, 2]), k(1, 2));
  assert.notEqual(k('1'), k(1));
});

test('names: from the function or the option, made safe for a path', () => {
  assert.equal(memoKey(area, [], { ...opts, name: 'surface' }).parts.fnName, 'surface');
  assert.notEqual(memoKey(area, [], { ...opts, name: 'surface' }).parts.fnHash, memoKey(area, [], opts).parts.fnHash);
  assert.match(memoKey(() => 0, [], opts).key, /^memo\/anonymous\//);
  assert.equal(safeName('a b/c:d', 'x'), 'a_b_c_d');
  assert.equal(safeName('..', 'x'), '_.');
  assert.equal(safeName('', 'x'), 'x');
  assert.equal(safeName('é', 'x'), '_');
  assert.equal(safeName('n'.repeat(100), 'x').length, 64);
});

test('the cached function hash follows the hash function and the name', async () => {
  const otherKey = new Uint8Array(32).fill(7);
  const otherHash = (await createWasmBlake3([otherKey])).keyed(otherKey);
  const a = memoKey(area, [1], opts).parts.fnHash;
  const b = memoKey(area, [1], { hash: otherHash }).parts.fnHash;
  assert.notEqual(a, b);
  assert.equal(memoKey(area, [1], opts).parts.fnHash, a);
  assert.equal(memoKey(area, [1], { hash: otherHash }).parts.fnHash, b);
});

test('blockKey: input names and values, and the code of compute', () => {
  const compute = ({ a }: { a: number }) => ({ b: a + 1 });
  const k = (inputs: Record<string, unknown>, fn: Function = compute) => blockKey(fn, inputs, opts);
  const first = k({ a: 1, z: [1] });
  assert.match(first.key, KEY_SHAPE);
  assert.equal(first.key, k({ z: [1], a: 1 }).key);
  assert.deepEqual(first.parts.argNames, ['a', 'z']);
  assert.notEqual(first.key, k({ a: 1, y: [1] }).key);
  assert.notEqual(first.key, k({ a: 2, z: [1] }).key);
  assert.notEqual(first.key, k({ a: 1, z: [1] }, ({ a }: { a: number }) => ({ b: a + 2 })).key);
  // A block and a memoised call of the same function never share a key.
  assert.notEqual(blockKey(area, {}, opts).key, memoKey(area, [], opts).key);
  assert.equal(k({}, () => 0).parts.fnName, 'block');
});
