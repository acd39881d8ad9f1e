// Stock git and git-lfs against a real hub process, as a team would use it: clone an empty
// project, track, push files of 0 B to 300 MB, clone again byte for byte, fsck, lazy clone and
// `git lfs pull --include`, dedup of identical content, protocol v2 and chunked pushes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { addUser, createProject, startHubProcess, stats, type HubProcess } from './support/hub-process.js';
import { gitUser, type GitUser } from './support/git-user.js';
import { writeRandomFile } from './support/files.js';

// The issue's size; a push and a clone of it take a few seconds here.
const BIG = 300 * 1000 * 1000;

let hub: HubProcess;
let alice: GitUser;
let token: string;
const sizes: Record<string, number> = { 'empty.bin': 0, 'ten.bin': 10, 'three.bin': 3_000_000, 'big.bin': BIG };

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

before(async () => {
  hub = await startHubProcess();
  token = await addUser(hub, 'alice');
  await createProject(hub, token, 'alice/data');
  alice = await gitUser(hub.url, 'alice', token);
});

after(async () => {
  await hub?.stop();
  await rm(hub.root, { recursive: true, force: true });
  if (alice) await rm(alice.home, { recursive: true, force: true });
});

test('clone an empty project, track *.bin, push 0 B, 10 B, 3 MB and 300 MB files', async () => {
  await alice.git('.', 'clone', `${hub.url}/alice/data.git`, 'work');
  assert.deepEqual((await readdir(join(alice.home, 'work'))).sort(), ['.git', '.gitattributes', '.lfsconfig']);
  assert.equal((await alice.git('work', 'rev-parse', '--abbrev-ref', 'HEAD')).trim(), 'main');
  await alice.git('work', 'lfs', 'track', '*.bin');
  for (const [name, size] of Object.entries(sizes)) await writeRandomFile(join(alice.home, 'work', name), size);
  // The same content under a second path.
  await copyFile(join(alice.home, 'work', 'three.bin'), join(alice.home, 'work', 'three-again.bin'));
  // A plain file over git's 1 MiB post buffer, so the push body is sent chunked.
  await writeRandomFile(join(alice.home, 'work', 'plain.dat'), 2_000_000);
  await alice.git('work', 'add', '.');
  await alice.git('work', 'commit', '-q', '-m', 'data files');
  const push = await alice.run('work', ['push', 'origin', 'main'], { GIT_TRACE_CURL: '1', GIT_TRACE_CURL_NO_DATA: '1' });
  assert.equal(push.code, 0, push.stderr);
  assert.match(push.stderr, /POST \/alice\/data\.git\/git-receive-pack[\s\S]*Transfer-Encoding: chunked/, 'the pack went up chunked');

  // ten, three (once for both paths) and big; an empty file is not an LFS object.
  const s = await stats(hub);
  assert.equal(s.counters.uploads, 3);
  assert.equal(s.counters.uploadedBytes, 10 + 3_000_000 + BIG);
});

test('a fresh clone has the same bytes, and git lfs fsck is clean', async () => {
  await alice.git('.', 'clone', `${hub.url}/alice/data.git`, 'again');
  for (const name of [...Object.keys(sizes), 'three-again.bin', 'plain.dat']) {
    const a = join(alice.home, 'work', name);
    const b = join(alice.home, 'again', name);
    assert.equal((await stat(b)).size, (await stat(a)).size, name);
    assert.equal(await sha256File(b), await sha256File(a), name);
  }
  assert.match(await alice.git('again', 'lfs', 'fsck'), /Git LFS fsck OK/);
  const files = await alice.git('again', 'lfs', 'ls-files', '--name-only');
  assert.deepEqual(files.trim().split('\n').sort(), ['big.bin', 'ten.bin', 'three-again.bin', 'three.bin']);
});

test('content the hub has is not uploaded again, under any path', async () => {
  const before = (await stats(hub)).counters.uploads;
  await copyFile(join(alice.home, 'again', 'big.bin'), join(alice.home, 'again', 'big-copy.bin'));
  await alice.git('again', 'add', 'big-copy.bin');
  await alice.git('again', 'commit', '-q', '-m', 'same bytes, new path');
  await alice.git('again', 'push', '-q', 'origin', 'main');
  assert.equal((await stats(hub)).counters.uploads, before);
});

test('a clone with GIT_LFS_SKIP_SMUDGE=1 downloads nothing; git lfs pull --include fetches only that file', async () => {
  const downloads = (await stats(hub)).counters.downloads;
  const r = await alice.run('.', ['clone', `${hub.url}/alice/data.git`, 'lazy'], { GIT_LFS_SKIP_SMUDGE: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await stats(hub)).counters.downloads, downloads);
  assert.match(await readFile(join(alice.home, 'lazy', 'big.bin'), 'utf8'), /^version https:\/\/git-lfs.github.com\/spec\/v1\n/);

  await alice.git('lazy', 'lfs', 'pull', '--include', 'ten.bin');
  assert.deepEqual(await readFile(join(alice.home, 'lazy', 'ten.bin')), await readFile(join(alice.home, 'work', 'ten.bin')));
  assert.match(await readFile(join(alice.home, 'lazy', 'three.bin'), 'utf8'), /^version https:\/\/git-lfs/);
  assert.equal((await stats(hub)).counters.downloads, downloads + 1);
  const objects = await alice.git('lazy', 'lfs', 'ls-files');
  assert.match(objects, / \* ten\.bin/);
  assert.match(objects, / - big\.bin/);
});

test('fetches speak protocol v2', async () => {
  await writeFile(join(alice.home, 'again', 'note.txt'), 'v2\n');
  await alice.git('again', 'add', 'note.txt');
  await alice.git('again', 'commit', '-q', '-m', 'note');
  await alice.git('again', 'push', '-q', 'origin', 'main');
  const r = await alice.run('work', ['-c', 'protocol.version=2', 'ls-remote', 'origin', 'main'], { GIT_TRACE_PACKET: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /packet: +git< version 2/);
  await alice.git('work', '-c', 'protocol.version=2', 'pull', '-q', '--ff-only');
  assert.equal(await readFile(join(alice.home, 'work', 'note.txt'), 'utf8'), 'v2\n');
});

test('git-upload-pack takes a gzip request body, as git sends requests over 1 KiB', async () => {
  const head = (await alice.git('work', 'rev-parse', 'HEAD')).trim();
  const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
  const body = gzipSync(`${pkt(`want ${head}\n`)}0000${pkt('done\n')}`);
  const res = await fetch(`${hub.url}/alice/data.git/git-upload-pack`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`alice:${token}`).toString('base64')}`,
      'content-type': 'application/x-git-upload-pack-request',
      'content-encoding': 'gzip',
    },
    body,
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/x-git-upload-pack-result');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 8).toString(), '0008NAK\n');
  assert.equal(bytes.subarray(8, 12).toString(), 'PACK');
});
