import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argumentName } from './param-names.js';

test('parameter names from common function forms', () => {
  const names = (source: string, n: number) => Array.from({ length: n }, (_, i) => argumentName(source, i));
  assert.deepEqual(names('function f(a, options) { return 1; }', 3), ['a', 'options', undefined]);
  assert.deepEqual(names('async function* g(x,y=f(1, 2),z) {}', 3), ['x', 'y', 'z']);
  assert.deepEqual(names('(a, { b, c }, [d]) => a', 3), ['a', undefined, undefined]);
  assert.deepEqual(names('x => x', 2), ['x', undefined]);
  assert.deepEqual(names('async => 1', 1), ['async']);
  assert.deepEqual(names('async (a, ...rest) => a', 4), ['a', 'rest[0]', 'rest[1]', 'rest[2]']);
  assert.deepEqual(names('method(a, b) { return a; }', 2), ['a', 'b']);
  assert.deepEqual(names('function () { [native code] }', 1), [undefined]);
  // Strings and comments in the parameter list: no guess at all.
  assert.deepEqual(names('function f(a = "(", b) {}', 2), [undefined, undefined]);
  assert.deepEqual(names('function f(a /* , b */) {}', 2), [undefined, undefined]);
  assert.deepEqual(names('class A { constructor(a) {} }', 1), [undefined]);
});
