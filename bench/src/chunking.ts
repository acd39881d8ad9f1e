// Chunk+hash throughput: xetcache against xet-core's reference package, on the same bytes.

import { getChunks, fileHash, hashToHex } from '@huggingface/xetchunk-wasm';
import { digest, type HashDeps } from '@xetcache/core';
import { createNativeBlake3, nodeSha256 } from '@xetcache/core/node';
import { best, fmt, mbps, row, MiB } from './measure.js';

const noSha: HashDeps['sha256'] = () => ({ update() {}, settled: async () => {}, digest: async () => new Uint8Array(32) });

export async function benchChunking(data: Uint8Array): Promise<void> {
  console.log(`\nchunk + hash, ${data.length / MiB} MiB in memory (best of 3)`);
  const blake3 = createNativeBlake3()!;
  const ref = await best(3, () => getChunks(data));
  const ours = await best(3, () => digest(data, { blake3, sha256: noSha }));
  const withSha = await best(3, () => digest(data, { blake3, sha256: nodeSha256 }));
  const same =
    ours.result.chunks.length === ref.result.length &&
    ours.result.xetHash === hashToHex(fileHash(ref.result)) &&
    ours.result.chunks.every((c, i) => hashToHex(c.hash) === hashToHex(ref.result[i]!.hash));
  const refMBps = mbps(data.length, ref.ms);
  const oursMBps = mbps(data.length, ours.ms);
  row('@huggingface/xetchunk-wasm (reference)', `${fmt(refMBps)} MB/s`);
  row('xetcache chunk + BLAKE3', `${fmt(oursMBps)} MB/s  (${fmt(oursMBps / refMBps, 2)}x reference)`);
  row('xetcache chunk + BLAKE3 + SHA-256 oid', `${fmt(mbps(data.length, withSha.ms))} MB/s`);
  row('identical chunks, chunk hashes and file hash', same ? 'yes' : 'NO');
  if (!same) process.exitCode = 1;
}
