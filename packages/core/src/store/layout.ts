// Where everything lives in a store: one pure function of names, with the format version in
// the top folder so a future layout can sit beside this one. See docs/store-format.md.

export const STORE_FORMAT_VERSION = 1;
const V = `v${STORE_FORMAT_VERSION}`;

const HEX64 = /^[0-9a-f]{64}$/;
const PACK_ID = /^[0-9a-f]{32}$/;

export const layout = {
  format: `${V}/FORMAT`,
  packsDir: `${V}/packs`,
  pack: (id: string) => `${V}/packs/${id}.pack`,
  packIndex: (id: string) => `${V}/packs/${id}.idx`,
  valuesDir: `${V}/values`,
  valueShard: (shard: string) => `${V}/values/${shard}`,
  /** A value's manifest, by the hex of its SHA-256. */
  manifest: (sha256Hex: string) => `${V}/values/${sha256Hex.slice(0, 2)}/${sha256Hex}`,
  quarantineDir: `${V}/quarantine`,
  quarantine: (name: string) => `${V}/quarantine/${name}`,
  gcLock: `${V}/locks/gc`,
  writersDir: `${V}/locks/writers`,
  writer: (id: string) => `${V}/locks/writers/${id}`,
};

export function isValueName(name: string): boolean {
  return HEX64.test(name);
}

export function isPackId(id: string): boolean {
  return PACK_ID.test(id);
}

export function newPackId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
