// BLAKE3 behind one small interface, so the fast native build (Node) and the WebAssembly build
// (browsers, or wherever the native one does not load) are interchangeable.

export type KeyedHash = (data: Uint8Array) => Uint8Array;

export interface Blake3 {
  /** Which implementation this is, for diagnostics and benchmarks. */
  readonly name: string;
  /**
   * A keyed BLAKE3 function with a 32-byte digest. The function may reuse internal state, so
   * one function must not be called re-entrantly; it is cheap to ask for another.
   */
  keyed(key: Uint8Array): KeyedHash;
}
