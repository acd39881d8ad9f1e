// The hash the key tests use: keyed BLAKE3 (WebAssembly, so it is the same everywhere) with a
// fixed test key. Golden keys depend on it.

import { createWasmBlake3 } from '../../../hash/blake3-wasm.js';

export const TEST_KEY = new TextEncoder().encode('xetcache memo key tests, 32 byte');

export const testHash = (await createWasmBlake3([TEST_KEY])).keyed(TEST_KEY);
