// Peak RSS of a large round trip, measured in a child process.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, mbps, row, MiB } from './measure.js';

export function benchMemory(size: number): void {
  console.log(`\nmemory: ${fmt(size / MiB / 1024, 1)} GiB round trip (put, then get) in a child process`);
  const child = fileURLToPath(new URL('./rss-child.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', child, String(size)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const { peakMiB, putMs, getMs } = JSON.parse(out) as { peakMiB: number; putMs: number; getMs: number };
  row('peak RSS of the whole process', `${fmt(peakMiB)} MiB`);
  row('put / get of the generated stream (no fsync)', `${fmt(mbps(size, putMs))} / ${fmt(mbps(size, getMs))} MB/s`);
}
