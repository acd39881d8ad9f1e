// Storing one value under a key: serialize, put the bytes in the chunk store (deduplicated),
// then record the entry in the project.

import type { ByteSource } from '../chunking/chunker.js';
import { XetcacheError } from '../errors.js';
import type { EntryMeta } from '../project/entry.js';
import type { WriteResult } from '../project/project.js';
import type { CacheStoreDeps } from './context.js';

export interface CachePutOptions {
  /** A registered serializer's name; picked by the value's type when omitted. */
  serializer?: string;
  metadata?: Record<string, unknown>;
  /** Time to live: ms, or a duration such as '90s', '30m', '12h', '7d'. */
  ttl?: number | string;
  computeMs?: number;
  memo?: EntryMeta['memo'];
  /** Keep a live entry already under the key (and return it) instead of replacing it. */
  ifAbsent?: boolean;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(ttl: number | string): number {
  if (typeof ttl === 'number') {
    if (!Number.isFinite(ttl) || ttl <= 0) throw new XetcacheError('EINVAL', `ttl must be a positive number of milliseconds, not ${ttl}`);
    return ttl;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(ttl);
  if (!m || Number(m[1]) <= 0) {
    throw new XetcacheError('EINVAL', `ttl ${JSON.stringify(ttl)} is not a duration such as 90s, 30m, 12h or 7d`);
  }
  return Number(m[1]) * UNITS[m[2] ?? 'ms']!;
}

interface Stored {
  oid: string;
  size: number;
  xetHash: string;
}

type MetaOptions = Pick<CachePutOptions, 'ttl' | 'computeMs' | 'metadata' | 'memo'>;

/** An entry's metadata for a value just stored; the ttl is checked before any bytes move. */
function entryMeta(deps: CacheStoreDeps, key: string, serializer: string, options: MetaOptions): (stored: Stored) => EntryMeta {
  if (typeof key !== 'string') throw new XetcacheError('EINVAL', `a key is a string, not ${typeof key}`);
  const ttlMs = options.ttl === undefined ? undefined : parseDuration(options.ttl);
  return (stored) => {
    const now = (deps.now ?? Date.now)();
    return {
      key,
      serializer,
      size: stored.size,
      oid: stored.oid,
      xetHash: stored.xetHash,
      createdAt: new Date(now).toISOString(),
      expiresAt: ttlMs === undefined ? null : new Date(now + ttlMs).toISOString(),
      producer: deps.producer,
      computeMs: options.computeMs ?? null,
      metadata: options.metadata ?? {},
      ...(options.memo ? { memo: options.memo } : {}),
    };
  };
}

export async function putEntry(
  deps: CacheStoreDeps,
  key: string,
  value: unknown,
  options: CachePutOptions = {},
): Promise<WriteResult> {
  const serializer = options.serializer ? deps.serializers.get(options.serializer) : deps.serializers.pick(value);
  const meta = entryMeta(deps, key, serializer.name, options);
  const stored = await deps.store.put(await serializer.serialize(value));
  return deps.project.write(meta(stored), { ifAbsent: options.ifAbsent });
}

export interface PutSourceOptions extends Omit<CachePutOptions, 'serializer' | 'memo'> {
  /** The serializer that reads these bytes back (default bytes); it must be registered. */
  serializer?: string;
  onProgress?: (event: { processed: number; stored: number }) => void;
}

/** Store bytes that are already serialized, streaming them: memory stays flat for any size. */
export async function putSource(
  deps: CacheStoreDeps,
  key: string,
  source: ByteSource,
  options: PutSourceOptions = {},
): Promise<WriteResult> {
  const serializer = deps.serializers.get(options.serializer ?? 'bytes');
  const meta = entryMeta(deps, key, serializer.name, options);
  const stored = await deps.store.put(source, { onProgress: options.onProgress });
  return deps.project.write(meta(stored), { ifAbsent: options.ifAbsent });
}
