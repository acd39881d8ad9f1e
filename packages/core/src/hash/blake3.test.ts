import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWasmBlake3 } from './blake3-wasm.js';
import { createNativeBlake3 } from '../node/blake3-native.js';
import { DATA_KEY, NODE_KEY, FILE_SALT } from './xet-keys.js';
import { toHex, toXetHex, fromXetHex, fromHex } from './hex.js';
import { seededBytes } from '../testing/random.js';

const native = createNativeBlake3();
const extra = seededBytes(99, 32);
const wasm = await createWasmBlake3([extra]);

test('the native BLAKE3 loads here', () => {
  assert.ok(native);
  assert.match(native.name, /native/);
});

test('native and WebAssembly BLAKE3 give identical keyed digests', () => {
  for (const key of [DATA_KEY, NODE_KEY, FILE_SALT, extra]) {
    const a = native!.keyed(key);
    const b = wasm.keyed(key);
    for (const size of [0, 1, 63, 64, 65, 1023, 1024, 1025, 65536, 131072, 1 << 20, 3_000_001]) {
      const data = seededBytes(size, size);
      assert.equal(toHex(a(data)), toHex(b(data)), `key ${toHex(key).slice(0, 8)}, ${size} bytes`);
    }
    // Views into a larger buffer hash only their own bytes.
    const big = seededBytes(5, 10_000);
    assert.equal(toHex(a(big.subarray(100, 5000))), toHex(b(big.slice(100, 5000))));
  }
});

test('BLAKE3 matches the official test vector (keyed, 0 and 1 byte inputs)', () => {
  // From BLAKE3's test_vectors.json: key "whats the Elvish word for friend", input bytes i % 251.
  const key = new TextEncoder().encode('whats the Elvish word for friend');
  const k = native!.keyed(key);
  assert.equal(toHex(k(new Uint8Array(0))), '92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26');
  assert.equal(toHex(k(new Uint8Array([0]))), '6d7878dfff2f485635d39013278ae14f1454b8c0a3a2d34bc1ab38228a80c95b');
});

test('Xet hex reverses the bytes of each 64-bit word', () => {
  const hash = Uint8Array.from({ length: 32 }, (_, i) => i);
  const hex = toXetHex(hash);
  assert.equal(hex.slice(0, 16), '0706050403020100');
  assert.equal(hex.slice(48), '1f1e1d1c1b1a1918');
  assert.deepEqual(fromXetHex(hex), hash);
  assert.throws(() => fromXetHex('xyz'), /64 lowercase hex/);
  assert.throws(() => fromHex('abc'), /not lowercase hex/);
});
