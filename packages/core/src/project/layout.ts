// Where things live inside a cache project: one pure function of the key, with the format
// version beside it. Keys are arbitrary strings, so they never become path segments; a keyed
// BLAKE3 of the key names the entry's folder.

import type { Blake3, KeyedHash } from '../hash/blake3.js';
import { toHex } from '../hash/hex.js';
import { ENTRY_PATH_KEY } from '../hash/xetcache-keys.js';

/** Version of the project layout and of the entry metadata files. */
export const PROJECT_FORMAT_VERSION = 1;

export const ENTRIES_DIR = 'entries';
export const META_FILE = 'meta.json';
export const VALUE_FILE = 'value';
/** Local, uncommitted state of this machine: inside .git, so git never tracks it. */
export const STATE_DIR = '.git/xetcache';

export const GITATTRIBUTES = `${ENTRIES_DIR}/**/${VALUE_FILE} filter=lfs diff=lfs merge=lfs -text\n`;


export interface EntryPaths {
  /** Hex digest naming the entry; also names its local state files. */
  id: string;
  dir: string;
  meta: string;
  value: string;
}

export function entryPathsById(id: string): EntryPaths {
  const dir = `${ENTRIES_DIR}/${id.slice(0, 2)}/${id.slice(2)}`;
  return { id, dir, meta: `${dir}/${META_FILE}`, value: `${dir}/${VALUE_FILE}` };
}

const encoder = new TextEncoder();

/** Maps keys to entry paths; the keyed hash is made once per project. */
export function createEntryNamer(blake3: Blake3): (key: string) => EntryPaths {
  const hash: KeyedHash = blake3.keyed(ENTRY_PATH_KEY);
  return (key) => entryPathsById(toHex(hash(encoder.encode(key))));
}

export const isEntryId = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

export const statePaths = {
  tmp: `${STATE_DIR}/tmp`,
  lock: `${STATE_DIR}/lock`,
  entryLocks: `${STATE_DIR}/entry-locks`,
  pending: `${STATE_DIR}/pending`,
  /** The commit the working tree is at while a merge moves the branch (see checkout.ts). */
  following: `${STATE_DIR}/following`,
  usage: `${STATE_DIR}/usage.json`,
  quarantine: `${STATE_DIR}/quarantine`,
};
