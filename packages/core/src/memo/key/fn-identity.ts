// A function's identity for keys: the hash of its name and source text. Editing the body changes
// it; so does anything a compiler changes in the emitted code. Variables the function closes
// over are not part of it: that is what memo()'s `version` option is for.

import { XetcacheError } from '../../errors.js';
import type { KeyedHash } from '../../hash/blake3.js';
import { toHex } from '../../hash/hex.js';
import { ByteWriter } from './byte-writer.js';
import { writeValue } from './encode.js';

interface Known {
  domain: string;
  name: string;
  hash: KeyedHash;
  fnHash: string;
}

// Hashing the source on every call would cost more than the rest of a memo hit.
const known = new WeakMap<Function, Known>();

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;

/** The source text, with line endings normalised so a checkout on Windows keys the same. */
function functionSource(fn: Function): string {
  const source = Function.prototype.toString.call(fn);
  if (NATIVE.test(source)) {
    // Bound functions and built-ins show no code, so their identity would be just a name. A
    // caller's `key` does not help: the function is still part of every key.
    const what = fn.name.startsWith('bound ') ? 'a bound function' : 'a built-in function';
    throw new XetcacheError(
      'EUNKEYABLE',
      `the function is ${what}, whose code a key cannot see; memoise a function that calls it instead`,
      { kind: 'native-function', name: fn.name },
    );
  }
  return source.replace(/\r\n?/g, '\n');
}

/** The hex hash of [domain, name, source], cached per function object. */
export function functionHash(fn: Function, domain: string, name: string, hash: KeyedHash): string {
  const hit = known.get(fn);
  if (hit && hit.domain === domain && hit.name === name && hit.hash === hash) return hit.fnHash;
  const source = functionSource(fn);
  const w = new ByteWriter(source.length * 3 + 64);
  writeValue(w, [domain, name, source], () => ({ label: 'the function' }));
  const fnHash = toHex(hash(w.bytes.subarray(0, w.length)));
  known.set(fn, { domain, name, hash, fnHash });
  return fnHash;
}
