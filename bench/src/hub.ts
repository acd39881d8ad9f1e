// The hub with stock git-lfs: push and pull of 1 GiB in 32 files (MB/s), on the hub's filesystem
// storage and on S3 storage (s3rver on this machine, in this process), and what the hub stores
// after a 1% edit of every file is pushed. git-lfs uploads each edited file whole; the hub chunks
// it and keeps only new chunks, where a plain LFS server keeps every edited file again (100%).
// The hub runs as its own process from its build (`npm run bench` builds first), as users run it.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3Server } from '@xetcache/hub/testing/s3-server';
import { fmt, mbps, row, MiB } from './measure.js';
import { hubApi as api, runHub as startHub, type RunningHub as Hub } from './hub-run.js';

const FILES = 32;
const FILE_SIZE = 32 * MiB;
const EDIT = Math.floor(FILE_SIZE / 100);


function git(home: string, cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: home, GIT_TERMINAL_PROMPT: '0', ...env }, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`git ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    );
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function writeRandom(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let left = size; left > 0; left -= 8 * MiB) await handle.write(randomBytes(Math.min(left, 8 * MiB)));
  } finally {
    await handle.close();
  }
}

/** Overwrite a contiguous 1% in the middle of the file. */
async function editOnePercent(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(randomBytes(EDIT), 0, EDIT, FILE_SIZE / 2);
  } finally {
    await handle.close();
  }
}

interface PushPull {
  push: number;
  fetch: number;
  checkout: number;
  /** The pushed work tree. */
  work: string;
  home: string;
}

/**
 * On a fresh hub: a user and a project, a clone with `*.bin` tracked, the files put in by `fill`,
 * then a timed `git push`, and a timed `git lfs fetch` and `git lfs checkout` in a second clone.
 */
async function pushAndPull(hub: Hub, root: string, adminToken: string, fill: (work: string) => Promise<void>): Promise<PushPull> {
  const { token } = await api(hub.url, adminToken, 'POST', '/api/users', { name: 'bench' });
  await api(hub.url, token, 'POST', '/api/projects', { name: 'bench/data' });
  const home = join(root, 'home');
  const credentials = join(home, '.git-credentials');
  await mkdir(home);
  await writeFile(join(home, '.gitconfig'), `[user]\n\tname = bench\n\temail = bench@example.com\n[credential]\n\thelper = store --file=${credentials}\n`);
  await writeFile(credentials, `http://bench:${token}@${new URL(hub.url).host}\n`, { mode: 0o600 });
  await git(home, home, ['lfs', 'install', '--skip-repo']);
  const repo = `${hub.url}/bench/data.git`;

  const work = join(home, 'work');
  await git(home, home, ['clone', '-q', repo, work]);
  await git(home, work, ['lfs', 'track', '*.bin']);
  await fill(work);
  await git(home, work, ['add', '.']);
  await git(home, work, ['commit', '-q', '-m', 'data']);
  const push = await timed(() => git(home, work, ['push', '-q', 'origin', 'main']));

  const pulled = join(home, 'pulled');
  await git(home, home, ['clone', '-q', repo, pulled], { GIT_LFS_SKIP_SMUDGE: '1' });
  // `git lfs pull` is fetch (the download) then checkout (files written into the work tree).
  const fetch = await timed(() => git(home, pulled, ['lfs', 'fetch']));
  const checkout = await timed(() => git(home, pulled, ['lfs', 'checkout']));
  await rm(pulled, { recursive: true, force: true });
  return { push, fetch, checkout, work, home };
}

/** The same push and pull with the hub on S3 storage: s3rver on 127.0.0.1, its files in `root`. */
async function pushAndPullOnS3(root: string, adminToken: string, files: string[]): Promise<PushPull> {
  const s3 = await startS3Server({ enforceIfNoneMatch: true });
  try {
    const hub = await startHub(root, adminToken, s3.env('bench'));
    try {
      return await pushAndPull(hub, root, adminToken, async (work) => {
        for (const file of files) await copyFile(file, join(work, file.slice(file.lastIndexOf('/') + 1)));
      });
    } finally {
      await hub.stop();
    }
  } finally {
    await s3.close();
  }
}

export async function benchHub(): Promise<void> {
  const total = FILES * FILE_SIZE;
  console.log(`\nhub with stock git-lfs, ${FILES} files of ${FILE_SIZE / MiB} MiB (${total / MiB} MiB), hub and git on this machine`);
  const root = await mkdtemp(join(tmpdir(), 'xetcache-bench-hub-'));
  const adminToken = `xct_bench_${randomBytes(16).toString('hex')}`;
  const fsRoot = join(root, 'fs');
  await mkdir(fsRoot);
  const hub = await startHub(fsRoot, adminToken);
  try {
    const names = Array.from({ length: FILES }, (_, i) => `f${i}.bin`);
    const run = await pushAndPull(hub, fsRoot, adminToken, async (work) => {
      for (const name of names) await writeRandom(join(work, name), FILE_SIZE);
    });
    const { home, work } = run;
    row('push 1 GiB (git push, git-lfs uploads)', `${fmt(mbps(total, run.push))} MB/s`);
    row('pull 1 GiB: git lfs fetch (the download)', `${fmt(mbps(total, run.fetch))} MB/s`);
    row('pull 1 GiB: git lfs pull (fetch, then checkout)', `${fmt(mbps(total, run.fetch + run.checkout))} MB/s`);

    // The same files, the hub on S3 storage instead of its data directory.
    const s3Root = join(root, 's3');
    await mkdir(s3Root);
    const s3 = await pushAndPullOnS3(s3Root, adminToken, names.map((name) => join(work, name)));
    await rm(s3Root, { recursive: true, force: true });
    row('push 1 GiB, S3 storage (s3rver)', `${fmt(mbps(total, s3.push))} MB/s`);
    row('pull 1 GiB: git lfs fetch, S3 storage (s3rver)', `${fmt(mbps(total, s3.fetch))} MB/s`);
    row('pull 1 GiB: git lfs pull, S3 storage (s3rver)', `${fmt(mbps(total, s3.fetch + s3.checkout))} MB/s`);

    const before = (await api(hub.url, adminToken, 'GET', '/api/stats')).storage.bytes as number;
    for (let i = 0; i < FILES; i++) await editOnePercent(join(work, `f${i}.bin`));
    await git(home, work, ['commit', '-q', '-a', '-m', 'edit 1% of each file']);
    await git(home, work, ['push', '-q', 'origin', 'main']);
    const after = (await api(hub.url, adminToken, 'GET', '/api/stats')).storage.bytes as number;
    const added = after - before;
    row('1% edit of every file: git-lfs uploads', `${fmt(total / 1e6)} MB (every edited file, whole)`);
    row('1% edit of every file: the hub stores', `${fmt(added / 1e6, 1)} MB (${fmt((100 * added) / total, 2)}% of the data)`);
    row('1% edit of every file: a plain LFS server stores', `${fmt(total / 1e6)} MB (100%)`);
  } finally {
    await hub.stop();
    await rm(root, { recursive: true, force: true });
  }
}
