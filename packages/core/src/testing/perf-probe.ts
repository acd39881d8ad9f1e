import { digest } from '../chunking/hash-chunks.js';
import { createNativeBlake3 } from '../node/blake3-native.js';
import { nodeSha256 } from '../node/sha256-node.js';
import { closeHashWorkers, parallelDigest } from '../node/parallel-hash.js';
import { seededBytes } from './random.js';
import { getChunks } from '@huggingface/xetchunk-wasm';
const data = seededBytes(1, 256 << 20);
const blake3 = createNativeBlake3()!;
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  await digest(data, { blake3, sha256: nodeSha256 });
  console.log('digest incl sha', (data.length / 1e6 / ((performance.now() - t) / 1000)).toFixed(0));
  t = performance.now();
  await digest(data, { blake3, sha256: () => ({ update() {}, settled: async () => {}, digest: async () => new Uint8Array(32) }) });
  console.log('chunk+hash', (data.length / 1e6 / ((performance.now() - t) / 1000)).toFixed(0));
  t = performance.now();
  await parallelDigest(data, { blake3, sha256: nodeSha256 });
  const parallelSha = data.length / 1e6 / ((performance.now() - t) / 1000);
  t = performance.now();
  await parallelDigest(data, { blake3, sha256: () => ({ update() {}, settled: async () => {}, digest: async () => new Uint8Array(32) }) });
  const parallel = data.length / 1e6 / ((performance.now() - t) / 1000);
  console.log('parallel digest incl sha', parallelSha.toFixed(0), 'parallel chunk+hash', parallel.toFixed(0));
}
await closeHashWorkers();
let t = performance.now(); getChunks(data); console.log('ref', (data.length / 1e6 / ((performance.now() - t) / 1000)).toFixed(0));
