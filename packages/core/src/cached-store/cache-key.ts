// Where cachedStore keeps a copy: one pure, versioned function from (namespace, key) to backend
// keys. Keys are arbitrary strings, so each part is encoded into a single path segment that is
// safe on any file system: only [a-z0-9._%-] (nothing a case-insensitive file system folds), no
// '/', never empty, no leading or trailing '.', and no Windows device name (con, nul, com1, …).
// The encoding is reversible, so distinct keys never share a copy. A long key gives a long
// segment (up to 9 characters per character of the key); backends with short name limits must
// map it further.

export const CACHED_STORE_LAYOUT = 'cached-store/v1';

export interface CacheKeys {
  /** Where the bytes of a value are kept. */
  value: string;
  /** Where, with `negative: true`, the fact that the slow store has no value is kept. */
  missing: string;
}

export function cacheKeys(namespace: string, key: string): CacheKeys {
  const base = `${CACHED_STORE_LAYOUT}/${encodeSegment(namespace)}`;
  const name = encodeSegment(key);
  return { value: `${base}/value/${name}`, missing: `${base}/missing/${name}` };
}

const PLAIN = /^[a-z0-9_-]$/;
const DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/;
const encoder = new TextEncoder();
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/**
 * Percent-encoding of UTF-8 with lowercase hex; an unpaired surrogate, which has no UTF-8 form,
 * is `%u` and four hex digits; the empty string is a lone `%`.
 */
export function encodeSegment(text: string): string {
  if (text === '') return '%';
  let out = '';
  let at = 0;
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    const edge = at === 0 || at + ch.length === text.length;
    at += ch.length;
    if (PLAIN.test(ch) || (ch === '.' && !edge)) out += ch;
    else if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) out += `%u${unit.toString(16)}`;
    else for (const byte of encoder.encode(ch)) out += `%${hex2(byte)}`;
  }
  // 'con.txt' names the console on Windows whatever follows the dot; escaping its first letter
  // makes it an ordinary name.
  return DEVICE.test(out) ? `%${hex2(out.charCodeAt(0))}${out.slice(1)}` : out;
}
