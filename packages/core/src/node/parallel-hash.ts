// hashChunks on every core. The stream is cut into large blocks; each goes to a worker thread
// which finds its gear-hash matches, chunks it as if a chunk began at its first byte and hashes
// those chunks. Content-defined boundaries resynchronise: the true chunking, carried over from
// the previous block, soon lands on one of the block's speculative boundaries, and from there on
// the two agree. This thread computes SHA-256, walks the true boundaries over the workers' match
// bitmaps, hashes the few chunks before agreement (and those straddling two blocks) itself, and
// yields everything in stream order. Results are byte-identical to hashChunks.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ByteSource } from '../chunking/chunker.js';
import { hashChunks, type Digest, type HashDeps, type HashedChunk } from '../chunking/hash-chunks.js';
import { chunkParams } from '../chunking/params.js';
import { HashSlab } from '../chunking/hash-slab.js';
import { xetFileHash, type ChunkRef } from '../hash/merkle.js';
import { toHex, toXetHex } from '../hash/hex.js';
import type { Sha256Stream } from '../hash/sha256.js';
import { DATA_KEY } from '../hash/xet-keys.js';
import { XetcacheError } from '../errors.js';
import {
  chunkEnd,
  PREFIX,
  WORKER_TAG,
  type BlockJob,
  type BlockResult,
  type ScannedBlock,
  type WorkerReply,
} from './parallel-hash-worker.js';

export interface ParallelHashDeps extends HashDeps {
  /** Worker threads to use; 0 hashes on the calling thread. Defaults to the cores (at most 4). */
  workers?: number;
  /** Bytes per block handed to a worker (at least two maximum chunks). */
  blockSize?: number;
  /** Streams known to be shorter are hashed on the calling thread, where workers do not pay. */
  minParallelSize?: number;
}

// Large enough that messaging costs nothing next to hashing; small enough that the pipeline fills
// and drains quickly and that several fit in flight (4 MiB measured best here).
const DEFAULT_BLOCK = 4 * 1024 * 1024;
const DEFAULT_MIN_PARALLEL = 4 * 1024 * 1024;
// Blocks in flight per worker. Blocks come back in any order but are consumed in stream order, so
// one slow block must not leave the other workers without work.
const QUEUE_PER_WORKER = 3;

// --- the worker pool, shared by every call and idle workers never keeping the process alive ---

interface Pending {
  resolve(result: BlockResult): void;
  reject(err: Error): void;
}

class PoolWorker {
  readonly pending = new Map<number, Pending>();
  private readonly worker: Worker;

  constructor(onGone: (w: PoolWorker) => void) {
    this.worker = spawnWorker();
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.settle(reply.id);
      if ('error' in reply) job.reject(new XetcacheError('EWORKER', `hash worker failed: ${reply.error}`));
      else job.resolve(reply);
    });
    const fail = (err: Error) => {
      onGone(this);
      for (const [id, job] of this.pending) {
        this.settle(id);
        job.reject(err);
      }
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new XetcacheError('EWORKER', `hash worker exited with code ${code}`)));
  }

  run(job: BlockJob): Promise<BlockResult> {
    return new Promise((resolve, reject) => {
      // Referenced only while it owes a result, so a finished program can exit.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(job.id, { resolve, reject });
      this.worker.postMessage(job, job.bits ? [job.buffer, job.bits] : [job.buffer]);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

// A worker's JavaScript garbage is small (block buffers come and go by transfer), so a small
// young generation is enough and keeps each worker's memory down.
const WORKER_OPTIONS = { workerData: WORKER_TAG, resourceLimits: { maxYoungGenerationSizeMb: 4 } };

function spawnWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./parallel-hash-worker.js', here), WORKER_OPTIONS);
  // Running from TypeScript sources: --import hooks of the main thread do not reach workers in
  // Node 20, so the worker registers tsx itself before loading the .ts file. Without tsx, hope
  // for a Node that strips types itself.
  const script = new URL('./parallel-hash-worker.ts', here);
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    return new Worker(script, WORKER_OPTIONS);
  }
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(boot, { ...WORKER_OPTIONS, eval: true });
}

/**
 * How many worker threads hash when the caller does not say. One core gains nothing from
 * workers; past a few, the calling thread's serial share (copying blocks, SHA-256) is the limit.
 */
export function defaultHashWorkers(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, 4);
}

let pool: PoolWorker[] = [];
let nextJobId = 0;

function runJob(job: Omit<BlockJob, 'id'>, workers: number): Promise<BlockResult> {
  while (pool.length < workers) {
    pool.push(new PoolWorker((gone) => (pool = pool.filter((w) => w !== gone))));
  }
  let best = pool[0]!;
  for (const w of pool.slice(0, workers)) if (w.pending.size < best.pending.size) best = w;
  return best.run({ ...job, id: nextJobId++ });
}

/** Terminates the hash workers; later calls start new ones. */
export async function closeHashWorkers(): Promise<void> {
  const workers = pool;
  pool = [];
  await Promise.all(workers.map((w) => w.terminate()));
}

// --- reading the stream into blocks ---

class BlockReader {
  private readonly input: Iterator<Uint8Array> | AsyncIterator<Uint8Array>;
  private piece: Uint8Array | undefined;
  private done = false;

  constructor(source: ByteSource) {
    const iterable = source instanceof Uint8Array ? [source] : source;
    this.input =
      Symbol.asyncIterator in iterable
        ? (iterable as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
        : (iterable as Iterable<Uint8Array>)[Symbol.iterator]();
  }

  /** Fills `into` as far as the stream goes; `last` once it is known nothing follows. */
  async fill(into: Uint8Array): Promise<{ length: number; last: boolean }> {
    let length = 0;
    for (;;) {
      if (!this.piece?.length) {
        if (this.done) return { length, last: true };
        // Reading one piece past a full block tells whether this block is the last.
        const next = await this.input.next();
        if (next.done) {
          this.done = true;
          continue;
        }
        this.piece = next.value;
        continue;
      }
      if (length === into.length) return { length, last: false };
      const n = Math.min(this.piece.length, into.length - length);
      into.set(n === this.piece.length ? this.piece : this.piece.subarray(0, n), length);
      this.piece = this.piece.subarray(n);
      length += n;
    }
  }

  /** Lets an unfinished source release what it holds; its own complaints are not ours to raise. */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.input.return?.();
    } catch {
      // the error that stopped the caller matters more
    }
  }
}

// --- the calling thread's side ---

interface HeldBlock extends ScannedBlock {
  buffer: ArrayBuffer;
  last: boolean;
  ends: Int32Array;
  hashes: Uint8Array;
}

/**
 * hashChunks using worker threads: the same chunks, hashes, offsets and digest, in stream order.
 * Each yielded `data` is a view valid until the next chunk is requested.
 */
export async function* parallelHashChunks(
  source: ByteSource,
  deps: ParallelHashDeps,
): AsyncGenerator<HashedChunk, Digest> {
  const params = deps.params ?? chunkParams();
  const workers = deps.workers ?? defaultHashWorkers();
  const blockSize = Math.ceil(Math.max(deps.blockSize ?? DEFAULT_BLOCK, 2 * params.max) / 32) * 32;
  const minParallel = deps.minParallelSize ?? DEFAULT_MIN_PARALLEL;
  if (workers < 1 || (source instanceof Uint8Array && source.length <= Math.max(minParallel, blockSize))) {
    return yield* hashChunks(source, deps);
  }

  const reader = new BlockReader(source);
  const spare: ArrayBuffer[] = [];
  // Match bitmaps of blocks already walked, sent back for workers to fill again: one a block
  // would otherwise be garbage at 1/8 of the stream's size.
  const spareBits: ArrayBuffer[] = [];
  const inFlight: Array<Promise<HeldBlock>> = [];
  const tail = new Uint8Array(PREFIX);
  let readOffset = 0;
  let sourceDone = false;
  let sha: Sha256Stream | undefined;

  const readBlock = async (): Promise<{ buffer: ArrayBuffer; length: number; last: boolean }> => {
    const buffer = spare.pop() ?? new ArrayBuffer(PREFIX + blockSize);
    const { length, last } = await reader.fill(new Uint8Array(buffer, PREFIX, blockSize));
    sourceDone = last;
    return { buffer, length, last };
  };

  const dispatch = async (buffer: ArrayBuffer, length: number, last: boolean): Promise<void> => {
    const view = new Uint8Array(buffer);
    view.set(tail);
    const bytes = view.subarray(PREFIX, PREFIX + length);
    if (length >= PREFIX) tail.set(bytes.subarray(length - PREFIX));
    sha!.update(bytes);
    // The buffer leaves this thread next, so SHA-256 must be done reading it.
    await sha!.settled();
    const base = readOffset;
    readOffset += length;
    const bits = spareBits.pop();
    const job = runJob({ buffer, length, target: params.target, bits }, workers).then(
      (r): HeldBlock => ({
        base,
        last,
        buffer: r.buffer,
        bytes: new Uint8Array(r.buffer, PREFIX, length),
        bits: new Uint8Array(r.bits),
        words: new Uint32Array(r.bits),
        ends: r.ends,
        hashes: r.hashes,
      }),
    );
    // Rejections surface when the block's turn comes; this one only stops an early exit from
    // reporting them as unhandled.
    job.catch(() => {});
    inFlight.push(job);
  };

  const fillPipeline = async (): Promise<void> => {
    while (!sourceDone && inFlight.length < workers * QUEUE_PER_WORKER) {
      const { buffer, length, last } = await readBlock();
      if (length === 0) spare.push(buffer);
      else await dispatch(buffer, length, last);
    }
  };

  try {
    const first = await readBlock();
    if (first.last) {
      return yield* hashChunks(new Uint8Array(first.buffer, PREFIX, first.length), deps);
    }
    sha = deps.sha256();
    await dispatch(first.buffer, first.length, first.last);

    const chunkHash = deps.blake3.keyed(DATA_KEY);
    const hashes = new HashSlab();
    const chunks: ChunkRef[] = [];
    const joined = new Uint8Array(params.max);
    let prev: HeldBlock | undefined;
    let start = 0; // where the current true chunk begins

    const emit = (end: number, blocks: HeldBlock[], hash?: Uint8Array): HashedChunk => {
      const cur = blocks[blocks.length - 1]!;
      let data: Uint8Array;
      if (start >= cur.base) data = cur.bytes.subarray(start - cur.base, end - cur.base);
      else {
        // Straddles two blocks: joined in a buffer of its own.
        const head = blocks[0]!.bytes.subarray(start - blocks[0]!.base);
        joined.set(head);
        joined.set(cur.bytes.subarray(0, end - cur.base), head.length);
        data = joined.subarray(0, end - start);
      }
      const chunk = { data, hash: hash ?? hashes.keep(chunkHash(data)), offset: start };
      chunks.push({ hash: chunk.hash, length: data.length });
      start = end;
      return chunk;
    };

    while (inFlight.length > 0) {
      await fillPipeline();
      const cur = await inFlight.shift()!;
      const blocks = prev ? [prev, cur] : [cur];
      const avail = cur.base + cur.bytes.length;
      const specEnd = (j: number): number => cur.base + cur.ends[j]!;
      // j >= 0: the true chunking agrees with the speculative one from its j-th chunk on.
      let j = start === cur.base ? 0 : -1;
      let probe = 0;
      for (;;) {
        if (j >= 0 && j < cur.ends.length) {
          const hash = j > 0 ? cur.hashes.subarray(32 * (j - 1), 32 * j) : undefined;
          yield emit(specEnd(j), blocks, hash);
          j++;
          continue;
        }
        if (start === avail) break;
        const end = chunkEnd(blocks, params, start, avail, cur.last);
        if (end < 0) break;
        yield emit(end, blocks);
        if (j < 0) {
          while (probe < cur.ends.length && specEnd(probe) < start) probe++;
          if (probe < cur.ends.length && specEnd(probe) === start) j = probe + 1;
        }
      }
      if (prev) {
        spare.push(prev.buffer);
        spareBits.push(prev.bits.buffer as ArrayBuffer);
      }
      prev = cur;
    }
    const oid = `sha256:${toHex(await sha.digest())}`;
    return { oid, size: start, xetHash: toXetHex(xetFileHash(deps.blake3, chunks)), chunks };
  } finally {
    await reader.close();
  }
}

/** Drains parallelHashChunks: the digest of a stream without keeping its bytes. */
export async function parallelDigest(source: ByteSource, deps: ParallelHashDeps): Promise<Digest> {
  const it = parallelHashChunks(source, deps);
  for (;;) {
    const step = await it.next();
    if (step.done) return step.value;
  }
}
