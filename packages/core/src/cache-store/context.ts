// What a CacheStore is built from: a project (keys → entries), a chunk store (oids → bytes) and
// the serializers (values ↔ bytes). Each knows nothing of the others.

import type { ChunkStore } from '../store/chunk-store.js';
import type { Project } from '../project/project.js';
import type { EntryMeta } from '../project/entry.js';
import type { SerializerRegistry } from '../serializers/index.js';

export interface CacheStoreDeps {
  project: Project;
  store: ChunkStore;
  serializers: SerializerRegistry;
  /** Recorded in each entry as its producer, e.g. `alice@laptop`. */
  producer: string;
  now?: () => number;
  /** Bring a value's bytes into the chunk store when this machine lacks them (lazy projects). */
  fetchValue?: (meta: EntryMeta) => Promise<void>;
  /** Values other projects sharing this chunk store still use; gc keeps them. */
  otherLiveOids?: () => Promise<Iterable<string>>;
}
