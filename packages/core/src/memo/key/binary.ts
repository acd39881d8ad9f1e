// Typed arrays, DataView and ArrayBuffer: their kind by name plus their bytes in little-endian
// order, so a Float64Array keys the same on any machine. Subclasses key as their built-in kind
// (a Node Buffer as a Uint8Array): the bytes are the value.

import type { ByteWriter } from './byte-writer.js';
import { TAG } from './format.js';

// The %TypedArray% toStringTag getter reads the internal kind, so it works across realms and
// says undefined for a DataView.
const typedArrayKind = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Symbol.toStringTag,
)!.get as (this: unknown) => string | undefined;

const ELEMENT_SIZE: Record<string, number> = {
  Int16Array: 2,
  Uint16Array: 2,
  Float16Array: 2,
  Int32Array: 4,
  Uint32Array: 4,
  Float32Array: 4,
  Float64Array: 8,
  BigInt64Array: 8,
  BigUint64Array: 8,
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes a typed array or DataView. */
export function writeView(w: ByteWriter, view: ArrayBufferView): void {
  const kind = typedArrayKind.call(view) ?? 'DataView';
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  writeBytes(w, kind, bytes, LITTLE_ENDIAN ? 1 : (ELEMENT_SIZE[kind] ?? 1));
}

/** Writes an ArrayBuffer or SharedArrayBuffer (`kind` is its tag). */
export function writeBuffer(w: ByteWriter, kind: string, buffer: ArrayBufferLike): void {
  writeBytes(w, kind, new Uint8Array(buffer), 1);
}

function writeBytes(w: ByteWriter, kind: string, bytes: Uint8Array, swap: number): void {
  w.u8(TAG.binary);
  w.str(kind);
  w.u32(bytes.length);
  const at = w.length;
  w.raw(bytes);
  if (swap > 1) {
    // Only on a big-endian machine: reverse each element's bytes in place.
    for (let i = at; i < at + bytes.length; i += swap) w.bytes.subarray(i, i + swap).reverse();
  }
}
