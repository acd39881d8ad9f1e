// Peak RSS of a large round trip, measured in a child process, beside that of a small one: what
// the store holds must not grow with the value.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, mbps, row, MiB } from './measure.js';

interface ChildReport {
  peakMiB: number;
  putMs: number;
  getMs: number;
}

function roundTrip(size: number): ChildReport {
  const child = fileURLToPath(new URL('./rss-child.mjs', import.meta.url));
  const out = execFileSync(process.execPath, [child, String(size)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as ChildReport;
}

export function benchMemory(size: number): void {
  const small = 256 * MiB;
  console.log(`\nmemory: round trips (put, then get) of generated streams, each in a plain node process on the built package`);
  const base = roundTrip(small);
  const big = roundTrip(size);
  row(`peak RSS of the whole process, ${fmt(small / MiB)} MiB value`, `${fmt(base.peakMiB)} MiB`);
  row(`peak RSS of the whole process, ${fmt(size / MiB / 1024, 1)} GiB value`, `${fmt(big.peakMiB)} MiB`);
  row(`put / get of the ${fmt(size / MiB / 1024, 1)} GiB stream (no fsync)`, `${fmt(mbps(size, big.putMs))} / ${fmt(mbps(size, big.getMs))} MB/s`);
}
