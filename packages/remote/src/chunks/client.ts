// The client side of the hub's `xetcache-chunks` transfer (docs/chunk-protocol.md): upload
// sends only the chunks the hub lacks, download fetches only the chunks the local store lacks.

import { DATA_KEY, toXetHex, type Blake3, type ChunkStore } from '@xetcache/core';
import { RemoteError } from '../errors.js';
import { readJson } from '../http/response.js';
import type { HttpClient } from '../http/types.js';
import { CHUNKS_MEDIA_TYPE, frameHeader, indexRanges, readFrames } from './frames.js';

export const CHUNKS_TRANSFER = 'xetcache-chunks';

/** What a value's transfer needs of the local store. */
export type ValueStore = Pick<ChunkStore, 'stat' | 'get' | 'readChunk' | 'hasChunk' | 'put' | 'has'>;

export interface ChunkClientDeps {
  http: HttpClient;
  /** The LFS base, `<hub>/<owner>/<name>.git/info/lfs`. */
  endpoint: string;
  store: ValueStore;
  blake3: Blake3;
}

export interface ChunkListEntry {
  hash: string;
  length: number;
}

/** Bytes dealt with, and bytes that crossed the network (frames' payload). */
export interface ValueTransfer {
  processed: number;
  transferred: number;
}

const MAX_PER_REQUEST = 100_000;

function json(body: unknown) {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function base(deps: ChunkClientDeps): string {
  return deps.endpoint.replace(/\/+$/, '');
}

/** The value's bytes cut along its manifest, one piece per chunk. */
async function* chunksOf(store: ValueStore, oid: string, chunks: ChunkListEntry[]): AsyncGenerator<Uint8Array> {
  let pending = new Uint8Array(0);
  let index = 0;
  for await (const piece of await store.get(oid)) {
    let data = piece;
    if (pending.length) {
      data = new Uint8Array(pending.length + piece.length);
      data.set(pending, 0);
      data.set(piece, pending.length);
    }
    let at = 0;
    while (index < chunks.length && data.length - at >= chunks[index]!.length) {
      yield data.subarray(at, at + chunks[index]!.length);
      at += chunks[index]!.length;
      index++;
    }
    pending = data.slice(at);
  }
}

/** Upload one value: ask which chunks are missing, send those, register the value. */
export async function uploadValue(deps: ChunkClientDeps, oid: string): Promise<ValueTransfer> {
  const info = await deps.store.stat(oid);
  if (!info) throw new RemoteError('EINVAL', `no value ${oid} in the local store to upload`);
  const url = base(deps);
  const missing = new Set<string>();
  const hashes = info.chunks.map((c) => c.hash);
  for (let i = 0; i < hashes.length; i += MAX_PER_REQUEST) {
    const response = await deps.http({ method: 'POST', url: `${url}/chunks/missing`, ...json({ hashes: hashes.slice(i, i + MAX_PER_REQUEST) }) });
    const answer = (await readJson(response, 'the missing chunks')) as { missing?: string[] };
    for (const h of answer.missing ?? []) missing.add(h);
  }
  let transferred = 0;
  if (missing.size) {
    // One pack of the missing chunks, in value order, sent once each.
    const frames: Uint8Array[] = [];
    const sent = new Set<string>();
    let index = 0;
    for await (const bytes of chunksOf(deps.store, oid, info.chunks)) {
      const hash = info.chunks[index++]!.hash;
      if (!missing.has(hash) || sent.has(hash)) continue;
      sent.add(hash);
      frames.push(frameHeader(hash, bytes.length), bytes);
      transferred += bytes.length;
      if (sent.size % MAX_PER_REQUEST === 0) {
        await sendPack(deps, frames.splice(0));
      }
    }
    if (frames.length) await sendPack(deps, frames);
  }
  const response = await deps.http({
    method: 'PUT',
    url: `${url}/chunks/values/${oid.replace(/^sha256:/, '')}`,
    ...json({ size: info.size, chunks: info.chunks }),
  });
  await readJson(response, `the registration of ${oid}`);
  return { processed: info.size, transferred };
}

async function sendPack(deps: ChunkClientDeps, frames: Uint8Array[]): Promise<void> {
  let length = 0;
  for (const f of frames) length += f.length;
  const response = await deps.http({
    method: 'POST',
    url: `${base(deps)}/chunks/packs`,
    headers: { 'content-type': CHUNKS_MEDIA_TYPE },
    body: { length, open: () => frames },
  });
  await readJson(response, 'a chunk pack');
}

/** A local chunk the index lists could not be read back (damaged, or compacted away meanwhile). */
class LocalChunkLost extends Error {}

/**
 * Download one value into the local store: its chunk list, then the value streamed into a put
 * that checks the oid and size, chunk by chunk in order: chunks the store has are read from it,
 * the others come from the hub (checked against their hashes). Memory stays flat whatever the
 * value's size. Which chunks the store has is asked of its index (hasChunk), so each local chunk
 * is read once; if one then fails to read back, the download starts over with every local chunk
 * read and checked first, and the bad ones come from the hub.
 */
export async function downloadValue(deps: ChunkClientDeps, oid: string, size: number): Promise<ValueTransfer> {
  const url = `${base(deps)}/chunks/values/${oid.replace(/^sha256:/, '')}`;
  const list = (await readJson(await deps.http({ method: 'GET', url }), `the chunk list of ${oid}`)) as { size: number; chunks: ChunkListEntry[] };
  if (list.size !== size) throw new RemoteError('EINTEGRITY', `the hub describes ${oid} as ${list.size} bytes, not ${size}`);
  const progress = { transferred: 0 };
  const expectOid = oid.startsWith('sha256:') ? oid : `sha256:${oid}`;
  try {
    await deps.store.put(streamValue(deps, url, oid, list.chunks, await wantedChunks(deps.store, list.chunks, false), false, progress), { expectOid, expectSize: size });
  } catch (err) {
    if (!(err instanceof LocalChunkLost)) throw err;
    await deps.store.put(streamValue(deps, url, oid, list.chunks, await wantedChunks(deps.store, list.chunks, true), true, progress), { expectOid, expectSize: size });
  }
  return { processed: size, transferred: progress.transferred };
}

/** Indexes of the chunks the local store lacks: by its index, or (`read`) by reading each back. */
async function wantedChunks(store: ValueStore, chunks: ChunkListEntry[], read: boolean): Promise<number[]> {
  const wanted: number[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const held = read ? (await store.readChunk(chunks[i]!.hash)) !== undefined : await store.hasChunk(chunks[i]!.hash);
    if (!held) wanted.push(i);
  }
  return wanted;
}

/** The value's bytes in order: local chunks from the store, the `wanted` ones from the hub. */
async function* streamValue(
  deps: ChunkClientDeps,
  url: string,
  oid: string,
  chunks: ChunkListEntry[],
  wanted: number[],
  lastTry: boolean,
  progress: { transferred: number },
): AsyncGenerator<Uint8Array> {
  const missing = new Set(wanted);
  const check = deps.blake3.keyed(DATA_KEY);
  let next = 0; // into `wanted`: the first chunk of the next request
  let frames: AsyncGenerator<{ hash: string; bytes: Uint8Array }> | undefined;
  let left = 0; // frames still due from the current request
  const finish = async () => {
    // Reading past the last frame releases the connection and catches a body with extra frames.
    if (frames && !(await frames.next()).done) throw new RemoteError('EPROTOCOL', 'the hub sent more chunks than were asked for');
  };
  try {
    for (let i = 0; i < chunks.length; i++) {
      const expected = chunks[i]!;
      if (!missing.has(i)) {
        const local = await deps.store.readChunk(expected.hash);
        if (local) {
          yield local;
          continue;
        }
        if (lastTry) throw new RemoteError('EINTEGRITY', `chunk ${expected.hash} left the local store while ${oid} was fetched; fetch again`);
        throw new LocalChunkLost(expected.hash);
      }
      if (left === 0) {
        await finish();
        const batch = wanted.slice(next, next + MAX_PER_REQUEST);
        next += batch.length;
        left = batch.length;
        const response = await deps.http({ method: 'GET', url: `${url}/data?chunks=${indexRanges(batch)}` });
        frames = readFrames(response.body);
      }
      const frame = await frames!.next();
      left--;
      if (frame.done) throw new RemoteError('EPROTOCOL', `the hub sent fewer chunks of ${oid} than were asked for`);
      const { hash, bytes: data } = frame.value;
      if (hash !== expected.hash || data.length !== expected.length) {
        throw new RemoteError('EPROTOCOL', `the hub sent chunk ${hash} where ${expected.hash} was asked for`);
      }
      if (toXetHex(check(data)) !== hash) throw new RemoteError('EINTEGRITY', `chunk ${hash} of ${oid} arrived damaged`);
      progress.transferred += data.length;
      yield data;
    }
    await finish();
  } finally {
    // Given up half way: let the open response go.
    await frames?.return(undefined);
  }
}
