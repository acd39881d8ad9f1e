// BLAKE3 keys of xetcache's own hashes, kept apart from Xet's so an entry path or a memo key can
// never be confused with a chunk or file hash. 32 bytes each: a label padded with zeros.

function label(text: string): Uint8Array {
  const key = new Uint8Array(32);
  key.set(new TextEncoder().encode(text));
  return key;
}

/** Names an entry's folder in a cache project from its key. */
export const ENTRY_PATH_KEY = label('xetcache entry path, format 1');
/** Hashes memo arguments and function sources into keys. */
export const MEMO_KEY = label('xetcache memo key, format 1');
