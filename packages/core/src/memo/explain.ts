// Why a call missed: compare its key with the newest entry of the same function.

import type { CacheStoreApi } from '../cache-store/cache-store.js';
import type { EntryMeta } from '../project/entry.js';
import { explainMiss, type MemoKeyParts } from './key/index.js';

export async function explainCall(store: CacheStoreApi, parts: MemoKeyParts): Promise<string> {
  let previous: EntryMeta | undefined;
  for (const key of await store.keys()) {
    if (!key.startsWith(`memo/${parts.fnName}/`)) continue;
    const meta = await store.getArtifact(key).catch(() => undefined);
    if (meta?.memo && (!previous || meta.createdAt > previous.createdAt)) previous = meta;
  }
  return explainMiss(parts, previous?.memo);
}
