// The behaviour every CacheBackend shares; each backend's test file runs this suite.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CacheBackend } from '../ports.js';
import { cacheKeys } from '../cache-key.js';

export function cacheBackendConformance(name: string, make: () => Promise<CacheBackend>): void {
  const keys = cacheKeys('ns', 'group/array/c/0.1');

  test(`${name}: a missing key is undefined; a put value comes back`, async () => {
    const cache = await make();
    assert.equal(await cache.get(keys.value), undefined);
    await cache.put(keys.value, new Uint8Array([1, 2, 3]));
    assert.deepEqual(await cache.get(keys.value), new Uint8Array([1, 2, 3]));
    assert.equal(await cache.get(keys.missing), undefined);
  });

  test(`${name}: an empty value is kept apart from a missing one`, async () => {
    const cache = await make();
    await cache.put(keys.missing, new Uint8Array(0));
    assert.deepEqual(await cache.get(keys.missing), new Uint8Array(0));
  });

  test(`${name}: a put replaces what was there`, async () => {
    const cache = await make();
    await cache.put(keys.value, new Uint8Array([1]));
    await cache.put(keys.value, new Uint8Array([2, 2]));
    assert.deepEqual(await cache.get(keys.value), new Uint8Array([2, 2]));
  });

  test(`${name}: changing an array after put, or one got, does not change what is kept`, async () => {
    const cache = await make();
    const given = new Uint8Array([7, 7]);
    await cache.put(keys.value, given);
    given[0] = 0;
    const got = (await cache.get(keys.value))!;
    got[1] = 0;
    assert.deepEqual(await cache.get(keys.value), new Uint8Array([7, 7]));
  });

  test(`${name}: keys for awkward strings are distinct and each holds its own value`, async () => {
    const cache = await make();
    const awkward = ['', '.', '..', '../x', 'A', 'a', 'con', 'CON', 'a/b', 'a%2fb', '\uD800', '\uFFFD', 'é'];
    for (const [i, key] of awkward.entries()) await cache.put(cacheKeys('n', key).value, new Uint8Array([i]));
    for (const [i, key] of awkward.entries()) {
      assert.deepEqual(await cache.get(cacheKeys('n', key).value), new Uint8Array([i]), key);
    }
  });

  test(`${name}: a value of several MB round-trips`, async () => {
    const cache = await make();
    const big = new Uint8Array(8 * 1024 * 1024).map((_, i) => i % 251);
    await cache.put(keys.value, big);
    assert.deepEqual(await cache.get(keys.value), big);
  });
}
