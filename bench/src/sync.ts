// Push and pull through the hub, xetcache beside stock git-lfs: 1 GiB of fresh values pushed by
// one machine and pulled by another, then a 1% edit of every value pushed and pulled again; and a
// lazy clone of a project of 1000 entries with the first memo hit after it. One hub process;
// bytes are counted on the wire by a relay in front of it (requests, headers and bodies, both
// tools alike); each machine is its own HOME and XETCACHE_HOME; the two tools get different data
// of the same size, so neither finds the other's chunks on the hub.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from 'xetcache';
import { startByteCounter } from './byte-counter.js';
import { hubApi, runHub } from './hub-run.js';
import { benchLazyClone } from './lazy-clone.js';
import { fmt, mbps, row, MiB } from './measure.js';
import { gitLfsSide, xetcacheSide } from './sync-sides.js';
import { onTheWire, type Phase } from './sync-machine.js';

const VALUES = 64;
const VALUE_SIZE = 16 * MiB;
const TOTAL = VALUES * VALUE_SIZE;
const EDIT = Math.floor(VALUE_SIZE / 100);

const mb = (bytes: number) => `${fmt(bytes / 1e6, bytes < 10e6 ? 2 : 0)} MB`;
const secs = (ms: number) => `${fmt(ms / 1000, 1)} s`;

/** Two rows: xetcache's figures, then git-lfs's with xetcache's speed and bytes as ratios of them. */
function compare(what: string, size: number, direction: 'up' | 'down', ours: Phase, theirs: Phase): void {
  const verb = direction === 'up' ? 'sent' : 'received';
  const line = (p: Phase) => `${mb(p[direction])} ${verb} in ${secs(p.ms)} (${fmt(mbps(size, p.ms))} MB/s of data)`;
  row(`${what}: xetcache`, line(ours));
  row(`${what}: git-lfs`, line(theirs));
  row(`${what}: xetcache vs git-lfs`, `${fmt(theirs.ms / ours.ms, 2)}x the speed, ${fmt(ours[direction] / theirs[direction], 3)}x the bytes`);
}

export async function benchSync(): Promise<void> {
  console.log(`\npush and pull through the hub, xetcache vs stock git-lfs: ${VALUES} values of ${VALUE_SIZE / MiB} MiB (${TOTAL / MiB} MiB); bytes on the wire both ways`);
  const root = await mkdtemp(join(tmpdir(), 'xetcache-bench-sync-'));
  const adminToken = `xct_bench_${randomBytes(16).toString('hex')}`;
  const hub = await runHub(root, adminToken);
  const counter = await startByteCounter(hub.url);
  const opened: Runtime[] = [];
  try {
    const { token } = await hubApi(hub.url, adminToken, 'POST', '/api/users', { name: 'bench' });
    // Through the counter, so the `.lfsconfig` of each project's first commit names it for git-lfs.
    for (const name of ['bench/sync', 'bench/peer', 'bench/lazy']) await hubApi(counter.url, token, 'POST', '/api/projects', { name });

    const data = { values: VALUES, valueSize: VALUE_SIZE, edit: EDIT };
    const ours = await xetcacheSide({ root, hubUrl: counter.url, token, project: 'bench/sync', seed: 0x5eed01, data }, opened);
    const theirs = await gitLfsSide({ root, hubUrl: counter.url, token, project: 'bench/peer', seed: 0x5eed02, data });
    // Each step of one tool right beside the same step of the other, which goes first in turn,
    // so a change in the machine's load between steps weighs on both.
    const xPush = await onTheWire(counter, ours.push);
    const gPush = await onTheWire(counter, theirs.push);
    const gPull = await onTheWire(counter, theirs.cloneAndPull);
    const xPull = await onTheWire(counter, ours.cloneAndPull);
    await ours.edit();
    await theirs.edit();
    const xEditPush = await onTheWire(counter, ours.push);
    const gEditPush = await onTheWire(counter, theirs.push);
    const gEditPull = await onTheWire(counter, theirs.pull);
    const xEditPull = await onTheWire(counter, ours.pull);

    compare('push 1 GiB fresh', TOTAL, 'up', xPush, gPush);
    compare('clone + pull 1 GiB', TOTAL, 'down', xPull, gPull);
    compare('push after a 1% edit of every value', TOTAL, 'up', xEditPush, gEditPush);
    compare('pull after a 1% edit of every value', TOTAL, 'down', xEditPull, gEditPull);

    await benchLazyClone({ root, counter, token, project: 'bench/lazy', opened });
  } finally {
    for (const runtime of opened) await runtime.close().catch(() => {});
    await counter.close();
    await hub.stop();
    await rm(root, { recursive: true, force: true });
  }
}
