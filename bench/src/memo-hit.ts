// Memo hit latency: a memoised call whose result is stored, read back through memo(), beside
// npm's cacache reading the same serialized bytes by key. Small JSON value and a 100 MB value.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import cacache from 'cacache';
import { createMemoApi } from '@xetcache/core';
import { Runtime } from 'xetcache';
import { fmt, MiB, noise, row } from './measure.js';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function benchMemoHit(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'xetcache-bench-memo-'));
  try {
    const runtime = new Runtime(
      { vars: { XETCACHE_HOME: join(dir, 'home') }, homedir: dir, cwd: dir, user: 'bench', host: hostname(), pid: process.pid },
      { commitDelayMs: Infinity },
    );
    runtime.configure({ thresholdMs: 0 });
    const { memo } = createMemoApi(runtime);
    const cache = join(dir, 'cacache');

    const small = { model: 'resnet', params: { lr: 0.01, epochs: 10 }, scores: Array.from({ length: 20 }, (_, i) => i / 7) };
    const smallFn = memo((name: string) => ({ ...small, name }));
    await smallFn('a');
    const json = JSON.stringify({ ...small, name: 'a' });
    await cacache.put(cache, 'small', json);
    await timeEach(200, () => smallFn('a'));
    await timeEach(200, async () => JSON.parse((await cacache.get(cache, 'small')).data.toString()));
    const ours = await timeEach(2000, () => smallFn('a'));
    const theirs = await timeEach(2000, async () => JSON.parse((await cacache.get(cache, 'small')).data.toString()));
    const p50 = percentile(ours, 50);
    const peer50 = percentile(theirs, 50);
    row('memo hit, small JSON: p50 / p95', `${fmt(p50 * 1000)} / ${fmt(percentile(ours, 95) * 1000)} µs (cacache get+parse ${fmt(peer50 * 1000)} µs; ${fmt(peer50 / p50, 2)}x)`);

    const bigValue = noise(100 * MiB, 99);
    const bigFn = memo((seed: number) => (seed === 99 ? bigValue : new Uint8Array(0)));
    await bigFn(99);
    await cacache.put(cache, 'big', bigValue);
    const oursBig = await timeEach(5, () => bigFn(99));
    const theirsBig = await timeEach(5, () => cacache.get(cache, 'big'));
    const b = Math.min(...oursBig);
    const pb = Math.min(...theirsBig);
    row('memo hit, 100 MB bytes: best of 5', `${fmt(b)} ms (cacache get ${fmt(pb)} ms; ${fmt(pb / b, 2)}x)`);
    await runtime.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
