// A data scientist's script: memoise a slow function in a hub project and print what happened.
//   memo-user.ts OWNER/NAME SIZE   → {"computed": bool, "ms": n, "length": n, "sha256": "…"}
// The function is the same source in every process, so every user gets the same memo key.

import { createHash } from 'node:crypto';
import { configure, memo, setProject } from 'xetcache';

const [project, sizeArg] = process.argv.slice(2);
if (!project || !sizeArg) throw new Error('usage: memo-user.ts OWNER/NAME SIZE');
configure({ thresholdMs: 0 });
setProject(project);

let computed = false;
const train = memo(async function train(size: number): Promise<Uint8Array> {
  computed = true;
  await new Promise((r) => setTimeout(r, 300));
  // Deterministic bytes that do not compress or repeat: SHA-256 of a counter, block after block.
  const out = new Uint8Array(size);
  for (let at = 0, i = 0; at < size; at += 32, i++) out.set(createHash('sha256').update(`block ${i}`).digest().subarray(0, Math.min(32, size - at)), at);
  return out;
});

const started = performance.now();
const value = await train(Number(sizeArg));
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ computed, ms, length: value.length, sha256: createHash('sha256').update(value).digest('hex') }));
