import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XetcacheError } from '../../errors.js';
import { encodeValue } from './encode.js';
import { memoKey } from './memo-key.js';
import { blockKey } from './block-key.js';
import { testHash } from './testing/hash.js';

/** Asserts that `fn` throws EUNKEYABLE with exactly `message`. */
function throwsUnkeyable(fn: () => unknown, message: string | RegExp, data?: Record<string, unknown>): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof XetcacheError, `expected XetcacheError, got ${String(err)}`);
    assert.equal(err.code, 'EUNKEYABLE');
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    for (const [k, v] of Object.entries(data ?? {})) assert.deepEqual(err.data[k], v, k);
    return true;
  });
}

const HINT = 'pass `key` to memo() to key this call yourself';

function target(count: number, options: unknown, ...more: unknown[]) {
  return [count, options, more];
}
const key = (...args: unknown[]) => memoKey(target, args, { hash: testHash });

test('a function inside an argument names the argument and the path', () => {
  throwsUnkeyable(() => key(1, { callback: () => 0 }), `argument 2 (options.callback) is a function; ${HINT}`, {
    argument: 2,
    path: 'options.callback',
    kind: 'function',
  });
});

test('every unkeyable kind, with its path', () => {
  const cases: Array<[unknown, string]> = [
    [{ f: function named() {} }, 'options.f) is a function'],
    [{ s: [1, Symbol('x')] }, 'options.s[1]) is a symbol'],
    [{ w: new WeakMap() }, 'options.w) is a WeakMap, whose entries cannot be listed'],
    [{ w: new WeakSet() }, 'options.w) is a WeakSet, whose elements cannot be listed'],
    [{ p: Promise.resolve(1) }, 'options.p) is a Promise; await it and pass the result'],
    [{ 'odd key': new WeakRef({}) }, 'options["odd key"]) is a WeakRef'],
    [{ u: new URL('https://example.com/') }, 'options.u) is an object of type URL, whose state a key cannot see'],
    [{ e: new Error('boom') }, 'options.e) is an object of type Error, whose state a key cannot see'],
    [{ n: Object(1) as unknown }, 'options.n) is an object of type Number, whose state a key cannot see'],
    [{ [Symbol('tag')]: 1 }, 'options) has a property keyed by Symbol(tag)'],
    [new Map([['k', () => 0]]), 'options.get("k")) is a function'],
    [new Map([[{}, () => 0]]), 'options{value #0}) is a function'],
    [new Map([[() => 0, 1]]), 'options{key #0}) is a function'],
    [new Set([1, Symbol.iterator]), 'options{element #1}) is a symbol'],
  ];
  for (const [value, expected] of cases) {
    throwsUnkeyable(() => key(1, value), `argument 2 (${expected}; ${HINT}`);
  }
});

test('rest parameters and unnamed parameters', () => {
  throwsUnkeyable(() => key(1, {}, 'ok', { f: Math.max }), /^argument 4 \(more\[1\]\.f\) is a function;/);
  const destructured = ({ a }: { a: unknown }) => a;
  const keyOf = (fn: Function, ...args: unknown[]) => () => memoKey(fn, args, { hash: testHash });
  throwsUnkeyable(keyOf(destructured, { a: () => 0 }), /^argument 1 \(\.a\) is a function;/);
  throwsUnkeyable(keyOf(target, () => 0), /^argument 1 \(count\) is a function;/);
});

test('top-level unkeyables without a path', () => {
  throwsUnkeyable(() => encodeValue(Symbol('s')), `value is a symbol; ${HINT}`);
  throwsUnkeyable(() => encodeValue(() => 0, 'the input'), `the input is a function; ${HINT}`);
});

test('a cycle is refused, naming where it closes', () => {
  const a: Record<string, unknown> = { list: [] };
  (a.list as unknown[]).push({ up: a });
  const expected = `argument 2 (options.list[0].up) refers back to argument 2 (options), a cycle; ${HINT}`;
  throwsUnkeyable(() => key(1, a), expected, { kind: 'cycle' });
  const m = new Map<string, unknown>();
  m.set('self', m);
  throwsUnkeyable(() => encodeValue({ m }), /^value \(\.m\.get\("self"\)\) refers back to value \(\.m\), a cycle/);
  const s = new Set<unknown>();
  s.add([s]);
  throwsUnkeyable(() => encodeValue(s), /^value \(\{element #0\}\[0\]\) refers back to value, a cycle/);
});

test('shared references that are not cycles are accepted', () => {
  const leaf = { v: 1 };
  const dag = { a: leaf, b: [leaf, { c: leaf }], m: new Map([[leaf, leaf]]) };
  assert.doesNotThrow(() => key(1, dag, dag));
});

test('functions whose code cannot be seen are refused as the memoised function', () => {
  const bound = () => memoKey(target.bind(null, 1), [], { hash: testHash });
  throwsUnkeyable(bound, /^the function is a bound function, whose code a key cannot see; memoise a function that/, {
    kind: 'native-function',
  });
  throwsUnkeyable(() => memoKey(Math.max, [1, 2], { hash: testHash }), /^the function is a built-in function/);
});

test('blockKey names the input', () => {
  throwsUnkeyable(
    () => blockKey(() => ({}), { df: { onRow: () => 0 } }, { hash: testHash }),
    'input "df" (df.onRow) is a function; pass `key` to memoBlock() to key this block yourself',
    { input: 'df', path: 'df.onRow' },
  );
});
