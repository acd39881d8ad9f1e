// Push and pull through the hub, xetcache beside stock git-lfs: 1 GiB of fresh values pushed by
// one machine and pulled by another, then a 1% edit of every value pushed and pulled again; and a
// lazy clone of a project of 1000 entries with the first memo hit after it. One hub process;
// bytes are counted on the wire by a relay in front of it (requests, headers and bodies, both
// tools alike); each machine is its own HOME and XETCACHE_HOME; the two tools get different data
// of the same size, so neither finds the other's chunks on the hub.

import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneInto, hubHttp, pullAll, pushAll, type Runtime } from 'xetcache';
import { startByteCounter } from './byte-counter.js';
import { gitLfsUser } from './git-lfs-user.js';
import { hubApi, runHub } from './hub-run.js';
import { benchLazyClone } from './lazy-clone.js';
import { fmt, mbps, noise, row, MiB } from './measure.js';
import { machine, onTheWire, type Phase } from './sync-machine.js';

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

function editOf(value: Uint8Array, seed: number): Uint8Array {
  const edited = value.slice();
  edited.set(noise(EDIT, seed), VALUE_SIZE / 2);
  return edited;
}

async function writeFileBytes(path: string, bytes: Uint8Array, at = 0): Promise<void> {
  const handle = await open(path, at === 0 ? 'w' : 'r+');
  try {
    await handle.write(bytes, 0, bytes.length, at);
  } finally {
    await handle.close();
  }
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

    // xetcache: alice puts 64 entries and pushes; bob clones eagerly (every value comes down).
    let data: Uint8Array | undefined = noise(TOTAL, 0x5eed01);
    const value = (i: number) => data!.subarray(i * VALUE_SIZE, (i + 1) * VALUE_SIZE);
    const alice = machine(root, 'alice', counter.url, token);
    const bob = machine(root, 'bob', counter.url, token);
    opened.push(alice, bob);
    alice.setProject('bench/sync');
    const aliceStore = await alice.store();
    for (let i = 0; i < VALUES; i++) await aliceStore.put(`value-${i}`, value(i));
    await aliceStore.flush();
    const aliceRemote = (await alice.remote())!;
    const xPush = await onTheWire(counter, () => pushAll(aliceStore, alice.project().dir, aliceRemote, alice.author()));
    const url = `${counter.url}/bench/sync.git`;
    const bobDir = join(root, 'bob', 'sync');
    let bobPulled = 0;
    const xPull = await onTheWire(counter, async () => {
      await cloneInto({ http: hubHttp(bob.auth(), url) }, url, bobDir, false);
      bobPulled = (await pullAll(await bob.store(bobDir), bobDir, (await bob.remote(bobDir))!, bob.author())).values;
    });
    if (bobPulled !== VALUES) throw new Error(`bob's clone brought ${bobPulled} values, not ${VALUES}`);
    for (let i = 0; i < VALUES; i++) await aliceStore.put(`value-${i}`, editOf(value(i), 0xed17 + i));
    data = undefined;
    await aliceStore.flush();
    const xEditPush = await onTheWire(counter, () => pushAll(aliceStore, alice.project().dir, aliceRemote, alice.author()));
    const xEditPull = await onTheWire(counter, async () => {
      bobPulled = (await pullAll(await bob.store(bobDir), bobDir, (await bob.remote(bobDir))!, bob.author())).values;
    });
    if (bobPulled !== VALUES) throw new Error(`bob's pull brought ${bobPulled} edited values, not ${VALUES}`);

    // git-lfs: the same steps with other data of the same size, in files tracked by git-lfs.
    const lfsAlice = await gitLfsUser(join(root, 'lfs-alice'), counter.url, 'bench', token);
    const lfsBob = await gitLfsUser(join(root, 'lfs-bob'), counter.url, 'bench', token);
    const peerUrl = `${counter.url}/bench/peer.git`;
    const work = join(root, 'lfs-alice', 'work');
    await lfsAlice(root, ['clone', '-q', peerUrl, work]);
    await lfsAlice(work, ['lfs', 'track', '*.bin']);
    data = noise(TOTAL, 0x5eed02);
    for (let i = 0; i < VALUES; i++) await writeFileBytes(join(work, `v${i}.bin`), value(i));
    await lfsAlice(work, ['add', '.']);
    await lfsAlice(work, ['commit', '-q', '-m', 'values']);
    const gPush = await onTheWire(counter, () => lfsAlice(work, ['push', '-q', 'origin', 'main']));
    const pulled = join(root, 'lfs-bob', 'work');
    // The download into git-lfs's object store, as xetcache's pull fills its store; a checkout
    // into the working tree would come on top.
    const skip = { GIT_LFS_SKIP_SMUDGE: '1' };
    const gPull = await onTheWire(counter, async () => {
      await lfsBob(root, ['clone', '-q', peerUrl, pulled], skip);
      await lfsBob(pulled, ['lfs', 'fetch'], skip);
    });
    for (let i = 0; i < VALUES; i++) await writeFileBytes(join(work, `v${i}.bin`), noise(EDIT, 0xed17 + VALUES + i), VALUE_SIZE / 2);
    data = undefined;
    await lfsAlice(work, ['commit', '-q', '-a', '-m', 'edit 1% of each value']);
    const gEditPush = await onTheWire(counter, () => lfsAlice(work, ['push', '-q', 'origin', 'main']));
    const gEditPull = await onTheWire(counter, async () => {
      await lfsBob(pulled, ['pull', '-q'], skip);
      await lfsBob(pulled, ['lfs', 'fetch'], skip);
    });

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
