// Every storage key the hub uses, made here and nowhere else. The format version is the top
// folder, so a later layout can live beside this one. Names and digests are validated before
// they reach these functions (names.ts, oid.ts); keys.ts refuses anything that slips through.

export const STORAGE_FORMAT_VERSION = 1;
const V = `v${STORAGE_FORMAT_VERSION}`;

export const layout = {
  /** Chunk bytes, back to back; `id` is 32 hex digits. Invisible until its index exists. */
  pack: (id: string) => `${V}/chunks/packs/${id}`,
  /** Which chunks a pack holds, and where. Written after the pack: its presence publishes the pack. */
  packIndex: (id: string) => `${V}/chunks/index/${id}`,
  packIndexPrefix: `${V}/chunks/index/`,
  /** A value's manifest, by the hex SHA-256 of its bytes (the git-LFS oid). The value's commit point. */
  value: (sha256: string) => `${V}/values/${sha256.slice(0, 2)}/${sha256}`,

  user: (name: string) => `${V}/users/${name}`,
  usersPrefix: `${V}/users/`,
  /** A token's record, by the hex SHA-256 of the token: tokens are never stored in the clear. */
  token: (hash: string) => `${V}/tokens/${hash}`,
  tokensPrefix: `${V}/tokens/`,

  /** A project's record; apart from its objects and locks, so listing projects reads only records. */
  project: (owner: string, name: string) => `${V}/registry/${owner}/${name}`,
  projectsPrefix: `${V}/registry/`,
  /** Marks a value as part of a project: downloads are only served for a project's own values. */
  projectObject: (owner: string, name: string, sha256: string) => `${V}/projects/${owner}/${name}/objects/${sha256}`,
  /** One file-lock, by the hex SHA-256 of the locked path, so a path is locked at most once. */
  lock: (owner: string, name: string, pathHash: string) => `${V}/projects/${owner}/${name}/locks/${pathHash}`,
  locksPrefix: (owner: string, name: string) => `${V}/projects/${owner}/${name}/locks/`,
};
