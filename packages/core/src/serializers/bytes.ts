// `bytes`: binary values stored as they are. Serializing returns a view of the value's own memory
// (no copy, so a 100 MB array costs nothing here); the caller must not change the value until
// the store has written it. Every byte-like input comes back as a plain Uint8Array.

import { XetcacheError } from '../errors.js';
import type { Serializer } from './serializer.js';

// Tags rather than instanceof, so values from another realm (a vm context, an iframe) count.
const tag = (value: unknown) => Object.prototype.toString.call(value);

/** A Uint8Array view of the same memory, or undefined when the value is not byte-like. */
export function bytesView(value: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(value)) {
    // Buffer reports the tag of Uint8Array, its base class.
    const t = tag(value);
    if (t === '[object Uint8Array]' && value.constructor === Uint8Array) return value as Uint8Array;
    if (t === '[object Uint8Array]' || t === '[object DataView]') {
      return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    }
    return undefined;
  }
  return tag(value) === '[object ArrayBuffer]' ? new Uint8Array(value as ArrayBuffer) : undefined;
}

export const bytesSerializer: Serializer = {
  name: 'bytes',
  accepts: (value) => bytesView(value) !== undefined,
  explain: (value) =>
    bytesView(value) === undefined ? 'not a Uint8Array, Buffer, ArrayBuffer or DataView' : undefined,

  serialize(value) {
    const view = bytesView(value);
    if (view === undefined) {
      throw new XetcacheError(
        'ESERIALIZER',
        "serializer 'bytes' stores only a Uint8Array, Buffer, ArrayBuffer or DataView",
        { serializer: 'bytes' },
      );
    }
    return view;
  },

  // A Buffer handed in by a Node backend is returned as a plain Uint8Array over the same memory.
  deserialize: (bytes) =>
    bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
};
