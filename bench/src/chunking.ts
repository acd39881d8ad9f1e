// Chunk+hash throughput: xetcache, on the calling thread and on worker threads, against xet-core's
// reference package, on the same bytes.

import { getChunks, fileHash, hashToHex } from '@huggingface/xetchunk-wasm';
import { digest, type Digest, type HashDeps } from '@xetcache/core';
import { createNativeBlake3, defaultHashWorkers, nodeSha256, parallelDigest } from '@xetcache/core/node';
import { best, fmt, mbps, row, MiB } from './measure.js';

const noSha: HashDeps['sha256'] = () => ({ update() {}, settled: async () => {}, digest: async () => new Uint8Array(32) });

export async function benchChunking(data: Uint8Array): Promise<void> {
  console.log(`\nchunk + hash, ${data.length / MiB} MiB in memory (best of 3)`);
  const blake3 = createNativeBlake3()!;
  const ref = await best(3, () => getChunks(data));
  const same = (d: Digest) =>
    d.chunks.length === ref.result.length &&
    d.xetHash === hashToHex(fileHash(ref.result)) &&
    d.chunks.every((c, i) => hashToHex(c.hash) === hashToHex(ref.result[i]!.hash));
  const one = await best(3, () => digest(data, { blake3, sha256: noSha }));
  const oneSha = await best(3, () => digest(data, { blake3, sha256: nodeSha256 }));
  const workers = await best(3, () => parallelDigest(data, { blake3, sha256: noSha }));
  const workersSha = await best(3, () => parallelDigest(data, { blake3, sha256: nodeSha256 }));
  const refMBps = mbps(data.length, ref.ms);
  const vsRef = (ms: number) => `${fmt(mbps(data.length, ms))} MB/s  (${fmt(mbps(data.length, ms) / refMBps, 2)}x reference)`;
  const threads = `${defaultHashWorkers()} worker threads`;
  row('@huggingface/xetchunk-wasm (reference)', `${fmt(refMBps)} MB/s`);
  row('xetcache chunk + BLAKE3, calling thread', vsRef(one.ms));
  row(`xetcache chunk + BLAKE3, ${threads}`, vsRef(workers.ms));
  row('xetcache chunk + BLAKE3 + SHA-256 oid, calling thread', `${fmt(mbps(data.length, oneSha.ms))} MB/s`);
  row(`xetcache chunk + BLAKE3 + SHA-256 oid, ${threads}`, `${fmt(mbps(data.length, workersSha.ms))} MB/s`);
  const identical = [one, oneSha, workers, workersSha].every((r) => same(r.result));
  row('identical chunks, chunk hashes and file hash', identical ? 'yes (both ways)' : 'NO');
  if (!identical) process.exitCode = 1;
}
