// Chunk a stream and hash each chunk with Xet's data key, computing the SHA-256 oid of the whole
// stream on the side. The one pass every put, `hash` command and benchmark goes through.

import type { Blake3 } from '../hash/blake3.js';
import type { Sha256Factory } from '../hash/sha256.js';
import { DATA_KEY } from '../hash/xet-keys.js';
import { xetFileHash, type ChunkRef } from '../hash/merkle.js';
import { toHex, toXetHex } from '../hash/hex.js';
import { chunkStream, type ByteSource } from './chunker.js';
import { HashSlab } from './hash-slab.js';
import type { ChunkParams } from './params.js';

export interface HashDeps {
  blake3: Blake3;
  sha256: Sha256Factory;
  params?: ChunkParams;
}

export interface HashedChunk {
  /** A view valid until the next chunk is requested. */
  data: Uint8Array;
  hash: Uint8Array;
  /** Offset of the chunk in the stream. */
  offset: number;
}

export interface Digest {
  /** `sha256:` + hex, the git-LFS oid. */
  oid: string;
  size: number;
  /** Xet file hash in Xet's hex convention. */
  xetHash: string;
  chunks: ChunkRef[];
}

/**
 * Yields each chunk with its hash and returns the digest of the whole stream once the
 * generator is exhausted.
 */
export async function* hashChunks(source: ByteSource, deps: HashDeps): AsyncGenerator<HashedChunk, Digest> {
  const sha = deps.sha256();
  const chunkHash = deps.blake3.keyed(DATA_KEY);
  const chunks: ChunkRef[] = [];
  const hashes = new HashSlab();
  let offset = 0;
  const stream = chunkStream(source, {
    params: deps.params,
    onBytes: (bytes) => sha.update(bytes),
    beforeReuse: () => sha.settled(),
  });
  for await (const data of stream) {
    const hash = hashes.keep(chunkHash(data));
    chunks.push({ hash, length: data.length });
    yield { data, hash, offset };
    offset += data.length;
  }
  const oid = `sha256:${toHex(await sha.digest())}`;
  return { oid, size: offset, xetHash: toXetHex(xetFileHash(deps.blake3, chunks)), chunks };
}

/** Drain hashChunks: the digest of a stream without keeping its bytes. */
export async function digest(source: ByteSource, deps: HashDeps): Promise<Digest> {
  const it = hashChunks(source, deps);
  for (;;) {
    const step = await it.next();
    if (step.done) return step.value;
  }
}
