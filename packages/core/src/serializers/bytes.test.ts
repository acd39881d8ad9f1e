import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { bytesSerializer } from './bytes.js';
import { XetcacheError } from '../errors.js';

test('bytes accepts byte-like values and gives back a plain Uint8Array', async () => {
  const ab = new Uint8Array([1, 2, 3, 4, 5]).buffer;
  const cases: Array<[unknown, number[]]> = [
    [new Uint8Array(0), []],
    [new Uint8Array([0, 255]), [0, 255]],
    [Buffer.from([9, 8, 7]), [9, 8, 7]],
    [ab, [1, 2, 3, 4, 5]],
    [new DataView(ab, 1, 3), [2, 3, 4]],
    [new Uint8Array(ab, 2, 2), [3, 4]],
    [runInNewContext('new Uint8Array([6, 6])'), [6, 6]], // another realm
  ];
  for (const [value, expected] of cases) {
    assert.equal(bytesSerializer.accepts(value), true);
    const out = await bytesSerializer.deserialize(await bytesSerializer.serialize(value));
    assert.equal(Object.getPrototypeOf(out), Uint8Array.prototype);
    assert.deepEqual([...(out as Uint8Array)], expected);
  }
});

test('bytes declines other values, typed arrays of wider elements included', () => {
  for (const v of ['abc', [1, 2], new Uint16Array(2), new Float32Array(1), new Uint8ClampedArray(1), null, {}]) {
    assert.equal(bytesSerializer.accepts(v), false);
  }
  assert.throws(() => bytesSerializer.serialize('abc'), (e: unknown) => e instanceof XetcacheError && e.code === 'ESERIALIZER');
});

test('bytes serialize of 100 MB shares the memory: no copy either way', async () => {
  const big = new Uint8Array(100 * 1024 * 1024);
  big[big.length - 1] = 42;
  const started = performance.now();
  const out = await bytesSerializer.serialize(big);
  assert.equal(out, big);
  const fromBuffer = await bytesSerializer.serialize(Buffer.from(big.buffer, 1024));
  assert.equal(fromBuffer.buffer, big.buffer);
  assert.equal(fromBuffer.byteOffset, 1024);
  const back = (await bytesSerializer.deserialize(Buffer.from(big.buffer))) as Uint8Array;
  assert.equal(back.buffer, big.buffer);
  assert.ok(performance.now() - started < 50);
});
