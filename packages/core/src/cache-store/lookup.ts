// Reading one entry: its metadata from the project, its bytes from the chunk store (fetched when
// this machine lacks them and a fetcher is wired), decoded by the serializer that wrote it.

import { XetcacheError, isNotFound } from '../errors.js';
import { isExpired, type EntryMeta } from '../project/entry.js';
import type { CacheStoreDeps } from './context.js';

export type Lookup =
  | { hit: true; value: unknown; meta: EntryMeta }
  | { hit: false; reason: 'absent' | 'expired'; meta?: EntryMeta };

export async function readBytes(deps: CacheStoreDeps, meta: EntryMeta): Promise<Uint8Array> {
  try {
    return await deps.store.getBytes(meta.oid);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    if (!deps.fetchValue) {
      throw new XetcacheError(
        'ENOTFOUND',
        `the value of ${JSON.stringify(meta.key)} (${meta.oid}) is not on this machine; pull the project or fetch it from its remote`,
        { key: meta.key, oid: meta.oid },
      );
    }
    await deps.fetchValue(meta);
    return deps.store.getBytes(meta.oid);
  }
}

export async function lookup(deps: CacheStoreDeps, key: string): Promise<Lookup> {
  const now = deps.now ?? Date.now;
  const meta = await deps.project.read(key);
  if (!meta) {
    deps.project.recordMiss();
    return { hit: false, reason: 'absent' };
  }
  if (isExpired(meta, now())) {
    deps.project.recordMiss();
    return { hit: false, reason: 'expired', meta };
  }
  // Resolve the serializer before reading bytes: an unregistered one fails fast and clearly.
  const serializer = deps.serializers.forStoredValue(meta.serializer);
  const bytes = await readBytes(deps, meta);
  const value = await serializer.deserialize(bytes);
  deps.project.recordHit(deps.project.paths(key).id);
  return { hit: true, value, meta };
}

/** The stored (serialized) bytes of a live entry as a verified stream; undefined on a miss. */
export async function openValue(
  deps: CacheStoreDeps,
  key: string,
): Promise<{ meta: EntryMeta; bytes: AsyncIterable<Uint8Array> } | undefined> {
  const meta = await deps.project.read(key);
  if (!meta || isExpired(meta, (deps.now ?? Date.now)())) return undefined;
  if (!(await deps.store.has(meta.oid))) {
    if (!deps.fetchValue) await readBytes(deps, meta);
    else await deps.fetchValue(meta);
  }
  deps.project.recordHit(deps.project.paths(key).id);
  return { meta, bytes: await deps.store.get(meta.oid) };
}
