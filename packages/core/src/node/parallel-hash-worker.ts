// The half of parallel hashing that runs per block: find every gear-hash match in a block,
// chunk it as if a chunk started at its first byte, and hash those chunks. Also home of the
// boundary rule over a match bitmap, which the calling thread reuses to find the true chunks.
//
// Why a bitmap of every match instead of the chunker's skip-ahead scan: once the gear hash has
// taken in 64 bytes, its value depends on those 64 bytes only, so whether a position matches is a
// property of the content, not of where the chunk started. With all matches known, the true
// chunking entering a block from the previous one is found with no further gear hashing, however
// long it takes to agree with the block's speculative chunking (never, in runs of zeros).

import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { GEAR_TABLE } from 'gearhash-jit';
import { chunkParams, GEAR_WINDOW, type ChunkParams } from '../chunking/params.js';
import type { KeyedHash } from '../hash/blake3.js';
import { DATA_KEY } from '../hash/xet-keys.js';
import { createBestBlake3 } from './blake3-native.js';

/** Bytes in front of a block's data in its buffer: the end of the previous block, to warm the hash. */
export const PREFIX = GEAR_WINDOW;
export const WORKER_TAG = 'xetcache:parallel-hash';

/** A block with its match bitmap: bit i is set when the 64 bytes ending at byte i match the mask. */
export interface ScannedBlock {
  /** Stream offset of the first byte. */
  base: number;
  bytes: Uint8Array;
  bits: Uint8Array;
  /** The same bitmap by 32-bit words, to skip empty stretches quickly. */
  words: Uint32Array;
}

export interface BlockJob {
  id: number;
  /** PREFIX bytes then `length` bytes of data. */
  buffer: ArrayBuffer;
  length: number;
  target: number;
  /** A bitmap buffer of an earlier block to fill again, if the calling thread has one spare. */
  bits?: ArrayBuffer;
}

export interface BlockResult {
  id: number;
  buffer: ArrayBuffer;
  bits: ArrayBuffer;
  /** Ends of the speculative chunks found inside the block, relative to its first byte. */
  ends: Int32Array;
  /** Keyed hashes of speculative chunks 1.. (chunk 0 rarely survives resynchronisation). */
  hashes: Uint8Array;
}

export type WorkerReply = BlockResult | { id: number; error: string };

// --- gear hash of a few bytes, in JavaScript: the <64-byte stretch after a chunk's skip ---

const GEAR_HI = new Uint32Array(256);
const GEAR_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  GEAR_HI[i] = Number(GEAR_TABLE[i]! >> 32n);
  GEAR_LO[i] = Number(GEAR_TABLE[i]! & 0xffffffffn);
}

function byteAt(blocks: readonly ScannedBlock[], pos: number): number {
  const b = blocks.length > 1 && pos < blocks[1]!.base ? blocks[0]! : blocks[blocks.length - 1]!;
  return b.bytes[pos - b.base]!;
}

/**
 * The first chunk end in start+1..end at which the gear hash, fed from `start` and so still short
 * of 64 bytes (its value depends on where the chunk began), matches; -1 if none.
 */
function earlyMatch(blocks: readonly ScannedBlock[], params: ChunkParams, start: number, end: number): number {
  const maskHi = Number(params.mask >> 32n);
  const maskLo = Number(params.mask & 0xffffffffn);
  let hi = 0;
  let lo = 0;
  for (let p = start; p < end; p++) {
    const b = byteAt(blocks, p);
    const shifted = (lo << 1) >>> 0;
    const sum = shifted + GEAR_LO[b]!;
    hi = (((hi << 1) | (lo >>> 31)) + GEAR_HI[b]! + (sum > 0xffffffff ? 1 : 0)) >>> 0;
    lo = sum >>> 0;
    if ((hi & maskHi) === 0 && (lo & maskLo) === 0) return p + 1;
  }
  return -1;
}

function firstBit(block: ScannedBlock, from: number, to: number): number {
  const { bits, words } = block;
  let i = from;
  while (i < to) {
    if ((i & 31) === 0) {
      while (i + 32 <= to && words[i >>> 5] === 0) i += 32;
      if (i >= to) break;
    } else if ((i & 7) === 0 && i + 8 <= to && bits[i >>> 3] === 0) {
      i += 8;
      continue;
    }
    if ((bits[i >>> 3]! >>> (i & 7)) & 1) return i;
    i++;
  }
  return -1;
}

/** The first chunk end in from..to (inclusive) at a content match, or -1. */
function contentMatch(blocks: readonly ScannedBlock[], from: number, to: number): number {
  for (const b of blocks) {
    const lo = Math.max(from, b.base + 1);
    const hi = Math.min(to, b.base + b.bytes.length);
    if (lo > hi) continue;
    const i = firstBit(b, lo - b.base - 1, hi - b.base);
    if (i >= 0) return b.base + i + 1;
  }
  return -1;
}

/**
 * Xet's boundary rule (as chunking/chunker.ts applies it) for the chunk starting at `start`, over
 * one block or two consecutive ones holding the bytes up to `avail`. Returns the chunk's end, or
 * -1 when that depends on bytes past `avail` and more are coming (`final` false).
 */
export function chunkEnd(
  blocks: readonly ScannedBlock[],
  params: ChunkParams,
  start: number,
  avail: number,
  final: boolean,
): number {
  const limit = start + params.max;
  const scan = start + params.skip;
  const early = earlyMatch(blocks, params, scan, Math.min(scan + GEAR_WINDOW - 1, limit, avail));
  if (early > 0) return early;
  const late = contentMatch(blocks, scan + GEAR_WINDOW, Math.min(limit, avail));
  if (late > 0) return late;
  if (limit <= avail) return limit;
  return final ? avail : -1;
}

// --- the gear scan over a whole block, in WebAssembly ---

// Independent hash chains (lanes) interleaved in one loop keep more of the CPU busy than one
// chain; four lanes of 64 KiB measured best here. Each lane starts 64 bytes early to warm its hash.
const LANES = 4;
const LANE = 64 * 1024;
const STRIDE = LANE + GEAR_WINDOW;
const IN = 2048; // after the 256 x u64 gear table
const OUT = IN + LANES * STRIDE;
const OUT_STRIDE = STRIDE / 8;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n >>>= 7;
    out.push(n ? b | 0x80 : b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/**
 * scan(laneLength: i32, mask: i64) sets the output bit of every byte of every lane at which the
 * gear hash matches. Matches are rare, so the code for them sits after the loop body: the common
 * path then runs straight through with one taken branch per iteration instead of one per lane.
 */
function scannerModule(): Uint8Array<ArrayBuffer> {
  const [LEN, MASK, P, END, IDX, H] = [0, 1, 2, 3, 4, 5];
  const c: number[] = [];
  const get = (i: number) => c.push(0x20, i);
  const set = (i: number) => c.push(0x21, i);
  const i32 = (n: number) => c.push(0x41, ...sleb(n));
  const step = (lane: number) => {
    get(H + lane);
    c.push(0x42, 1, 0x86); // i64.shl 1
    get(P);
    c.push(0x2d, 0, ...uleb(lane * STRIDE)); // i32.load8_u
    i32(3);
    c.push(0x74, 0x29, 3, 0, 0x7c); // i32.shl, i64.load (table), i64.add
    set(H + lane);
  };
  const matches = (lane: number) => {
    get(H + lane);
    get(MASK);
    c.push(0x83, 0x50); // (h & mask) == 0
  };
  const mark = (lane: number) => {
    get(P);
    i32(IN + GEAR_WINDOW);
    c.push(0x6b);
    set(IDX);
    get(IDX);
    i32(3);
    c.push(0x76); // address: idx >> 3
    get(IDX);
    i32(3);
    c.push(0x76, 0x2d, 0, ...uleb(OUT + lane * OUT_STRIDE));
    i32(1);
    get(IDX);
    i32(7);
    c.push(0x71, 0x74, 0x72); // | 1 << (idx & 7)
    c.push(0x3a, 0, ...uleb(OUT + lane * OUT_STRIDE)); // i32.store8
  };
  const next = (toLoop: number) => {
    get(P);
    i32(1);
    c.push(0x6a, 0x22, P); // p += 1
    get(END);
    c.push(0x49, 0x0d, toLoop); // br_if p < end
  };
  // Warm up: 64 bytes into every lane's hash, no tests.
  i32(IN);
  set(P);
  i32(IN + GEAR_WINDOW);
  set(END);
  c.push(0x03, 0x40);
  for (let j = 0; j < LANES; j++) step(j);
  next(0);
  c.push(0x0b);
  i32(IN + GEAR_WINDOW);
  get(LEN);
  c.push(0x6a);
  set(END);
  // block exit { loop { block m0 { ... block m(L-1) { body } on match L-1 } ... } on match 0 } }
  c.push(0x02, 0x40, 0x03, 0x40);
  for (let j = 0; j < LANES; j++) c.push(0x02, 0x40);
  for (let j = 0; j < LANES; j++) {
    step(j);
    matches(j);
    c.push(0x0d, LANES - 1 - j); // br_if to lane j's match code
  }
  next(LANES);
  c.push(0x0c, LANES + 1);
  for (let j = LANES - 1; j >= 0; j--) {
    c.push(0x0b);
    mark(j);
    for (let k = j + 1; k < LANES; k++) {
      step(k);
      matches(k);
      c.push(0x04, 0x40);
      mark(k);
      c.push(0x0b);
    }
    next(j);
    c.push(0x0c, j + 1);
  }
  c.push(0x0b, 0x0b, 0x0b);
  const body = [2, 3, 0x7f, LANES, 0x7e, ...c];
  const pages = Math.ceil((OUT + LANES * OUT_STRIDE) / 65536);
  return new Uint8Array([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 2, 0x7f, 0x7e, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, ...uleb(pages)]),
    ...section(7, [2, 4, 0x73, 0x63, 0x61, 0x6e, 0, 0, 3, 0x6d, 0x65, 0x6d, 2, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

interface Scanner {
  scan(laneLength: number, mask: bigint): void;
  mem: Uint8Array;
}

let scanner: Scanner | undefined;

function getScanner(): Scanner {
  if (scanner) return scanner;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(scannerModule()), {});
  const memory = instance.exports.mem as WebAssembly.Memory;
  const table = new DataView(memory.buffer);
  for (let i = 0; i < 256; i++) table.setBigUint64(i * 8, GEAR_TABLE[i]!, true);
  scanner = { scan: instance.exports.scan as Scanner['scan'], mem: new Uint8Array(memory.buffer) };
  return scanner;
}

/** The match bitmap of `length` bytes preceded by PREFIX bytes in `buf`, rounded up to words. */
function scanMatches(buf: Uint8Array, length: number, mask: bigint, reuse?: ArrayBuffer): ArrayBuffer {
  const { scan, mem } = getScanner();
  const size = Math.ceil(length / 32) * 4;
  const bits = reuse && reuse.byteLength >= size ? new Uint8Array(reuse) : new Uint8Array(size);
  // Every byte up to the block's end is written below; the rest of a reused buffer is cleared.
  bits.fill(0, Math.floor(length / 8));
  const end = PREFIX + length;
  for (let at = 0; at < length; at += LANES * LANE) {
    const laneLength = Math.ceil(Math.min(LANES * LANE, length - at) / LANES / 8) * 8;
    for (let j = 0; j < LANES; j++) {
      const from = at + j * laneLength;
      if (from < length) mem.set(buf.subarray(from, Math.min(from + PREFIX + laneLength, end)), IN + j * STRIDE);
    }
    mem.fill(0, OUT, OUT + LANES * OUT_STRIDE);
    scan(laneLength, mask);
    for (let j = 0; j < LANES; j++) {
      const from = at + j * laneLength;
      if (from >= length) break;
      const n = Math.ceil(Math.min(laneLength, length - from) / 8);
      bits.set(mem.subarray(OUT + j * OUT_STRIDE, OUT + j * OUT_STRIDE + n), from / 8);
    }
  }
  return bits.buffer;
}

// --- the worker ---

function hashBlock(job: BlockJob, chunkHash: KeyedHash): { result: BlockResult; transfer: ArrayBuffer[] } {
  const params = chunkParams(job.target);
  const buf = new Uint8Array(job.buffer);
  const bits = scanMatches(buf, job.length, params.mask, job.bits);
  const block: ScannedBlock = {
    base: 0,
    bytes: buf.subarray(PREFIX, PREFIX + job.length),
    bits: new Uint8Array(bits),
    words: new Uint32Array(bits),
  };
  const found: number[] = [];
  for (let start = 0; ; ) {
    const end = chunkEnd([block], params, start, job.length, false);
    if (end < 0) break;
    found.push(end);
    start = end;
  }
  const ends = Int32Array.from(found);
  const hashes = new Uint8Array(32 * Math.max(0, ends.length - 1));
  for (let j = 1; j < ends.length; j++) hashes.set(chunkHash(block.bytes.subarray(ends[j - 1]!, ends[j]!)), 32 * (j - 1));
  return {
    result: { id: job.id, buffer: job.buffer, bits, ends, hashes },
    transfer: [job.buffer, bits, ends.buffer, hashes.buffer],
  };
}

function serve(port: MessagePort): void {
  // Listen at once, so no job arrives before the listener; jobs still run in arrival order.
  const ready = createBestBlake3().then((blake3) => blake3.keyed(DATA_KEY));
  port.on('message', (job: BlockJob) => {
    ready
      .then((chunkHash) => {
        const { result, transfer } = hashBlock(job, chunkHash);
        port.postMessage(result, transfer);
      })
      .catch((err: unknown) => {
        const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
        port.postMessage({ id: job.id, error } satisfies WorkerReply);
      });
  });
}

if (!isMainThread && parentPort && workerData === WORKER_TAG) serve(parentPort);
