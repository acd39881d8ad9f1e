// The two sides of the sync bench, each set up with 1 GiB of its own values and then driven step
// by step: a push of them, a clone and pull by another machine, a 1% edit of every value (not
// timed), a push of the edit and a pull of it by the other machine.

import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { cloneInto, hubHttp, pullAll, pushAll, type Runtime } from 'xetcache';
import { gitLfsUser } from './git-lfs-user.js';
import { noise } from './measure.js';
import { machine } from './sync-machine.js';

export interface SyncData {
  values: number;
  valueSize: number;
  /** Bytes overwritten in the middle of each value by the edit. */
  edit: number;
}

/** The edit of value `i`: seeds apart from every side's data and from each other. */
const editSeed = (seed: number, i: number) => (seed * 4096 + 1 + i) >>> 0;

export interface SyncSide {
  push(): Promise<void>;
  cloneAndPull(): Promise<void>;
  edit(): Promise<void>;
  pull(): Promise<void>;
}

export interface SideSetup {
  root: string;
  hubUrl: string;
  token: string;
  /** An empty hub project. */
  project: string;
  seed: number;
  data: SyncData;
}

/** xetcache: alice puts entries and pushes; bob clones eagerly, so every value comes down. */
export async function xetcacheSide(setup: SideSetup, opened: Runtime[]): Promise<SyncSide> {
  const { root, hubUrl, token, project, seed, data } = setup;
  const bytes = noise(data.values * data.valueSize, seed);
  const value = (i: number) => bytes.subarray(i * data.valueSize, (i + 1) * data.valueSize);
  const alice = machine(root, 'alice', hubUrl, token);
  const bob = machine(root, 'bob', hubUrl, token);
  opened.push(alice, bob);
  alice.setProject(project);
  const store = await alice.store();
  for (let i = 0; i < data.values; i++) await store.put(`value-${i}`, value(i));
  await store.flush();
  const remote = (await alice.remote())!;
  const url = `${hubUrl}/${project}.git`;
  const bobDir = join(root, 'bob', 'sync');
  const bobPull = async (what: string) => {
    const got = (await pullAll(await bob.store(bobDir), bobDir, (await bob.remote(bobDir))!, bob.author())).values;
    if (got !== data.values) throw new Error(`bob's ${what} brought ${got} values, not ${data.values}`);
  };
  return {
    push: async () => void (await pushAll(store, alice.project().dir, remote, alice.author())),
    cloneAndPull: async () => {
      await cloneInto({ http: hubHttp(bob.auth(), url) }, url, bobDir, false);
      await bobPull('clone');
    },
    edit: async () => {
      for (let i = 0; i < data.values; i++) {
        const edited = value(i).slice();
        edited.set(noise(data.edit, editSeed(seed, i)), data.valueSize / 2);
        await store.put(`value-${i}`, edited);
      }
      await store.flush();
    },
    pull: () => bobPull('pull'),
  };
}

async function writeAt(path: string, bytes: Uint8Array, at: number): Promise<void> {
  const handle = await open(path, at === 0 ? 'w' : 'r+');
  try {
    await handle.write(bytes, 0, bytes.length, at);
  } finally {
    await handle.close();
  }
}

/**
 * Stock git-lfs: alice commits files tracked by git-lfs and pushes; bob clones without checkout
 * and runs `git lfs fetch`, the download into git-lfs's object store as xetcache's pull fills its
 * store (a checkout into the working tree would come on top).
 */
export async function gitLfsSide(setup: SideSetup): Promise<SyncSide> {
  const { root, hubUrl, token, project, seed, data } = setup;
  const alice = await gitLfsUser(join(root, 'lfs-alice'), hubUrl, 'bench', token);
  const bob = await gitLfsUser(join(root, 'lfs-bob'), hubUrl, 'bench', token);
  const url = `${hubUrl}/${project}.git`;
  const work = join(root, 'lfs-alice', 'work');
  const pulled = join(root, 'lfs-bob', 'work');
  const skip = { GIT_LFS_SKIP_SMUDGE: '1' };
  await alice(root, ['clone', '-q', url, work]);
  await alice(work, ['lfs', 'track', '*.bin']);
  const bytes = noise(data.values * data.valueSize, seed);
  for (let i = 0; i < data.values; i++) await writeAt(join(work, `v${i}.bin`), bytes.subarray(i * data.valueSize, (i + 1) * data.valueSize), 0);
  await alice(work, ['add', '.']);
  await alice(work, ['commit', '-q', '-m', 'values']);
  return {
    push: async () => void (await alice(work, ['push', '-q', 'origin', 'main'])),
    cloneAndPull: async () => {
      await bob(root, ['clone', '-q', url, pulled], skip);
      await bob(pulled, ['lfs', 'fetch'], skip);
    },
    edit: async () => {
      for (let i = 0; i < data.values; i++) await writeAt(join(work, `v${i}.bin`), noise(data.edit, editSeed(seed, i)), data.valueSize / 2);
      await alice(work, ['commit', '-q', '-a', '-m', 'edit 1% of each value']);
    },
    pull: async () => {
      await bob(pulled, ['pull', '-q'], skip);
      await bob(pulled, ['lfs', 'fetch'], skip);
    },
  };
}
