// A growing byte buffer that the encoder writes into in one pass, so keying a call allocates
// no intermediate strings or trees.

const utf8 = new TextEncoder();
// In Unicode mode a paired surrogate is one code point, so this finds only lone surrogates.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// Below this length a plain loop beats the native encoder's call overhead.
const NATIVE_UTF8_MIN = 64;

export class ByteWriter {
  bytes: Uint8Array;
  length = 0;
  private view: DataView;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(byte: number): void {
    this.reserve(1);
    this.bytes[this.length++] = byte;
  }

  u32(n: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, n);
    this.length += 4;
  }

  f64(x: number): void {
    this.reserve(8);
    // NaN has many bit patterns; a key must not depend on which one a computation produced.
    if (Number.isNaN(x)) {
      this.view.setUint32(this.length, 0x7ff80000);
      this.view.setUint32(this.length + 4, 0);
    } else {
      this.view.setFloat64(this.length, x);
    }
    this.length += 8;
  }

  raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /**
   * A length-prefixed string in WTF-8: UTF-8, except that a lone surrogate is written as its own
   * three bytes instead of U+FFFD, so that two different strings never share an encoding.
   */
  str(s: string): void {
    this.reserve(4 + s.length * 3);
    const start = this.length + 4;
    let at = start;
    if (s.length >= NATIVE_UTF8_MIN && !LONE_SURROGATE.test(s)) {
      at += utf8.encodeInto(s, this.bytes.subarray(start)).written;
    } else {
      at = this.wtf8(s, start);
    }
    this.view.setUint32(this.length, at - start);
    this.length = at;
  }

  private wtf8(s: string, start: number): number {
    const b = this.bytes;
    let at = start;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        b[at++] = c;
        continue;
      }
      if (c < 0x800) {
        b[at++] = 0xc0 | (c >> 6);
        b[at++] = 0x80 | (c & 0x3f);
        continue;
      }
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const low = s.charCodeAt(i + 1);
        if (low >= 0xdc00 && low < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
          b[at++] = 0xf0 | (c >> 18);
          b[at++] = 0x80 | ((c >> 12) & 0x3f);
          b[at++] = 0x80 | ((c >> 6) & 0x3f);
          b[at++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      b[at++] = 0xe0 | (c >> 12);
      b[at++] = 0x80 | ((c >> 6) & 0x3f);
      b[at++] = 0x80 | (c & 0x3f);
    }
    return at;
  }

  /** Overwrites four bytes written earlier, for a count known only after its items. */
  patchU32(at: number, n: number): void {
    this.view.setUint32(at, n);
  }

  /** A copy of the bytes written so far. */
  take(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
