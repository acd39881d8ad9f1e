// Regenerates chunking/golden-vectors.json from xet-core's reference (@huggingface/xetchunk-wasm).
// Run: node --conditions=source --import tsx packages/core/src/testing/make-golden-vectors.ts

import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { getChunks, fileHash, hashToHex } from '@huggingface/xetchunk-wasm';
import { seededBytes } from './random.js';

const cases = [
  { seed: 1, size: 0 },
  { seed: 2, size: 1 },
  { seed: 3, size: 8191 },
  { seed: 4, size: 131072 },
  { seed: 5, size: 131073 },
  { seed: 6, size: 1_000_000 },
  { seed: 7, size: 3_000_000 },
];
const vectors = cases.map(({ seed, size }) => {
  const data = seededBytes(seed, size);
  const chunks = getChunks(data);
  return {
    seed,
    size,
    oid: `sha256:${createHash('sha256').update(data).digest('hex')}`,
    xetHash: hashToHex(fileHash(chunks)),
    chunks: chunks.map((c) => ({ hash: hashToHex(c.hash), length: c.length })),
  };
});
const path = new URL('../chunking/golden-vectors.json', import.meta.url);
writeFileSync(path, `${JSON.stringify({ generator: 'testing/random.ts seededBytes(seed, size)', vectors }, null, 1)}\n`);
console.log(`wrote ${vectors.length} vectors to ${path.pathname}`);
