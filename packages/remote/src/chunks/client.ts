// The client side of the hub's `xetcache-chunks` transfer (docs/chunk-protocol.md): upload
// sends only the chunks the hub lacks, download fetches only the chunks the local store lacks.

import { DATA_KEY, toXetHex, type Blake3, type ChunkStore } from '@xetcache/core';
import { RemoteError } from '../errors.js';
import { readJson } from '../http/response.js';
import type { HttpClient } from '../http/types.js';
import { CHUNKS_MEDIA_TYPE, frameHeader, indexRanges, readFrames } from './frames.js';

export const CHUNKS_TRANSFER = 'xetcache-chunks';

/** What a value's transfer needs of the local store. */
export type ValueStore = Pick<ChunkStore, 'stat' | 'get' | 'readChunk' | 'readChunks' | 'hasChunk' | 'put' | 'has'>;

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
/**
 * Chunk bytes per pack sent: the hub keeps a pack whole or not at all, so this is the most a push
 * cut short (a killed client, a lost connection) sends again when it is run once more.
 */
const MAX_PACK_BYTES = 64 * 1024 * 1024;

function json(body: unknown) {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function base(deps: ChunkClientDeps): string {
  return deps.endpoint.replace(/\/+$/, '');
}

/** The value's bytes cut along its manifest, one piece per chunk, from chunk `from` on. */
async function* chunksOf(store: ValueStore, oid: string, chunks: ChunkListEntry[], from = 0): AsyncGenerator<Uint8Array> {
  let pending = new Uint8Array(0);
  let index = from;
  let offset = 0;
  for (let i = 0; i < from; i++) offset += chunks[i]!.length;
  for await (const piece of await store.get(oid, offset ? { offset } : undefined)) {
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

/**
 * Chunks being sent by the uploads of one push, by hash: an upload that finds a chunk missing
 * which another is already sending waits for that send instead of sending it again.
 */
export type SendsInFlight = Map<string, Promise<void>>;

/** Upload one value: ask which chunks are missing, send those, register the value. */
export async function uploadValue(deps: ChunkClientDeps, oid: string, inFlight: SendsInFlight = new Map()): Promise<ValueTransfer> {
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
  // Each missing chunk once, in value order, unless another upload is sending it.
  const toSend: number[] = [];
  const others = new Set<Promise<void>>();
  const picked = new Set<string>();
  info.chunks.forEach((c, i) => {
    if (!missing.has(c.hash) || picked.has(c.hash)) return;
    picked.add(c.hash);
    const other = inFlight.get(c.hash);
    if (other) others.add(other);
    else toSend.push(i);
  });
  // Packs of up to MAX_PER_REQUEST chunks and MAX_PACK_BYTES, one after the other; each claims
  // its chunks at once (before any await), so the uploads running beside this one see them.
  const packs: number[][] = [];
  let bytes = Infinity;
  for (const index of toSend) {
    const length = info.chunks[index]!.length;
    const last = packs[packs.length - 1];
    if (!last || last.length >= MAX_PER_REQUEST || bytes + length > MAX_PACK_BYTES) {
      packs.push([index]);
      bytes = length;
    } else {
      last.push(index);
      bytes += length;
    }
  }
  let sending: Promise<number> = Promise.resolve(0);
  for (const pack of packs) {
    sending = sending.then(async (sent) => sent + (await sendPack(deps, oid, info.chunks, pack)));
    const done = sending.then(() => undefined);
    done.catch(() => {}); // the failure is this upload's to report
    for (const index of pack) inFlight.set(info.chunks[index]!.hash, done);
  }
  const transferred = await sending;
  await Promise.all(others);
  const response = await deps.http({
    method: 'PUT',
    url: `${url}/chunks/values/${oid.replace(/^sha256:/, '')}`,
    ...json({ size: info.size, chunks: info.chunks }),
  });
  await readJson(response, `the registration of ${oid}`);
  return { processed: info.size, transferred };
}

/**
 * Send chunks `indexes` (ascending) of a value as one pack, streamed from the store: memory stays
 * flat whatever their number. A few chunks spread over a stretch of a large value are read one by
 * one; many, by reading that stretch through. Returns the chunk bytes sent.
 */
async function sendPack(deps: ChunkClientDeps, oid: string, chunks: ChunkListEntry[], indexes: number[]): Promise<number> {
  let payload = 0;
  for (const i of indexes) payload += chunks[i]!.length;
  // Few chunks spread over the part of the value this pack covers: read them one by one.
  const sparse = indexes.length * 8 < indexes[indexes.length - 1]! - indexes[0]! + 1;
  async function* frames(): AsyncGenerator<Uint8Array> {
    if (sparse) {
      for (const i of indexes) {
        const { hash, length } = chunks[i]!;
        const bytes = await deps.store.readChunk(hash);
        if (!bytes || bytes.length !== length) throw new RemoteError('EINTEGRITY', `chunk ${hash} of ${oid} is damaged or gone from the local store; run verify --repair`);
        yield frameHeader(hash, length);
        yield bytes;
      }
      return;
    }
    const wanted = new Set(indexes);
    const last = indexes[indexes.length - 1]!;
    let index = indexes[0]!;
    for await (const bytes of chunksOf(deps.store, oid, chunks, index)) {
      if (wanted.has(index)) {
        yield frameHeader(chunks[index]!.hash, bytes.length);
        yield bytes;
      }
      if (++index > last) break;
    }
    if (index <= last) throw new RemoteError('EINTEGRITY', `${oid} in the local store is shorter than its chunk list`);
  }
  const response = await deps.http({
    method: 'POST',
    url: `${base(deps)}/chunks/packs`,
    headers: { 'content-type': CHUNKS_MEDIA_TYPE },
    body: { length: payload + 36 * indexes.length, open: frames },
  });
  await readJson(response, 'a chunk pack');
  return payload;
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
        // A run of local chunks, read from the store together.
        let end = i;
        while (end < chunks.length && !missing.has(end)) end++;
        for await (const local of deps.store.readChunks(chunks.slice(i, end).map((c) => c.hash))) {
          if (!local) {
            if (lastTry) throw new RemoteError('EINTEGRITY', `chunk ${chunks[i]!.hash} left the local store while ${oid} was fetched; fetch again`);
            throw new LocalChunkLost(chunks[i]!.hash);
          }
          yield local;
          i++;
        }
        i--; // the loop's own step
        continue;
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
