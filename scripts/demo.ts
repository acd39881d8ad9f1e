// `npm run demo`: put a generated value into a fresh local store, read it back verified, then
// store a copy with one byte inserted and show how little deduplication leaves to store.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeStore } from '@xetcache/core/node';
import { encodePointer } from '@xetcache/core';

const MiB = 1024 * 1024;
const size = 64 * MiB;
const dir = await mkdtemp(join(tmpdir(), 'xetcache-demo-'));
const fmt = (n: number) => n.toLocaleString('en-US');

function generate(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  const words = new Uint32Array(out.buffer);
  let x = 2463534242;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return out;
}

try {
  const store = await openNodeStore(dir);
  const value = generate(size);
  console.log(`store: ${dir}\n`);

  let t = performance.now();
  const first = await store.put(value);
  console.log(`put ${fmt(size)} bytes in ${(performance.now() - t).toFixed(0)} ms`);
  console.log(`  oid      ${first.oid}\n  xetHash  ${first.xetHash}\n  chunks   ${first.chunks}, new bytes ${fmt(first.newBytes)}`);
  console.log(`\ngit-LFS pointer:\n${encodePointer({ oid: first.oid, size: first.size })}`);

  t = performance.now();
  const back = await store.getBytes(first.oid);
  const ms = performance.now() - t;
  const same = Buffer.compare(back, value) === 0;
  console.log(`get: ${fmt(back.length)} bytes in ${ms.toFixed(0)} ms, every chunk verified, identical: ${same}`);

  const edited = new Uint8Array(size + 1);
  edited.set(value.subarray(0, size / 2));
  edited[size / 2] = 42;
  edited.set(value.subarray(size / 2), size / 2 + 1);
  const second = await store.put(edited);
  console.log(`\nput the same value with 1 byte inserted in the middle:`);
  console.log(`  ${second.newChunks} new chunk(s) of ${second.chunks}; ${fmt(second.newBytes)} new bytes stored`);

  const usage = await store.usage();
  const logical = first.size + second.size;
  console.log(`\nlogical ${fmt(logical)} bytes, stored ${fmt(usage.bytes)} bytes: dedup ratio ${(logical / usage.bytes).toFixed(2)}x`);
  const report = await store.verify();
  console.log(`verify: ${report.ok ? 'ok' : 'PROBLEMS'} (${report.chunks} chunks in ${report.packs} pack(s))`);
  if (!same || !report.ok) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
