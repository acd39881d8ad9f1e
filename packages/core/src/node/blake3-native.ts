// Native BLAKE3 (@napi-rs/blake-hash, Rust's blake3 crate with SIMD): ~4 GB/s here on 64 KiB
// keyed chunks, five times the WebAssembly build. Optional: when the prebuilt binary is missing
// for this platform, callers fall back to WebAssembly.

import { createRequire } from 'node:module';
import type { Blake3, KeyedHash } from '../hash/blake3.js';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { XetcacheError } from '../errors.js';

interface NativeHasher {
  reset(): void;
  update(input: Uint8Array): NativeHasher;
  digestBuffer(): Uint8Array;
}
interface NativeModule {
  Blake3Hasher: { newKeyed(key: Uint8Array): NativeHasher };
}

function loadNative(): NativeModule | undefined {
  try {
    return createRequire(import.meta.url)('@napi-rs/blake-hash') as NativeModule;
  } catch {
    return undefined;
  }
}

/** The native implementation, or undefined where it does not load. */
export function createNativeBlake3(): Blake3 | undefined {
  const native = loadNative();
  if (!native) return undefined;
  return {
    name: 'native (@napi-rs/blake-hash)',
    keyed(key: Uint8Array): KeyedHash {
      if (key.length !== 32) throw new XetcacheError('EINVAL', 'a BLAKE3 key has 32 bytes');
      const hasher = native.Blake3Hasher.newKeyed(Buffer.from(key.buffer, key.byteOffset, 32));
      return (data) => {
        hasher.reset();
        const out = hasher.update(data).digestBuffer();
        return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      };
    },
  };
}

/** The fastest BLAKE3 that loads here. */
export async function createBestBlake3(): Promise<Blake3> {
  return createNativeBlake3() ?? (await createWasmBlake3());
}
